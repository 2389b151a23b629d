import type { FocalEvent } from '@focal/sdk-core/contracts';
import type { DemoCatalog } from './catalog.js';
import type { Intent, Shopper } from './shoppers.js';
import { runSession, type SessionPlan } from './session.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The window the history spans, in epoch milliseconds. */
export interface HistoryWindow {
  start: number;
  end: number;
}

function insertSorted(plans: SessionPlan[], plan: SessionPlan): void {
  let i = plans.length;
  while (i > 0 && plans[i - 1].start > plan.start) i--;
  plans.splice(i, 0, plan);
}

/** A visit's intent; sunglasses season fades from late summer (phase 0) to late autumn (phase 1). */
function pickIntent(shopper: Shopper, phase: number): Intent {
  const intents = Object.keys(shopper.interests) as Intent[];
  const season = (intent: Intent) => (intent === 'sunglasses' ? 1.7 - 1.4 * phase : 1);
  return intents[shopper.rng.weighted(intents.map((i) => (shopper.interests[i] ?? 0) * season(i)))];
}

/**
 * Every session of one shopper over the window, at most `budget` of them: their own visits at random times,
 * contact-lens re-orders as each box runs out, and lens visits a few days after frames bought without lenses.
 * Returns each session's events.
 */
export function simulateShopper(catalog: DemoCatalog, shopper: Shopper, window: HistoryWindow, budget: number): FocalEvent[][] {
  const { rng } = shopper;
  const plans: SessionPlan[] = [];
  for (let i = 0; i < shopper.visits; i++) {
    const start = Math.round(rng.range(window.start, window.end - 2 * 60 * MINUTE));
    insertSorted(plans, { start, intent: pickIntent(shopper, (start - window.start) / (window.end - window.start)) });
  }
  if (shopper.contact) {
    const first = window.start + rng.range(0, Math.min(shopper.contact.packDays, 60)) * DAY;
    insertSorted(plans, { start: Math.round(first), intent: 'contacts' });
  }
  const sessions: FocalEvent[][] = [];
  const bought = new Set<string>();
  let lastEnd = -Infinity;
  let identified = false;
  while (plans.length && sessions.length < budget) {
    const plan = plans.shift()!;
    plan.start = Math.max(plan.start, Math.round(lastEnd + 30 * MINUTE + rng.range(0, 120) * MINUTE));
    if (plan.start > window.end - 60 * MINUTE) continue;
    const identifyNow: boolean = !identified && shopper.identifyAt >= 0 && sessions.length >= shopper.identifyAt;
    const outcome = runSession(catalog, rng, shopper, bought, plan, {
      sessionId: `sess-${rng.token(16)}`, identified, identifyNow, ordinal: sessions.length,
      phase: (plan.start - window.start) / (window.end - window.start),
    });
    identified ||= identifyNow;
    sessions.push(outcome.events.filter((e) => Date.parse(e.createdAt) < window.end));
    lastEnd = outcome.end;
    if (outcome.framesWithoutLenses && rng.chance(0.85)) {
      insertSorted(plans, { start: Math.round(outcome.end + rng.range(1, 6) * DAY), intent: 'lenses' });
    }
    if (outcome.contactBoxes > 0 && shopper.contact) {
      const lasts = shopper.contact.packDays * outcome.contactBoxes;
      insertSorted(plans, { start: Math.round(outcome.end + (lasts + rng.range(-4, 2)) * DAY), intent: 'contacts' });
    }
  }
  return sessions;
}
