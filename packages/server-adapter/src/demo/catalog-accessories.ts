import type { Product } from '@focal/sdk-core/contracts';
import type { Random } from './prng.js';
import { label, shopPrice, stock } from './catalog-frames.js';
import { ACCESSORY_BRANDS, EYECARE_BRANDS, FRAME_COLOURS, SOLUTION_BRANDS } from './vocabulary.js';

/** The accessory and eye-care kinds of the demo catalog. */
export type AccessoryKind = 'case' | 'cloth' | 'solution' | 'drops' | 'wipes';

const CASE_STYLES = ['hard shell', 'soft pouch', 'folding', 'leather', 'recycled felt'] as const;
const CLOTH_STYLES = ['microfibre', 'printed microfibre', 'suede-feel', 'XL microfibre'] as const;

/** A spectacle case, cleaning cloth, contact-lens solution, eye drops or lens wipes. */
export function makeAccessory(rng: Random, id: string, kind: AccessoryKind): Product {
  const base = { id, url: `/products/${id}`, image: `/img/${id}.svg`, currency: 'EUR', ...stock(rng) };
  switch (kind) {
    case 'case': {
      const style = rng.pick(CASE_STYLES);
      const colour = rng.pick(FRAME_COLOURS);
      const brand = rng.pick(ACCESSORY_BRANDS);
      return {
        ...base, brand, title: `${brand} ${style} glasses case in ${label(colour).toLowerCase()}`,
        price: shopPrice(rng.range(9, 35), rng), categoryPath: ['Accessories', 'Cases'],
        attributes: { style, colour },
      };
    }
    case 'cloth': {
      const style = rng.pick(CLOTH_STYLES);
      const brand = rng.pick(ACCESSORY_BRANDS);
      const count = rng.pick([1, 2, 3]);
      return {
        ...base, brand, title: `${brand} ${style} lens cloth${count > 1 ? `, ${count} pack` : ''}`,
        price: shopPrice(rng.range(4, 8) * count, rng), categoryPath: ['Accessories', 'Cleaning cloths'],
        attributes: { style, pieces: count },
      };
    }
    case 'solution': {
      const brand = rng.pick(SOLUTION_BRANDS);
      const bottles = rng.weighted([0.6, 0.4]) + 1;
      const kindName = rng.pick(['multi-purpose', 'peroxide', 'saline']);
      return {
        ...base, brand, title: `${brand} ${kindName} contact lens solution ${bottles} × 360 ml`,
        price: shopPrice(rng.range(8, 12) * bottles, rng), categoryPath: ['Accessories', 'Solutions'],
        attributes: { solution: kindName, volumeMl: 360 * bottles, packDays: 30 * bottles },
      };
    }
    case 'drops': {
      const brand = rng.pick(EYECARE_BRANDS);
      const what = rng.pick(['lubricating', 'hyaluronic', 'allergy relief', 'contact lens rewetting']);
      return {
        ...base, brand, title: `${brand} ${what} eye drops 10 ml`,
        price: shopPrice(rng.range(7, 16), rng), categoryPath: ['Eye care', 'Drops'],
        attributes: { use: what, volumeMl: 10, packDays: 30 },
      };
    }
    case 'wipes': {
      const brand = rng.pick(EYECARE_BRANDS);
      const count = rng.pick([30, 52, 100]);
      return {
        ...base, brand, title: `${brand} lens cleaning wipes, ${count} pack`,
        price: shopPrice(3 + count * 0.08, rng), categoryPath: ['Eye care', 'Wipes'],
        attributes: { pieces: count },
      };
    }
  }
}
