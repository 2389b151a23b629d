/** The attribution scenarios shared by the report tests (known answers are asserted in attribution.test.ts). */
import { History, HOUR, MIN, T0 } from './history.js';

/** The history; each scenario has its own shopper and order id. */
export function attributionHistory(): History {
  const h = new History();
  // 1. web, inside the session: click, a view 20 min later, purchase 20 min after that (gaps ≤ 30 min) + an add-to-cart.
  const a1 = { anon: 'a1' };
  h.impression(T0 - MIN, a1, { placement: 'pdp-similar', productId: 'P1', strategy: 'similar' })
    .impression(T0 - MIN, a1, { placement: 'pdp-similar', productId: 'Q1', position: 1, strategy: 'similar' })
    .click(T0, a1, { placement: 'pdp-similar', productId: 'P1', strategy: 'similar' })
    .view(T0 + 20 * MIN, a1, 'P1').cart(T0 + 25 * MIN, a1, 'P1', 40)
    .purchase(T0 + 40 * MIN, a1, 'o1', [{ productId: 'P1', price: 40 }, { productId: 'Z1', price: 5 }]);
  // 2. web, just outside: purchase 30 min 1 s after the click, nothing in between.
  const a2 = { anon: 'a2' };
  h.click(T0, a2, { placement: 'pdp-similar', productId: 'P2', strategy: 'similar' })
    .purchase(T0 + 30 * MIN + 1000, a2, 'o2', [{ productId: 'P2', price: 20 }]);
  // 2b. web, just inside: 29 min 59 s.
  const a2b = { anon: 'a2b' };
  h.click(T0, a2b, { placement: 'pdp-similar', productId: 'P2', strategy: 'similar' })
    .purchase(T0 + 30 * MIN - 1000, a2b, 'o2b', [{ productId: 'P2', price: 20 }]);
  // 3. email, inside: clicked in an email, bought on the web 23 h 59 min later as the same signed-in user.
  h.click(T0, { anon: 'email:u3', user: 'u3' }, { placement: 'email-for-you', productId: 'P3', channel: 'email', strategy: 'personalised' })
    .purchase(T0 + 24 * HOUR - MIN, { anon: 'a3', user: 'u3' }, 'o3', [{ productId: 'P3', price: 30 }]);
  // 4. email, just outside: 24 h 1 min.
  h.click(T0, { anon: 'email:u4', user: 'u4' }, { placement: 'email-for-you', productId: 'P4', channel: 'email', strategy: 'personalised' })
    .purchase(T0 + 24 * HOUR + MIN, { anon: 'a4', user: 'u4' }, 'o4', [{ productId: 'P4', price: 30 }]);
  // 5. web click, purchase 2 h later in a new session: web clicks do not get the email window.
  const a5 = { anon: 'a5' };
  h.click(T0, a5, { placement: 'home-for-you', productId: 'P5' }).purchase(T0 + 2 * HOUR, a5, 'o5', [{ productId: 'P5', price: 15 }]);
  // 6. clicked twice, in two placements: one line, the last click (pdp-similar) wins; 2 × 50 counted once.
  const a6 = { anon: 'a6' };
  h.click(T0, a6, { placement: 'home-for-you', productId: 'P6', strategy: 'personalised' })
    .click(T0 + 5 * MIN, a6, { placement: 'pdp-similar', productId: 'P6', strategy: 'similar' })
    .purchase(T0 + 10 * MIN, a6, 'o6', [{ productId: 'P6', quantity: 2, price: 50 }]);
  // 7. a purchase with no click at all.
  h.purchase(T0, { anon: 'a7' }, 'o7', [{ productId: 'P7', price: 70 }]);
  // 8. a replenishment re-order on the next day.
  const a8 = { anon: 'a8' };
  h.click(T0 + 24 * HOUR, a8, { placement: 'account-reorder', productId: 'L8', strategy: 'replenishment' })
    .purchase(T0 + 24 * HOUR + 3 * MIN, a8, 'o8', [{ productId: 'L8', quantity: 3, price: 25 }]);
  // 9. a signed-in shopper who will be erased (GDPR).
  const a9 = { anon: 'a9', user: 'u9' };
  h.click(T0, a9, { placement: 'cart-add-ons', productId: 'P9', strategy: 'co-purchase' })
    .purchase(T0 + 5 * MIN, a9, 'o9', [{ productId: 'P9', price: 9 }]);
  return h;
}

/**
 * An A/B test on `home-trending`: 6 control and 6 `b` visitors see a variant-tagged impression at T0 + i min.
 * Control: c0 and c1 order (20, 40) after exposure; c2 ordered only BEFORE exposure (not counted).
 * b: b0, b1, b2 order (30, 30, 60) after exposure.
 */
