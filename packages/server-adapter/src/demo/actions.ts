import type { Product } from '@focal/sdk-core/contracts';
import type { DemoCatalog } from './catalog.js';
import type { Random } from './prng.js';
import type { Shopper } from './shoppers.js';
import type { SessionState } from './utility.js';
import { showList, type DemoPlacement, type RecClick } from './recs.js';
import { pages, type SessionWriter } from './writer.js';

/** Everything a session step needs: the writer, the random stream, the catalog, the shopper and the session so far. */
export interface Sim {
  w: SessionWriter;
  rng: Random;
  catalog: DemoCatalog;
  shopper: Shopper;
  state: SessionState;
  /** When the session happens, as a phase of the history (0 = its start, 1 = now). */
  phase: number;
}

/** The recommendation fields an event carries when a recommendation led to it. */
function refOf(ref: RecClick | null | undefined) {
  return ref ? { requestId: ref.requestId, placement: ref.placement, position: ref.position } : {};
}

/** Opens a product page (after a click on a recommendation when `ref` is given) and dwells on it. */
export function viewProduct(sim: Sim, product: Product, ref?: RecClick | null): void {
  sim.w.wait(3, 12);
  const referrer = ref ? undefined : sim.w.events.length ? undefined : 'https://www.google.com/';
  sim.w.emit('product_view', { productId: product.id, ...refOf(ref) }, pages.product(product.id, referrer));
  sim.state.views.push(product);
  sim.w.wait(15, 90);
}

/** Adds a product to the cart from its page (or from the cart page for add-ons). */
export function addToCart(sim: Sim, product: Product, quantity = 1, ref?: RecClick | null, onCartPage = false): void {
  if (!product.inStock) return;
  sim.w.wait(2, 10);
  sim.w.emit('add_to_cart', { productId: product.id, quantity, price: product.price, currency: 'EUR', ...refOf(ref) },
    onCartPage ? pages.cart() : pages.product(product.id));
  const line = sim.state.cart.get(product.id);
  sim.state.cart.set(product.id, { product, quantity: (line?.quantity ?? 0) + quantity });
}

/** Removes a product from the cart, on the cart page. */
export function removeFromCart(sim: Sim, productId: string): void {
  const line = sim.state.cart.get(productId);
  if (!line) return;
  sim.w.wait(3, 20);
  sim.w.emit('remove_from_cart', { productId, quantity: line.quantity, price: line.product.price, currency: 'EUR' }, pages.cart());
  sim.state.cart.delete(productId);
}

/** Shows a recommendation list with probability `p`; returns the click, if any. */
export function maybeList(sim: Sim, p: number, placement: DemoPlacement, context?: Product): RecClick | null {
  if (!sim.rng.chance(p)) return null;
  return showList(sim.w, sim.rng, sim.catalog, sim.shopper, sim.state, sim.phase, placement, context);
}

/** Whether the cart holds a product of one of `kinds`. */
export function cartHas(sim: Sim, ...kinds: string[]): boolean {
  for (const id of sim.state.cart.keys()) if (kinds.includes(sim.catalog.kindOf.get(id)!)) return true;
  return false;
}

/** Goes to the cart page; maybe looks at add-ons and adds one. */
export function visitCart(sim: Sim): void {
  sim.w.wait(3, 15);
  sim.w.emit('page_view', { title: 'Your cart' }, pages.cart());
  const click = maybeList(sim, 0.5, 'cart-add-ons');
  if (click) {
    viewProduct(sim, click.product, click);
    if (sim.rng.chance(0.7)) addToCart(sim, click.product, 1, click);
    sim.w.wait(2, 8);
    sim.w.emit('page_view', { title: 'Your cart' }, pages.cart());
  }
}

/** Checks out what is in the cart: checkout page, purchase, confirmation. Returns the products bought. */
export function checkout(sim: Sim): { product: Product; quantity: number }[] {
  const lines = [...sim.state.cart.values()];
  if (!lines.length) return [];
  const orderId = `ord-${sim.rng.token(14)}`;
  sim.w.wait(5, 30);
  sim.w.emit('page_view', { title: 'Checkout' }, pages.checkout());
  sim.w.wait(40, 240);
  const revenue = Number(lines.reduce((sum, l) => sum + l.product.price * l.quantity, 0).toFixed(2));
  sim.w.emit('purchase', {
    orderId,
    lineItems: lines.map((l) => ({ productId: l.product.id, quantity: l.quantity, price: l.product.price })),
    revenue,
    currency: 'EUR',
  }, pages.checkout());
  sim.w.wait(1, 3);
  sim.w.emit('page_view', { title: 'Thank you for your order' }, pages.confirmation(orderId));
  for (const l of lines) sim.state.bought.add(l.product.id);
  sim.state.cart.clear();
  return lines;
}
