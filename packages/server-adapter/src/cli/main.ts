import { ConfigError } from '../config/load.js';
import { IMPORT_USAGE, runImportCatalog } from './import-catalog.js';
import { SEED_USAGE, runSeed } from './seed.js';
import { SERVE_USAGE, runServe } from './serve.js';
import { UsageError } from './usage.js';

/** One CLI command: a one-line summary, its usage text and what runs it (resolves to an exit code or nothing). */
export interface Command {
  summary: string;
  usage?: string;
  run(argv: string[], out: (line: string) => void): Promise<number | void>;
}

/**
 * The dispatch table of `focal-adapter`. Other modules add ONE line each, importing lazily, e.g.
 * `train: { summary: 'train the reranker', run: async (argv, out) => (await import('../training/cli.js')).runTrain(argv, out) },`
 */
export const COMMANDS: Record<string, Command> = {
  serve: { summary: 'start the adapter', usage: SERVE_USAGE, run: (argv, out) => runServe(argv, out) },
  seed: { summary: 'create the demo site and load its catalog and history', usage: SEED_USAGE, run: (argv, out) => runSeed(argv, out) },
  'import-catalog': { summary: 'import a JSON, NDJSON or CSV product feed', usage: IMPORT_USAGE, run: (argv, out) => runImportCatalog(argv, out) },
  // ── Commands of other modules: one line each (train, eval, report) ───────────────────────────────────────────
  train: { summary: 'train the on-device reranker from the logged events', run: async (argv, out) => (await import('../training/cli.js')).runTrain(argv, out) },
  activate: { summary: 'serve a model trained before (a train --no-activate candidate, or a stored version)', run: async (argv, out) => (await import('../training/cli.js')).runActivate(argv, out) },
  eval: { summary: 'offline next-item evaluation of a session log (popularity, server order, reranked)', run: async (argv, out) => (await import('../training/cli.js')).runEval(argv, out) },
  report: { summary: 'attributed results, experiments and model health (--json for the whole report)', usage: 'focal-adapter report --help', run: async (argv, out) => (await import('../report/cli.js')).runReport(argv, out) },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return ['usage: focal-adapter <command> [options]   (focal-adapter <command> --help for its options)', '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)].join('\n');
}

/** Runs the CLI; resolves to the process exit code. Mistakes print one clear line each (no stack trace). */
export async function main(argv: string[], err: (line: string) => void = console.error, out: (line: string) => void = console.log): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    err(`unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  try {
    return (await command.run(rest, out)) ?? 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      err(error.message);
      return 2;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`focal-adapter ${name}: ${(error as Error).message}${command.usage ? `\n\n${command.usage}` : ''}`);
      return 2;
    }
    err(`focal-adapter ${name}: ${(error as Error).message}`);
    return 1;
  }
}
