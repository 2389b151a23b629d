import type { Product } from '@focal/sdk-core/contracts';
import { demandAt, type DemoCatalog, type Kind } from './catalog.js';
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

/** How acceptable a product's price band is to a shopper (1 = their band; lower the more price-sensitive they are). */
export function bandFit(product: Product, shopper: Shopper): number {
  const band = BAND_INDEX.get(product.attributes?.priceBand);
  if (band === undefined) return 1;
  let fits = FITS.get(shopper);
  if (!fits) {
    fits = BAND_FIT.map((fit) => Math.pow(fit, shopper.priceSensitivity));
    FITS.set(shopper, fits);
  }
  return fits[Math.abs(band - shopper.band)];
}

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
  const list = sameShape && rng.chance(0.72) ? sameShape : catalog.byKind[focus.kind];
  return drawFrom(list, rng, (p) => {
    const a = p.attributes ?? {};
    return demandAt(catalog, p, phase)
      * (a.material === focus.material ? 2.5 : 1)
      * (a.colour === focus.colour ? 2.5 : 1)
      * genderFit(p, shopper) * bandFit(p, shopper);
  });
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
