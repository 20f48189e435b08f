/// <reference lib="dom" />
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, which .ci/run installs when it is missing; GRADCHECK_CHROMIUM names another. */
export const CHROMIUM = process.env.GRADCHECK_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/**
 * Headless Chromium as the machine allows it: no sandbox (root), no GPU, and none of its own traffic (background
 * networking, updates, sync), in a fresh profile (playwright's own, made empty at each launch), so that every request
 * a page makes is the page's.
 */
export async function launch(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const flags = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
  ];
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...flags, '--disable-component-update', '--disable-sync'],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** What a page did while it loaded: its console errors, page errors and every request it made. */
export interface Opened {
  page: Page;
  errors: string[];
  requests: string[];
  /** Milliseconds from navigation to the load event, the page drawn. */
  loadMs: number;
}

/** A file opened from file://, in a page of the given colour scheme, recording what it asks for. */
export async function openFile(
  browser: Browser,
  file: string,
  options: { colorScheme?: 'light' | 'dark'; width?: number } = {},
): Promise<Opened> {
  const page = await browser.newPage({
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: options.width ?? 1200, height: 900 },
  });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  const url = pathToFileURL(file).href;
  const start = performance.now();
  await page.goto(url, { waitUntil: 'load' });
  // Layout and paint done: a frame after load.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
  const loadMs = performance.now() - start;
  return { page, errors, requests: requests.filter((r) => r !== url), loadMs };
}
