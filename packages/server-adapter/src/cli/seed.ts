import { parseFlags } from './flags.js';
import { seedDemo, DEMO_SITE_KEY } from '../seed/demo.js';
import { UsageError } from './usage.js';
import { STORE_FLAGS, configFromFlags, openConfiguredStore } from './store-flags.js';

export const SEED_USAGE = `focal-adapter seed --demo [--reset] [--sessions N] [--products N] [--seed N] [--origin URL ...] [--data-dir DIR | --database-url URL]
  Creates the demo site (${DEMO_SITE_KEY}) and loads the generated optical catalog and shopping history.
  Does nothing when the demo is already there, unless --reset. --origin (repeatable) also allows a storefront on
  another origin (e.g. http://localhost:3001), whether or not the demo was already there.`;

/** The origins of `--origin` flags; each must be an origin alone (scheme, host, optional port). */
function origins(values: string[] | undefined): string[] {
  return (values ?? []).map((value) => {
    let origin: string | undefined;
    try {
      origin = new URL(value).origin;
    } catch { /* reported below */ }
    if (!origin || origin === 'null' || origin !== value.replace(/\/$/, '')) throw new UsageError(`--origin must be an origin such as http://localhost:3001, got "${value}"`);
    return origin;
  });
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${flag} must be a whole number, got "${value}"`);
  return n;
}

/** `focal-adapter seed --demo`. */
export async function runSeed(argv: string[], out: (line: string) => void = console.log): Promise<void> {
  const { values } = parseFlags({
    args: argv, strict: true,
    options: { ...STORE_FLAGS, demo: { type: 'boolean' }, reset: { type: 'boolean' }, sessions: { type: 'string' }, products: { type: 'string' }, seed: { type: 'string' }, origin: { type: 'string', multiple: true } },
  });
  if (values.help) return out(SEED_USAGE);
  if (!values.demo) throw new UsageError('seed needs --demo (the only data set so far)');
  const sessions = positiveInt(values.sessions, 'sessions');
  const products = positiveInt(values.products, 'products');
  const seed = positiveInt(values.seed, 'seed');
  const extraOrigins = origins(values.origin);
  const config = configFromFlags(values);
  const { generateDemoData } = await import('../demo/index.js');
  const store = await openConfiguredStore(config);
  try {
    const result = await seedDemo(store, () => generateDemoData({
      ...(sessions !== undefined ? { sessions } : {}), ...(products !== undefined ? { products } : {}), ...(seed !== undefined ? { seed } : {}),
    }), { reset: Boolean(values.reset), extraOrigins, log: out });
    out(result.skipped
      ? `the demo is already seeded (${result.products} products, ${result.events} events); --reset starts over`
      : `seeded ${DEMO_SITE_KEY}: ${result.products} products, ${result.events} events in ${(result.ms / 1000).toFixed(1)} s`);
  } finally {
    await store.close();
  }
}