export function experimentHistory(): History {
  const h = new History();
  for (let i = 0; i < 6; i++) {
    for (const variant of ['control', 'b']) {
      const who = { anon: `${variant[0]}${i}-x` };
      h.impression(T0 + i * MIN, who, { placement: 'home-trending', productId: `T${i}`, strategy: 'trending', variant, modelVersion: 'mlp-test' });
    }
  }
  h.purchase(T0 + 10 * MIN, { anon: 'c0-x' }, 'xc0', [{ productId: 'A', price: 20 }])
    .purchase(T0 + 11 * MIN, { anon: 'c1-x' }, 'xc1', [{ productId: 'A', price: 40 }])
    .purchase(T0 - 10 * MIN, { anon: 'c2-x' }, 'xc2', [{ productId: 'A', price: 99 }])
    .purchase(T0 + 12 * MIN, { anon: 'b0-x' }, 'xb0', [{ productId: 'A', price: 30 }])
    .purchase(T0 + 13 * MIN, { anon: 'b1-x' }, 'xb1', [{ productId: 'A', price: 30 }])
    .purchase(T0 + 14 * MIN, { anon: 'b2-x' }, 'xb2', [{ productId: 'A', price: 60 }]);
  return h;
}

/**
 * Email clicks of ANONYMOUS visitors: a link of an email sent to an anonymous id is stored as a `rec_click` (channel
 * `email`) under that anonymous id and no user id (src/email/click.ts). Known answers for `email-for-you`: orders
 * ea1, ea2, ea5 (40 + 30 + 35 = 105), one add-to-cart (ea1), six clicks; `pdp-similar`: ea4 (60).
 */
export function anonymousEmailHistory(): History {
  const h = new History();
  const email = (productId: string) => ({ placement: 'email-for-you', productId, channel: 'email' as const, strategy: 'best-sellers' });
  // ea1: clicked in the email, put in the cart 22 h later and bought 23 h later, still anonymous (Z1 was not clicked).
  const ea1 = { anon: 'ea1', session: 'email:req-ea1' };
  h.click(T0, ea1, email('E1'))
    .cart(T0 + 22 * HOUR, { anon: 'ea1' }, 'E1', 40)
    .purchase(T0 + 23 * HOUR, { anon: 'ea1' }, 'oe1', [{ productId: 'E1', price: 40 }, { productId: 'Z1', price: 5 }]);
  // ea2: clicked in the email, signed in on the same browser (identify keeps the anonymous id), bought as the customer.
  h.click(T0, { anon: 'ea2', session: 'email:req-ea2' }, email('E2'))
    .identify(T0 + HOUR, { anon: 'ea2', user: 'ue2' })
    .purchase(T0 + 2 * HOUR, { anon: 'ea2', user: 'ue2' }, 'oe2', [{ productId: 'E2', quantity: 2, price: 15 }]);
  // ea3: bought 24 h 1 min after the click: outside the email window.
  h.click(T0, { anon: 'ea3', session: 'email:req-ea3' }, email('E3'))
    .purchase(T0 + 24 * HOUR + MIN, { anon: 'ea3' }, 'oe3', [{ productId: 'E3', price: 25 }]);
  // ea4: email click, then a web click on the same product 10 h later, bought 5 min after that: the web click is last.
  h.click(T0, { anon: 'ea4', session: 'email:req-ea4' }, email('E4'))
    .click(T0 + 10 * HOUR, { anon: 'ea4' }, { placement: 'pdp-similar', productId: 'E4', strategy: 'similar' })
    .purchase(T0 + 10 * HOUR + 5 * MIN, { anon: 'ea4' }, 'oe4', [{ productId: 'E4', price: 60 }]);
  // ea5: web click, then the email click 2 min later, bought in the same session: the email click is last.
  h.click(T0, { anon: 'ea5' }, { placement: 'home-for-you', productId: 'E5', strategy: 'personalised' })
    .click(T0 + 2 * MIN, { anon: 'ea5', session: 'email:req-ea5' }, email('E5'))
    .purchase(T0 + 10 * MIN, { anon: 'ea5' }, 'oe5', [{ productId: 'E5', price: 35 }]);
  // ea6: clicked E6 in the email; another visitor bought E6, ea6 bought only what they did not click.
  h.click(T0, { anon: 'ea6', session: 'email:req-ea6' }, email('E6'))
    .purchase(T0 + HOUR, { anon: 'eb6' }, 'oe6b', [{ productId: 'E6', price: 20 }])
    .purchase(T0 + HOUR, { anon: 'ea6' }, 'oe6', [{ productId: 'E7', price: 12 }]);
  // ea7 / ue7: E8 clicked in an email to the customer ue7, then in one to their browser's anonymous id ea7; they sign
  // in there and buy it: one order line, for the last (anonymous, best-sellers) click.
  h.click(T0, { anon: 'email:ue7', user: 'ue7', session: 'email:req-ue7' }, { ...email('E8'), strategy: 'personalised' })
    .click(T0 + HOUR, { anon: 'ea7', session: 'email:req-ea7' }, email('E8'))
    .identify(T0 + 2 * HOUR, { anon: 'ea7', user: 'ue7' })
    .purchase(T0 + 3 * HOUR, { anon: 'ea7', user: 'ue7' }, 'oe7', [{ productId: 'E8', price: 50 }]);
  return h;
}
