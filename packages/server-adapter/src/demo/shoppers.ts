import type { Product } from '@focal/sdk-core/contracts';
import type { DemoCatalog } from './catalog.js';
import { Random } from './prng.js';
import {
  FRAME_COLOURS, FRAME_MATERIALS, FRAME_SHAPES, GENDERS, LENS_TYPES,
  type Colour, type Gender, type LensType, type Material, type Shape,
} from './vocabulary.js';

/** What a session is about; it drives the pages visited and what may be bought. */
export type Intent = 'frames' | 'sunglasses' | 'lenses' | 'contacts' | 'eyecare' | 'browse';

/** A simulated shopper: persistent style, budget and needs, identity, and how often they come back. */
export interface Shopper {
  index: number;
  anonymousId: string;
  /** Set when the shopper logs in at some point (`identifyAt` is the session ordinal where it happens). */
  userId?: string;
  identifyAt: number;
  traits?: Record<string, string | number | boolean>;
  gender: Gender;
  shape: Shape;
  material: Material;
  colour: Colour;
  /** Preferred price band index, 0 (budget) … 3 (luxury). */
  band: number;
  /** How strongly price outside the preferred band puts this shopper off (0..1). */
  priceSensitivity: number;
  /** Relative likelihood of each non-replenishment intent. */
  interests: Partial<Record<Intent, number>>;
  /** What prescription lenses this shopper needs. */
  lensType: LensType;
  /** Contact-lens wearers: their lens box and solution, re-ordered as a box runs out. */
  contact?: { product: Product; packDays: number; solution?: Product };
  /** Sessions this shopper starts on their own (replenishment and follow-up visits come on top). */
  visits: number;
  rng: Random;
}

const VISITS = [1, 2, 3, 4, 5, 6, 8, 10, 14, 20, 28];
const VISIT_WEIGHTS = [45, 20, 11, 6, 5, 3, 4, 2.5, 1.8, 1.2, 0.5];

/** Shopper number `index`, drawn from its own stream so shoppers do not depend on each other. */
export function makeShopper(seed: number, index: number, catalog: DemoCatalog): Shopper {
  const rng = new Random(seed, `shopper:${index}`);
  const student = rng.chance(0.1);
  const identified = student || rng.chance(0.35);
  const band = student ? rng.weighted([0.6, 0.35, 0.05, 0]) : rng.weighted([0.28, 0.4, 0.22, 0.1]);
  const wearsContacts = rng.chance(0.3);
  const visits = VISITS[rng.weighted(VISIT_WEIGHTS)];
  const shopper: Shopper = {
    index,
    anonymousId: `anon-${rng.token(16)}`,
    identifyAt: identified ? rng.int(Math.min(visits, 3)) : -1,
    gender: GENDERS[rng.weighted([0.5, 0.42, 0.08])],
    shape: FRAME_SHAPES[rng.weighted([1.2, 1.3, 1, 0.7, 1, 0.8, 0.6, 0.5])],
    material: FRAME_MATERIALS[rng.weighted([1.6, 1, 0.6, 0.4, 0.4, 0.5])],
    colour: rng.pick(FRAME_COLOURS),
    band,
    priceSensitivity: student ? rng.range(0.6, 1) : rng.range(0.2, 0.9),
    interests: {
      frames: rng.range(0.5, 3),
      sunglasses: rng.range(0.1, 1.5),
      eyecare: rng.range(0, 0.4),
      browse: rng.range(0.2, 0.8),
    },
    lensType: LENS_TYPES[rng.weighted([0.6, 0.2, 0.05, 0.08, 0.07])],
    visits: wearsContacts ? Math.max(1, Math.ceil(visits / 2)) : visits,
    rng,
  };
  if (identified) shopper.userId = `user-${String(index + 1).padStart(6, '0')}`;
  if (student) shopper.traits = { student: true };
  else if (identified && rng.chance(0.3)) shopper.traits = { loyalty: rng.pick(['silver', 'gold']) };
  if (wearsContacts) shopper.contact = pickContact(rng, catalog);
  return shopper;
}

/** A contact-lens wearer's box (short cycles are more common, so re-orders show within 90 days) and solution. */
function pickContact(rng: Random, catalog: DemoCatalog): Shopper['contact'] {
  const boxes = catalog.byKind.contact.filter((p) => p.inStock);
  const weights = boxes.map((p) => catalog.popularity.get(p.id)! * (Number(p.attributes?.packDays) <= 42 ? 4 : 1));
  const product = boxes[rng.weighted(weights)];
  const packDays = Number(product.attributes?.packDays);
  const needsSolution = product.attributes?.replacement !== 'daily';
  const solutions = catalog.byKind.solution.filter((p) => p.inStock);
  return {
    product,
    packDays,
    solution: needsSolution && solutions.length ? solutions[rng.weighted(solutions.map((p) => catalog.popularity.get(p.id)!))] : undefined,
  };
}
