import type { FocalEvent, Product } from '@focal/sdk-core/contracts';
import type { DemoCatalog } from './catalog.js';
import type { Random } from './prng.js';
import type { Intent, Shopper } from './shoppers.js';
import { bandFit, genderFit, pickOfKind, pickStyled, sessionFocus, type Focus } from './browse.js';
import { addToCart, cartHas, checkout, maybeList, removeFromCart, viewProduct, visitCart, type Sim } from './actions.js';
import type { RecClick } from './recs.js';
import { newSessionState } from './utility.js';
import { pages, SessionWriter } from './writer.js';
import { FRAME_COLOURS, FRAME_MATERIALS, FRAME_SHAPES } from './vocabulary.js';

/**
 * The demo A/B test's true effect (`placements.ts`): how often a click on a recommendation of the `personal` arm,
 * whose lists suit the shopper better, turns a browsing session into a buying one. The report should find it.
 */
export const PERSONAL_LIFT = 0.6;

/** One planned visit. */
export interface SessionPlan {
  start: number;
  intent: Intent;
}

/** What a session produced and what it means for the shopper's next visits. */
export interface SessionOutcome {
  events: FocalEvent[];
  end: number;
  /** Bought frames but no lenses yet: a lens visit follows within days. */
  framesWithoutLenses: boolean;
  /** Boxes of the shopper's contact lenses bought, if any. */
  contactBoxes: number;
}

/** Runs one session of `shopper` and returns its events (chronological) and outcome. */
export function runSession(catalog: DemoCatalog, rng: Random, shopper: Shopper, bought: Set<string>, plan: SessionPlan,
  opts: { sessionId: string; identified: boolean; identifyNow: boolean; ordinal: number; phase: number }): SessionOutcome {
  const w = new SessionWriter(rng, shopper.anonymousId, opts.sessionId, plan.start, opts.identified ? shopper.userId : undefined);
  const sim: Sim = { w, rng, catalog, shopper, state: newSessionState(bought), phase: opts.phase };
  const boughtBefore = new Set(bought);
  if (plan.intent === 'contacts') contactsSession(sim, opts);
  else if (plan.intent === 'lenses') lensesSession(sim, opts);
  else if (plan.intent === 'frames' || plan.intent === 'sunglasses') framesSession(sim, plan.intent, opts);
  else lightSession(sim, plan.intent, opts);
  const lines = sim.state.bought;
  let framesWithoutLenses = false;
  let contactBoxes = 0;
  const newly = [...lines].filter((id) => !boughtBefore.has(id));
  if (newly.some((id) => catalog.kindOf.get(id) === 'frame') && !newly.some((id) => catalog.kindOf.get(id) === 'lens')) {
    framesWithoutLenses = true;
  }
  for (const event of w.events) {
    if (event.type !== 'purchase') continue;
    for (const line of event.properties.lineItems) {
      if (line.productId === shopper.contact?.product.id) contactBoxes += line.quantity;
    }
  }
  return { events: w.events, end: w.t, framesWithoutLenses, contactBoxes };
}

/** A logged-in shopper signs in on this visit: identify with traits, then every event carries the user id. */
function login(sim: Sim, identifyNow: boolean): void {
  if (!identifyNow || !sim.shopper.userId) return;
  sim.w.userId = sim.shopper.userId;
  sim.w.wait(5, 20);
  sim.w.emit('identify', {
    previousAnonymousId: sim.shopper.anonymousId,
    ...(sim.shopper.traits ? { traits: sim.shopper.traits } : {}),
  }, pages.account());
}

/** Lands on the home page and maybe looks at a home recommendation list. */
function home(sim: Sim, ordinal: number): RecClick | null {
  sim.w.emit('page_view', { title: 'Focal Optics' }, pages.home(sim.rng.chance(0.3) ? 'https://www.google.com/' : undefined));
  return maybeList(sim, 0.4, ordinal > 0 && sim.rng.chance(0.6) ? 'home-for-you' : 'home-trending');
}

