/** The words the demo catalog is built from: an optical retailer's brands, shapes, materials and colours (all fictional brands). */

export const FRAME_SHAPES = ['round', 'rectangle', 'cat-eye', 'aviator', 'square', 'oval', 'browline', 'geometric'] as const;
export const FRAME_MATERIALS = ['acetate', 'metal', 'titanium', 'stainless-steel', 'bio-acetate', 'tr90'] as const;
export const FRAME_COLOURS = [
  'black', 'tortoise', 'havana', 'gold', 'silver', 'gunmetal', 'clear', 'navy', 'burgundy', 'green', 'rose-gold', 'grey',
] as const;
export const GENDERS = ['women', 'men', 'unisex'] as const;
export const PRICE_BANDS = ['budget', 'mid', 'premium', 'luxury'] as const;
export const FRAME_WIDTHS = ['narrow', 'medium', 'wide'] as const;

export type Shape = (typeof FRAME_SHAPES)[number];
export type Material = (typeof FRAME_MATERIALS)[number];
export type Colour = (typeof FRAME_COLOURS)[number];
export type Gender = (typeof GENDERS)[number];
export type PriceBand = (typeof PRICE_BANDS)[number];

/** Price range in EUR of each band, for frames (sunglasses use the same bands). */
export const BAND_PRICES: Record<PriceBand, [number, number]> = {
  budget: [39, 79],
  mid: [79, 149],
  premium: [149, 249],
  luxury: [249, 449],
};

/** Which materials each band tends to use (titanium is rarely cheap, tr90 rarely luxury). */
export const BAND_MATERIALS: Record<PriceBand, readonly Material[]> = {
  budget: ['acetate', 'metal', 'tr90', 'stainless-steel'],
  mid: ['acetate', 'metal', 'bio-acetate', 'stainless-steel', 'tr90'],
  premium: ['acetate', 'titanium', 'bio-acetate', 'metal'],
  luxury: ['titanium', 'acetate', 'bio-acetate'],
};

export const FRAME_BRANDS = [
  'Lumen', 'Oakridge', 'Vantage', 'Nordlys', 'Maison Clair', 'Atelier Noir', 'Kiko Optics', 'Harbor & Co',
  'Solstice', 'Linea', 'Brio', 'Fjord', 'Vela', 'Arden',
] as const;

export const MODEL_NAMES = [
  'Aria', 'Bram', 'Cleo', 'Dex', 'Elio', 'Fen', 'Greta', 'Hugo', 'Ines', 'Jules', 'Kai', 'Lea', 'Milo', 'Nora',
  'Otto', 'Pia', 'Quinn', 'Rosa', 'Sven', 'Tess', 'Ugo', 'Vera', 'Wim', 'Xavi', 'Yara', 'Zeno', 'Alba', 'Bo',
  'Cora', 'Dario', 'Edda', 'Fabio', 'Gaia', 'Hanne', 'Ivo', 'Juno', 'Kira', 'Luca', 'Maren', 'Nico',
] as const;

export const SUN_TINTS = ['grey', 'brown', 'green', 'mirrored blue', 'gradient grey', 'gradient brown'] as const;

export const LENS_TYPES = ['single-vision', 'varifocal', 'bifocal', 'reading', 'office'] as const;
export const LENS_INDEXES = [1.5, 1.6, 1.67, 1.74] as const;
export const LENS_COATINGS = ['anti-reflective', 'blue-light', 'photochromic', 'scratch-resistant', 'hydrophobic'] as const;
export const LENS_BRANDS = ['Clarion', 'Optiva', 'Lumen Lens'] as const;
export type LensType = (typeof LENS_TYPES)[number];

/** Base price in EUR of a pair of prescription lenses by type, before index and coating. */
export const LENS_TYPE_PRICE: Record<LensType, number> = {
  'single-vision': 49, varifocal: 189, bifocal: 119, reading: 39, office: 149,
};
export const LENS_INDEX_FACTOR = [1, 1.3, 1.7, 2.2] as const;
export const COATING_PRICE: Record<(typeof LENS_COATINGS)[number], number> = {
  'anti-reflective': 25, 'blue-light': 35, photochromic: 79, 'scratch-resistant': 15, hydrophobic: 19,
};

export const CONTACT_BRANDS = ['ClearDay', 'AquaSight', 'Visiqa', 'Optima Soft'] as const;
export const CONTACT_TYPES = ['spherical', 'toric', 'multifocal'] as const;
/** Contact lens packs: replacement schedule, lenses per box and how many days a box lasts (both eyes). */
export const CONTACT_PACKS = [
  { replacement: 'Daily', lenses: 60, packDays: 30, price: [24, 39] },
  { replacement: 'Daily', lenses: 180, packDays: 90, price: [64, 99] },
  { replacement: 'Two-weekly', lenses: 6, packDays: 42, price: [19, 32] },
  { replacement: 'Two-weekly', lenses: 12, packDays: 84, price: [34, 56] },
  { replacement: 'Monthly', lenses: 6, packDays: 90, price: [29, 49] },
] as const;

export const SOLUTION_BRANDS = ['PureRinse', 'AquaSight', 'Hydrava'] as const;
export const EYECARE_BRANDS = ['Ocula', 'Hydrava', 'PureRinse'] as const;
export const ACCESSORY_BRANDS = ['Lumen', 'Fjord', 'Harbor & Co', 'Focal Essentials'] as const;
