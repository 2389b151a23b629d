import type { Product } from '@focal/sdk-core/contracts';
import type { Random } from './prng.js';
import { shopPrice, stock } from './catalog-frames.js';
import {
  CONTACT_BRANDS, CONTACT_PACKS, CONTACT_TYPES, COATING_PRICE, LENS_BRANDS, LENS_COATINGS, LENS_INDEXES,
  LENS_INDEX_FACTOR, LENS_TYPES, LENS_TYPE_PRICE,
} from './vocabulary.js';

/** Every (brand, type, index, coating) combination of prescription lenses, in a fixed order. */
const LENS_COMBOS = LENS_BRANDS.flatMap((brand, b) =>
  LENS_TYPES.flatMap((type) =>
    LENS_INDEXES.flatMap((index, i) => LENS_COATINGS.map((coating) => ({ brand, brandTier: b, type, index, i, coating })))));

/**
 * A pair of prescription lenses: type (single vision, varifocal…), index and coating. `n` picks the combination;
 * beyond the combinations, editions repeat with a suffix.
 */
export function makeLens(rng: Random, id: string, n: number): Product {
  const combo = LENS_COMBOS[n % LENS_COMBOS.length];
  const edition = Math.floor(n / LENS_COMBOS.length);
  const base = LENS_TYPE_PRICE[combo.type] * LENS_INDEX_FACTOR[combo.i] + COATING_PRICE[combo.coating];
  const price = shopPrice(base * (1 + 0.15 * combo.brandTier), rng);
  const typeLabel = combo.type === 'single-vision' ? 'single vision' : combo.type;
  return {
    id,
    title: `${combo.brand} ${typeLabel} lenses ${combo.index.toFixed(2)} with ${combo.coating.replace('-', ' ')} coating${edition ? ` (edition ${edition + 1})` : ''}`,
    url: `/products/${id}`,
    image: `/img/${id}.svg`,
    price,
    currency: 'EUR',
    categoryPath: ['Lenses', 'Prescription lenses'],
    brand: combo.brand,
    attributes: { lensType: combo.type, index: combo.index, coating: combo.coating },
    inStock: true,
  };
}

const COATING_ADDONS = [
  { coating: 'anti-reflective', title: 'Anti-reflective coating upgrade', price: 29 },
  { coating: 'blue-light', title: 'Blue-light filter upgrade', price: 39 },
  { coating: 'photochromic', title: 'Photochromic (light-adaptive) upgrade', price: 79 },
  { coating: 'scratch-resistant', title: 'Scratch-resistant hard coat', price: 15 },
  { coating: 'hydrophobic', title: 'Water- and smudge-repellent coating', price: 19 },
  { coating: 'tint', title: 'Sun tint for prescription lenses', price: 35 },
] as const;

/** A coating added to prescription lenses. */
export function makeCoating(rng: Random, id: string, n: number): Product {
  const addon = COATING_ADDONS[n % COATING_ADDONS.length];
  const brand = LENS_BRANDS[Math.floor(n / COATING_ADDONS.length) % LENS_BRANDS.length];
  return {
    id,
    title: `${brand} ${addon.title}`,
    url: `/products/${id}`,
    image: `/img/${id}.svg`,
    price: shopPrice(addon.price * (1 + 0.1 * rng.int(3)), rng),
    currency: 'EUR',
    categoryPath: ['Lenses', 'Coatings'],
    brand,
    attributes: { coating: addon.coating },
    inStock: true,
  };
}

/** A box of contact lenses: replacement schedule, lens type, lenses per box and `packDays` (how long a box lasts). */
export function makeContact(rng: Random, id: string): Product {
  const pack = CONTACT_PACKS[rng.weighted([0.32, 0.12, 0.26, 0.1, 0.2])];
  const brand = rng.pick(CONTACT_BRANDS);
  const lensType = CONTACT_TYPES[rng.weighted([0.7, 0.2, 0.1])];
  const line = rng.pick(['Comfort', 'Moist', 'Plus', 'HydraGel', 'Pro', 'Air']);
  const [low, high] = pack.price;
  const surcharge = lensType === 'spherical' ? 1 : lensType === 'toric' ? 1.25 : 1.4;
  return {
    id,
    title: `${brand} ${line} ${pack.replacement.toLowerCase()} ${lensType} contact lenses, ${pack.lenses} pack`,
    url: `/products/${id}`,
    image: `/img/${id}.svg`,
    price: shopPrice(rng.range(low, high) * surcharge, rng),
    currency: 'EUR',
    categoryPath: ['Contact lenses', pack.replacement],
    brand,
    attributes: {
      replacement: pack.replacement.toLowerCase(), lensType, lenses: pack.lenses, packDays: pack.packDays,
    },
    ...stock(rng, 0.03),
  };
}