function category(sim: Sim, path: readonly string[]): void {
  sim.w.wait(3, 15);
  sim.w.emit('page_view', { title: path[path.length - 1] }, pages.category(path));
  sim.w.wait(5, 40);
}

/** Browsing frames or sunglasses in a focus style, maybe buying a pair with lenses and a case. */
function framesSession(sim: Sim, intent: 'frames' | 'sunglasses', opts: { identifyNow: boolean; ordinal: number }): void {
  const { rng, catalog, shopper } = sim;
  const focus: Focus = sessionFocus(rng, shopper, intent === 'frames' ? 'frame' : 'sunglasses', FRAME_SHAPES, FRAME_MATERIALS, FRAME_COLOURS);
  const landing = rng.next();
  let pending: RecClick | null = null;
  if (landing < 0.5) pending = home(sim, opts.ordinal);
  login(sim, opts.identifyNow);
  if (!pending && landing < 0.8) {
    category(sim, ['Frames', intent === 'frames' ? 'Optical frames' : 'Sunglasses']);
  } else if (!pending) {
    const query = rng.chance(0.5) ? `${focus.shape} ${intent === 'frames' ? 'glasses' : 'sunglasses'}` : `${focus.colour} ${focus.shape} frames`;
    sim.w.emit('search', { query, resultCount: catalog.byShape.get(`${focus.kind}:${focus.shape}`)?.length ?? 0 }, pages.search(query));
    sim.w.wait(5, 30);
  }
  const steps = 2 + rng.int(7);
  let buyMood = rng.chance(intent === 'frames' ? 0.45 : 0.35);
  for (let step = 0; step < steps; step++) {
    const ref = pending;
    pending = null;
    const product = ref?.product ?? pickStyled(catalog, rng, focus, shopper, sim.phase);
    viewProduct(sim, product, ref);
    if (ref?.variant === 'personal' && !buyMood) buyMood = rng.chance(PERSONAL_LIFT);
    const kind = catalog.kindOf.get(product.id)!;
    if (kind === 'frame' || kind === 'sunglasses') {
      const fits = product.attributes?.shape === focus.shape ? 1 : 0.35;
      if (buyMood && !cartHas(sim, 'frame', 'sunglasses') && rng.chance(0.35 * fits * bandFit(product, shopper) * genderFit(product, shopper))) {
        addToCart(sim, product, 1, ref);
      }
    } else if (ref && rng.chance(0.6)) {
      addToCart(sim, product, 1, ref);
    }
    if (kind === 'frame' && rng.chance(cartHas(sim, 'frame') ? 0.7 : 0.25)) pending = maybeList(sim, 1, 'pdp-complete-the-look', product);
    if (!pending) pending = maybeList(sim, 0.35, 'pdp-similar', product);
    if (cartHas(sim, 'frame', 'sunglasses') && !pending && rng.chance(0.5)) break;
  }
  if (pending) {
    viewProduct(sim, pending.product, pending);
    if (catalog.kindOf.get(pending.product.id) !== 'frame' && rng.chance(0.5)) addToCart(sim, pending.product, 1, pending);
  }
  if (cartHas(sim, 'frame') && !cartHas(sim, 'lens') && rng.chance(0.6)) addLensesAndCase(sim);
  else if (cartHas(sim, 'sunglasses') && rng.chance(0.3)) buyExtra(sim, 'case');
  if (!sim.state.cart.size) return;
  visitCart(sim);
  if (sim.state.cart.size > 1 && rng.chance(0.08)) {
    const accessory = [...sim.state.cart.keys()].find((id) => !['frame', 'sunglasses', 'lens'].includes(catalog.kindOf.get(id)!));
    if (accessory) removeFromCart(sim, accessory);
  }
  if (rng.chance(0.75)) checkout(sim);
}

/** Chooses and adds prescription lenses for the frame in the cart, then usually a case and sometimes a cloth. */
function addLensesAndCase(sim: Sim): void {
  category(sim, ['Lenses', 'Prescription lenses']);
  buyExtra(sim, 'lens');
  if (sim.rng.chance(0.5)) buyExtra(sim, 'case');
  if (sim.rng.chance(0.3)) buyExtra(sim, 'cloth');
}

