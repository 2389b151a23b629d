/**
 * Launches Debian's Chromium through playwright-core (no browser download exists on these machines).
 * Path from CHROMIUM_PATH, else /usr/bin/chromium. Fails loudly when it is missing.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';

export const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic',
];

export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`Chromium not found at ${path}. Install it with "apt-get install -y chromium" or set CHROMIUM_PATH.`);
  }
  return path;
}

export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_FLAGS, ...(options.args ?? [])], ...options });
}

/** A persistent context (its own profile dir), for tests that need IndexedDB to survive a reload or span tabs. */
export async function launchPersistent(options: Parameters<typeof chromium.launchPersistentContext>[1] = {}): Promise<BrowserContext> {
  const dir = mkdtempSync(join(tmpdir(), 'focal-chromium-'));
  return chromium.launchPersistentContext(dir, { executablePath: chromiumPath(), headless: true, args: [...CHROMIUM_FLAGS, ...(options.args ?? [])], ...options });
}
