import { describe, expect, it } from 'vitest';
import { StrategyIndex } from '../../src/strategies/index.js';
import { createRecommendationService, DEFAULT_PLACEMENTS, memoryAnswerCache, parsePlacements } from '../../src/recommend/index.js';
import { DAY, T0, product, purchase } from '../strategies/fixtures.js';

// Cases, cloths, solutions in two pack sizes, drops: shoppers who buy a case often buy a second one, and solution
// buyers stock up on both sizes — but a cart add-on is something to go with the cart, not another of what is in it.
const catalog = [
  product('FR1', { title: 'Aria round frame', categoryPath: ['Frames', 'Optical frames', 'Round'] }),
  product('CS1', { title: 'Hard case', categoryPath: ['Accessories', 'Cases'], price: 20 }),
  product('CS2', { title: 'Soft pouch', categoryPath: ['Accessories', 'Cases'], price: 12 }),
  product('CS3', { title: 'Leather case', categoryPath: ['Accessories', 'Cases'], price: 30 }),
  product('CC1', { title: 'Microfibre cloth', categoryPath: ['Accessories', 'Cleaning cloths'], price: 5 }),
  product('SO1', { title: 'PureRinse solution 1 × 360 ml', categoryPath: ['Accessories', 'Solutions'], price: 9, attributes: { packDays: 30 } }),
  product('SO2', { title: 'PureRinse solution 2 × 360 ml', categoryPath: ['Accessories', 'Solutions'], price: 17, attributes: { packDays: 60 } }),
  product('DR1', { title: 'Rewetting drops', categoryPath: ['Eye care', 'Drops'], price: 9, attributes: { packDays: 30 } }),
];

function history(): StrategyIndex {
  const index = new StrategyIndex();
  index.setCatalog(catalog, T0 - 60 * DAY);
  let n = 0;
  const order = (items: string[]) => index.ingest(purchase(`o${++n}`, `u${n}`, items, T0 - 10 * DAY));
  for (let i = 0; i < 4; i++) order(['CS1', 'CS2']);
  for (let i = 0; i < 3; i++) order(['CS1', 'CS3', 'CC1']);
  for (let i = 0; i < 2; i++) order(['CS1', 'CC1']);
  for (let i = 0; i < 5; i++) order(['SO1', 'SO2']);
  for (let i = 0; i < 2; i++) order(['SO1', 'DR1']);
  order(['FR1', 'CS1']);
  return index;
}

const addOns = async (cart: string[]) => {
  const svc = createRecommendationService({ index: () => history(), placements: parsePlacements({}, DEFAULT_PLACEMENTS), cache: memoryAnswerCache() });
  const { results } = await svc.recommend({ siteKey: 'pk_test', shopper: { anonymousId: 'shopper' }, placements: [{ placement: 'cart-add-ons', items: cart, limit: 3 }], now: T0 });
  return results[0].items;
};

describe('cart-add-ons', () => {
  it('never proposes another case for a case in the cart: a cloth, then other add-ons', async () => {
    const items = await addOns(['CS1']);
    expect(items[0]).toMatchObject({ id: 'CC1', reason: 'Bought together with Hard case' });
    expect(items.map((i) => i.categoryPath.join(' > '))).not.toContain('Accessories > Cases');
  });

  it('never proposes the cart\'s solution in another pack size: drops instead', async () => {
    const items = await addOns(['SO1']);
    expect(items[0]).toMatchObject({ id: 'DR1', reason: 'Bought together with PureRinse solution 1 × 360 ml' });
    expect(items.map((i) => i.id)).not.toContain('SO2');
  });

  it('still proposes a case for a frame in the cart', async () => {
    const items = await addOns(['FR1']);
    expect(items[0]).toMatchObject({ id: 'CS1' });
  });
});
