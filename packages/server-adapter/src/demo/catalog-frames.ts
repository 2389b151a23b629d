import type { Product } from '@focal/sdk-core/contracts';
import type { Random } from './prng.js';
import {
  BAND_MATERIALS, BAND_PRICES, FRAME_BRANDS, FRAME_COLOURS, FRAME_SHAPES, FRAME_WIDTHS, GENDERS, MODEL_NAMES,
  PRICE_BANDS, SUN_TINTS, type PriceBand,
} from './vocabulary.js';

/** Rounds a price to a shop price ending in .00 or .95, e.g. 129 or 84.95. */
export function shopPrice(value: number, rng: Random): number {
  const whole = Math.max(1, Math.round(value));
  return rng.chance(0.5) ? whole : Number((whole - 0.05).toFixed(2));
}

/** Title-cases a vocabulary word: `cat-eye` → `Cat-eye`, `rose-gold` → `Rose gold`. */
export function label(word: string): string {
  const text = word === 'cat-eye' ? word : word.replace(/-/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const BAND_WEIGHTS = [0.3, 0.4, 0.2, 0.1];

/** Frames lean towards certain shapes: aviators are mostly sunglasses, browlines mostly optical. */
function shapeWeights(sun: boolean): number[] {
  return FRAME_SHAPES.map((s) => (s === 'aviator' ? (sun ? 3 : 0.6) : s === 'browline' ? (sun ? 0.5 : 1.2) : 1));
}

/** Stock state: a few % out of stock, otherwise a unit count. */
export function stock(rng: Random, outRate = 0.04): Pick<Product, 'inStock' | 'stockQuantity'> {
  if (rng.chance(outRate)) return { inStock: false, stockQuantity: 0 };
  return { inStock: true, stockQuantity: 1 + rng.int(60) };
}

/** One optical frame or pair of sunglasses with shape, material, colour, gender, width and price band. */
export function makeFrame(rng: Random, id: string, sun: boolean): Product {
  const band: PriceBand = PRICE_BANDS[rng.weighted(BAND_WEIGHTS)];
  const shape = FRAME_SHAPES[rng.weighted(shapeWeights(sun))];
  const material = rng.pick(BAND_MATERIALS[band]);
  const colour = rng.pick(FRAME_COLOURS);
  const gender = GENDERS[rng.weighted([0.42, 0.36, 0.22])];
  const brand = rng.pick(FRAME_BRANDS);
  const model = rng.pick(MODEL_NAMES);
  const [low, high] = BAND_PRICES[band];
  const price = shopPrice(rng.range(low, high) + (sun ? 10 : 0), rng);
  const attributes: Record<string, string | number | boolean> = {
    shape, material, colour, gender, priceBand: band, frameWidth: rng.pick(FRAME_WIDTHS),
  };
  if (sun) {
    attributes.lensTint = rng.pick(SUN_TINTS);
    attributes.polarized = rng.chance(0.45);
    attributes.uvProtection = 'UV400';
  }
  const kind = sun ? 'sunglasses' : 'optical frame';
  return {
    id,
    title: `${brand} ${model} ${label(shape).toLowerCase()} ${kind} in ${label(colour).toLowerCase()}`,
    url: `/products/${id}`,
    image: `/img/${id}.svg`,
    price,
    currency: 'EUR',
    categoryPath: ['Frames', sun ? 'Sunglasses' : 'Optical frames', label(shape)],
    brand,
    attributes,
    ...stock(rng),
  };
}