function buyExtra(sim: Sim, kind: 'lens' | 'case' | 'cloth' | 'drops' | 'wipes' | 'solution'): Product {
  const product = pickOfKind(sim.catalog, sim.rng, kind, sim.shopper);
  viewProduct(sim, product);
  addToCart(sim, product);
  return product;
}

/** A follow-up visit to buy lenses (and a case) for frames bought earlier. */
function lensesSession(sim: Sim, opts: { identifyNow: boolean; ordinal: number }): void {
  const pending = home(sim, opts.ordinal);
  login(sim, opts.identifyNow);
  if (pending) viewProduct(sim, pending.product, pending);
  category(sim, ['Lenses', 'Prescription lenses']);
  if (sim.rng.chance(0.5)) viewProduct(sim, pickOfKind(sim.catalog, sim.rng, 'lens', sim.shopper));
  buyExtra(sim, 'lens');
  if (sim.rng.chance(0.45)) buyExtra(sim, 'case');
  visitCart(sim);
  if (sim.rng.chance(0.9)) checkout(sim);
}

/** A contact-lens wearer re-ordering their box (and solution) as it runs out. */
function contactsSession(sim: Sim, opts: { identifyNow: boolean; ordinal: number }): void {
  const contact = sim.shopper.contact!;
  if (sim.state.bought.has(contact.product.id)) sim.state.wants = contact.product.id;
  const pending = home(sim, opts.ordinal);
  login(sim, opts.identifyNow);
  if (pending) viewProduct(sim, pending.product, pending);
  if (sim.rng.chance(0.35)) {
    const query = contact.product.brand ?? 'contact lenses';
    sim.w.wait(3, 10);
    sim.w.emit('search', { query, resultCount: 12 }, pages.search(query));
  }
  viewProduct(sim, contact.product);
  const click = maybeList(sim, 0.3, 'pdp-similar', contact.product);
  if (click) {
    viewProduct(sim, click.product, click);
    viewProduct(sim, contact.product);
  }
  addToCart(sim, contact.product, sim.rng.chance(0.2) ? 2 : 1);
  visitCart(sim);
  if (contact.solution && !sim.state.cart.has(contact.solution.id) && sim.rng.chance(0.8)) {
    addToCart(sim, contact.solution, 1, null, true);
  }
  if (sim.rng.chance(0.93)) checkout(sim);
}

/** Eye-care shopping or idle browsing: a few pages, seldom a purchase. */
function lightSession(sim: Sim, intent: Intent, opts: { identifyNow: boolean; ordinal: number }): void {
  const { rng, catalog, shopper } = sim;
  let pending = home(sim, opts.ordinal);
  login(sim, opts.identifyNow);
  const eyecare = intent === 'eyecare';
  if (eyecare) category(sim, ['Eye care', rng.chance(0.6) ? 'Drops' : 'Wipes']);
  const steps = 1 + rng.int(4);
  for (let step = 0; step < steps; step++) {
    const ref = pending;
    pending = null;
    const product = ref?.product ?? (eyecare
      ? pickOfKind(catalog, rng, rng.pick(['drops', 'wipes', 'cloth'] as const), shopper)
      : pickStyled(catalog, rng, sessionFocus(rng, shopper, rng.chance(0.6) ? 'frame' : 'sunglasses', FRAME_SHAPES, FRAME_MATERIALS, FRAME_COLOURS), shopper, sim.phase));
    viewProduct(sim, product, ref);
    if (eyecare && rng.chance(0.45)) addToCart(sim, product, 1, ref);
    pending = maybeList(sim, 0.45, 'pdp-similar', product);
  }
  if (pending) viewProduct(sim, pending.product, pending);
  if (!sim.state.cart.size) return;
  visitCart(sim);
  if (rng.chance(0.65)) checkout(sim);
}
