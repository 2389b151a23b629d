import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ContentProviderError, type ContentProvider, type ProviderResult } from './provider.js';
import { finalise } from './normalise.js';

/** The demo promotions shipped with the package (`content/promotions.demo.json`), from sources or from `dist/`. */
export function defaultPromotionsFile(): string {
  const candidates = ['../../content/promotions.demo.json', '../content/promotions.demo.json']
    .map((relative) => fileURLToPath(new URL(relative, import.meta.url)));
  return candidates.find((path) => existsSync(path)) ?? candidates[0];
}

/**
 * Promotions from a local JSON file: an array of promotions, or `{ "promotions": [...] }`. The file is read on each
 * refresh, so editing it takes effect within the cache TTL. `source` defaults to `local`; invalid entries are skipped
 * with the field to fix.
 */
export function createLocalProvider(options: { file?: string } = {}): ContentProvider {
  const file = options.file ?? defaultPromotionsFile();
  return {
    name: 'local',
    async fetchPromotions(): Promise<ProviderResult> {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new ContentProviderError('local', `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check FOCAL_CONTENT_FILE / content.file`);
      }
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (error) {
        throw new ContentProviderError('local', `${file} is not valid JSON (${(error as Error).message})`);
      }
      const items = Array.isArray(data) ? data : (data as { promotions?: unknown })?.promotions;
      if (!Array.isArray(items)) throw new ContentProviderError('local', `${file} must hold an array of promotions or { "promotions": [...] }`);
      const result: ProviderResult = { promotions: [], skipped: [] };
      items.forEach((item, index) => {
        const id = typeof (item as { id?: unknown })?.id === 'string' ? (item as { id: string }).id : `#${index}`;
        const outcome = finalise(id, item && typeof item === 'object' ? { source: 'local', ...item } : item);
        if ('promotion' in outcome) result.promotions.push(outcome.promotion);
        else result.skipped.push(outcome.skipped);
      });
      return result;
    },
  };
}
