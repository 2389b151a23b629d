import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage.js';

/**
 * `parseArgs` of node:util (strict unless said otherwise), refusing a flag given more than once unless it is `multiple`:
 * parseArgs keeps the last one without a word, so `serve --port abc --port 3` listened on port 3 and
 * `import-catalog --site pk_a … --site pk_b` imported into pk_b.
 * @throws UsageError naming the flag and the values given.
 */
export function parseFlags<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  const parsed = parseArgs({ strict: true, ...config, tokens: true });
  const seen = new Map<string, string | undefined>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option' || config.options?.[token.name]?.multiple) continue;
    if (seen.has(token.name)) {
      const shown = (value: string | undefined) => (value === undefined ? '' : ` ${JSON.stringify(value.slice(0, 40))}`);
      throw new UsageError(`--${token.name} is given more than once (--${token.name}${shown(seen.get(token.name))}, then --${token.name}${shown(token.value)}); give it once`);
    }
    seen.set(token.name, token.value);
  }
  return parsed as ReturnType<typeof parseArgs<T>>;
}
