#!/usr/bin/env node
// `node scripts/diversity-figures.mjs [--endpoint http://127.0.0.1:8787] [--shoppers 20]`: against a running demo
// adapter (pk_demo), how alike the server-ordered lists are. For fresh anonymous shoppers: home-trending and
// home-for-you (limit 10); for contact-lens wearers of the demo history (their anonymous ids, from the purchases
// export): home-for-you (10) and email-for-you (6, the placement the email recommender asks for). Prints, per
// placement, the most items of one brand in the first 8 (max / mean over shoppers) and in the whole list, of one category (first two
// levels), how many items are lens products, and that `features.rank` runs 0, 1, 2… in the served order.
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { endpoint: { type: 'string', default: 'http://127.0.0.1:8787' }, shoppers: { type: 'string', default: '20' }, 'admin-key': { type: 'string', default: process.env.FOCAL_ADMIN_KEY ?? 'demo-admin-key-change-me' } },
  strict: true,
});
const n = Number(values.shoppers);
const site = 'pk_demo';

async function ask(anonymousId, placement, limit) {
  const res = await fetch(`${values.endpoint}/v1/recommendations`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-focal-site-key': site, 'x-focal-anonymous-id': anonymousId },
    body: JSON.stringify({ placements: [{ placement, limit }] }),
  });
  if (!res.ok) throw new Error(`${placement}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()).results[0].items;
}

const most = (items, key, window = 8) => {
  const counts = new Map();
  for (const i of items.slice(0, window)) { const k = key(i); if (k) counts.set(k, (counts.get(k) ?? 0) + 1); }
  let best = ['-', 0];
  for (const e of counts) if (e[1] > best[1]) best = e;
  return best;
};

async function figures(label, ids, placement, limit) {
  const brand = [], whole = [], category = [], lenses = [], top = new Map();
  let ranked = true;
  for (const id of ids) {
    const items = await ask(id, placement, limit);
    const [b, count] = most(items, (i) => i.brand?.toLowerCase());
    brand.push(count);
    whole.push(most(items, (i) => i.brand?.toLowerCase(), limit)[1]);
    top.set(b, (top.get(b) ?? 0) + 1);
    category.push(most(items, (i) => i.categoryPath?.slice(0, 2).join('/'))[1]);
    lenses.push(items.filter((i) => /lens/i.test(i.categoryPath?.[0] ?? '')).length);
    ranked &&= items.every((i, r) => i.features.rank === r);
  }
  const mean = (a) => (a.reduce((s, x) => s + x, 0) / a.length).toFixed(1);
  console.log(`${label.padEnd(40)} brand in first 8: max ${Math.max(...brand)} mean ${mean(brand)} (most often ${[...top].sort((a, b) => b[1] - a[1])[0][0]}), in all ${limit}: max ${Math.max(...whole)}`
    + ` | category in first 8: max ${Math.max(...category)} | lens items: mean ${mean(lenses)} of ${limit} | rank = order: ${ranked}`);
}

const fresh = Array.from({ length: n }, (_, i) => `div-fresh-${i}`);
await figures(`home-trending, ${n} anonymous`, fresh, 'home-trending', 10);
await figures(`home-for-you, ${n} anonymous`, fresh, 'home-for-you', 10);

// contact-lens wearers: shoppers of the history who bought a contact lens (ids CL-…)
const res = await fetch(`${values.endpoint}/v1/admin/events?site=${site}&type=purchase`, { headers: { authorization: `Bearer ${values['admin-key']}` } });
if (!res.ok) throw new Error(`admin events: HTTP ${res.status}`);
const wearers = new Set();
for (const line of (await res.text()).split('\n')) {
  if (!line) continue;
  const e = JSON.parse(line);
  if (e.event.properties.lineItems.some((l) => l.productId.startsWith('CL-'))) wearers.add(e.anonymousId);
}
const some = [...wearers].slice(-n);
await figures(`home-for-you, ${some.length} lens wearers`, some, 'home-for-you', 10);
await figures(`email-for-you, ${some.length} lens wearers`, some, 'email-for-you', 6);
