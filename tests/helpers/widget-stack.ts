/**
 * What the widget browser suites run against: the fake recommendations server, a static server for the test pages
 * (`pages`, filled in as tests go) and Chromium. `close()` stops whatever was started.
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { serveStatic, type StaticServer } from './static-server.js';
import { startRecsServer, type RecsServer } from '../../packages/widgets/test/browser/recs-server.js';

export interface WidgetStack { recs: RecsServer; site: StaticServer; browser: Browser; close(): Promise<void> }

export async function startWidgetStack(pages: Record<string, string>): Promise<WidgetStack> {
  const started: Partial<WidgetStack> = {};
  const close = async () => {
    await started.browser?.close();
    await started.site?.close();
    await started.recs?.close();
  };
  try {
    started.recs = await startRecsServer();
    started.site = await serveStatic(process.cwd(), pages);
    started.browser = await launchChromium();
  } catch (error) {
    await close();
    throw error;
  }
  return { ...(started as Omit<WidgetStack, 'close'>), close };
}
