import type { Promotion } from '@focal/sdk-core/contracts';

const DAY = 24 * 60 * 60 * 1000;

/**
 * The demo promotions, relative to `now`: a student discount on frames (trait `student: true`), a contact-lens
 * subscription offer for shoppers with a contact-lens affinity, a scheduled summer sunglasses sale, and offers for
 * everyone so every slot always has something. Calls to action lead to pages of the example stores
 * (`/category/<slug>`: examples/storefront and examples/react-storefront serve each of them).
 */
export function demoPromotions(now: Date): Promotion[] {
  const ms = now.getTime();
  const year = now.getUTCMonth() >= 8 ? now.getUTCFullYear() + 1 : now.getUTCFullYear();
  const iso = (t: number) => new Date(t).toISOString();
  return [
    {
      id: 'promo-student-frames',
      slot: 'home-hero',
      title: 'Students: 20% off all frames',
      body: 'Show your student card once and save on every pair of optical frames and sunglasses, lenses included.',
      image: { url: '/img/promo-student-frames.svg', alt: 'Two students trying on round glasses', width: 1200, height: 500 },
      cta: { label: 'Shop frames', url: '/category/optical-frames' },
      startsAt: iso(ms - 60 * DAY),
      priority: 100,
      segment: { traits: { student: true } },
      source: 'local',
    },
    {
      id: 'promo-contacts-subscription',
      slot: 'home-hero',
      title: 'Never run out: subscribe to your contact lenses and save 15%',
      body: 'We ship your next box before the current one runs out. Pause or cancel at any time.',
      image: { url: '/img/promo-contacts-subscription.svg', alt: 'A box of daily contact lenses beside a calendar', width: 1200, height: 500 },
      cta: { label: 'Choose your lenses', url: '/category/contact-lenses' },
      startsAt: iso(ms - 30 * DAY),
      priority: 80,
      segment: { categories: ['Contact lenses'], minAffinity: 0.1 },
      source: 'local',
    },
    {
      id: 'promo-summer-sunglasses',
      slot: 'home-hero',
      title: 'Summer sale: 30% off sunglasses',
      body: 'Polarised and prescription-ready sunglasses for the summer, while stocks last.',
      image: { url: '/img/promo-summer-sunglasses.svg', alt: 'Aviator sunglasses on a beach towel', width: 1200, height: 500 },
      cta: { label: 'Shop sunglasses', url: '/category/sunglasses' },
      startsAt: `${year}-06-01T00:00:00.000Z`,
      endsAt: `${year}-08-31T23:59:59.999Z`,
      priority: 90,
      source: 'local',
    },
    {
      id: 'promo-free-eye-test',
      slot: 'home-hero',
      title: 'Free eye test with every pair of glasses',
      body: 'Book a 30-minute eye test in any of our stores; it is free when you order frames with prescription lenses.',
      image: { url: '/img/promo-free-eye-test.svg', alt: 'An optician at a phoropter', width: 1200, height: 500 },
      cta: { label: 'Choose your frames', url: '/category/optical-frames' },
      startsAt: iso(ms - 90 * DAY),
      priority: 10,
      source: 'local',
    },
    {
      id: 'promo-free-case',
      slot: 'cart-banner',
      title: 'Free hard-shell case with any frame',
      body: 'Add any optical frame to your cart and we include a hard-shell case and a cleaning cloth.',
      cta: { label: 'See cases', url: '/category/accessories' },
      startsAt: iso(ms - 14 * DAY),
      endsAt: iso(ms + 45 * DAY),
      priority: 50,
      source: 'local',
    },
  ];
}
