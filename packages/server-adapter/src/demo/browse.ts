import type { Product } from '@focal/sdk-core/contracts';
import { launchFactor, type DemoCatalog, type Kind } from './catalog.js';
import type { Random } from './prng.js';
import type { Shopper } from './shoppers.js';
import { PRICE_BANDS, type Colour, type Material, type Shape } from './vocabulary.js';

/** What a frames or sunglasses session is looking for; usually the shopper's own style, sometimes something new. */
export interface Focus {
  kind: 'frame' | 'sunglasses';
  shape: Shape;
  material: Material;
  colour: Colour;
}

const BAND_FIT = [1, 0.4, 0.12, 0.04];
const BAND_INDEX = new Map<unknown, number>(PRICE_BANDS.map((band, i) => [band, i]));
const FITS = new WeakMap<Shopper, number[]>();

function bandFits(shopper: Shopper): number[] {
  let fits = FITS.get(shopper);
  if (!fits) {
    fits = BAND_FIT.map((fit) => Math.pow(fit, shopper.priceSensitivity));
    FITS.set(shopper, fits);
  }
  return fits;
}

/** How acceptable a product's price band is to a shopper (1 = their band; lower the more price-sensitive they are). */
export function bandFit(product: Product, shopper: Shopper): number {
  const band = BAND_INDEX.get(product.attributes?.priceBand);
  return band === undefined ? 1 : bandFits(shopper)[Math.abs(band - shopper.band)];
}

/** The first (most popular) products of a list as columns, so browsing draws are tight numeric loops. */
interface FrameTable {
  items: Product[];
  popularity: Float64Array;
  /** Launch phase of new arrivals, NaN for the others. */
  launch: Float64Array;
  band: Int8Array;
  gender: string[];
  material: string[];
  colour: string[];
}

const TABLES = new WeakMap<readonly Product[], FrameTable>();
const BROWSE_CAP = 300;

function frameTable(list: readonly Product[], catalog: DemoCatalog): FrameTable {
  let table = TABLES.get(list);
  if (table) return table;
  const items = list.slice(0, BROWSE_CAP);
  table = {
    items,
    popularity: Float64Array.from(items, (p) => catalog.popularity.get(p.id)!),
    launch: Float64Array.from(items, (p) => catalog.launch.get(p.id) ?? NaN),
    band: Int8Array.from(items, (p) => BAND_INDEX.get(p.attributes?.priceBand) ?? -1),
    gender: items.map((p) => String(p.attributes?.gender ?? 'unisex')),
    material: items.map((p) => String(p.attributes?.material ?? '')),
    colour: items.map((p) => String(p.attributes?.colour ?? '')),
  };
  TABLES.set(list, table);
  return table;
}

let scratch = new Float64Array(BROWSE_CAP);

/** Whether a frame is cut for this shopper (their gender or unisex). */
export function genderFit(product: Product, shopper: Shopper): number {
  const g = product.attributes?.gender;
  return g === undefined || g === 'unisex' || g === shopper.gender ? 1 : 0.12;
}

/** Weighted draw from `list` (capped at its first `cap` items, which are the most popular). */
export function drawFrom(list: readonly Product[], rng: Random, weight: (p: Product) => number, cap = 300): Product {
  const n = Math.min(list.length, cap);
  const weights = new Array<number>(n);
  for (let i = 0; i < n; i++) weights[i] = weight(list[i]);
  return list[rng.weighted(weights)];
}

/**
 * The next frame a shopper opens while browsing: mostly within the session's focus shape, weighted by demand,
 * material and colour match, fit and price; sometimes anything of the kind.
 */
export function pickStyled(catalog: DemoCatalog, rng: Random, focus: Focus, shopper: Shopper, phase: number): Product {
  const sameShape = catalog.byShape.get(`${focus.kind}:${focus.shape}`);
  const t = frameTable(sameShape && rng.chance(0.72) ? sameShape : catalog.byKind[focus.kind], catalog);
  const fits = bandFits(shopper);
  const n = t.items.length;
  if (scratch.length < n) scratch = new Float64Array(n);
  const weights = scratch.subarray(0, n);
  for (let i = 0; i < n; i++) {
    let w = t.popularity[i];
    const launch = t.launch[i];
    if (launch === launch) w *= launchFactor(launch, phase);
    if (t.material[i] === focus.material) w *= 2.5;
    if (t.colour[i] === focus.colour) w *= 2.5;
    const gender = t.gender[i];
    if (gender !== 'unisex' && gender !== shopper.gender) w *= 0.12;
    const band = t.band[i];
    if (band >= 0) w *= fits[Math.abs(band - shopper.band)];
    weights[i] = w;
  }
  return t.items[rng.weighted(weights)];
}

/** A product of `kind` by demand (and, for lenses, the shopper's prescription type). */
export function pickOfKind(catalog: DemoCatalog, rng: Random, kind: Kind, shopper: Shopper): Product {
  const list = catalog.byKind[kind];
  return drawFrom(list, rng, (p) => {
    let w = catalog.popularity.get(p.id)! * (p.inStock ? 1 : 0.2);
    if (kind === 'lens') w *= p.attributes?.lensType === shopper.lensType ? 6 : 0.3;
    return w;
  });
}

/** A session's focus: the shopper's style three times in four, otherwise a new look to explore. */
export function sessionFocus(rng: Random, shopper: Shopper, kind: Focus['kind'], shapes: readonly Shape[],
  materials: readonly Material[], colours: readonly Colour[]): Focus {
  const own = rng.chance(0.75);
  return {
    kind,
    shape: own ? shopper.shape : rng.pick(shapes),
    material: own || rng.chance(0.5) ? shopper.material : rng.pick(materials),
    colour: own || rng.chance(0.4) ? shopper.colour : rng.pick(colours),
  };
}
