import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { resultsDir } from './stack';

export const screenshotsDir = join(resultsDir, 'screenshots');

/** Debian's Chromium (tests/browser/ensure-chromium.sh installs it), headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  });
}

/** Saves a full-page screenshot as a test artifact: tmp/test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotsDir, { recursive: true });
  // Let images and fonts settle, so the picture shows the page as a shopper sees it.
  await page.evaluate(async () => {
    // Scroll through once so lazy images load, then back to the top.
    for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight) {
      window.scrollTo(0, y);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    window.scrollTo(0, 0);
  });
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.screenshot({
    path: join(screenshotsDir, `${name}.png`),
    fullPage: true,
  });
}

export interface ApiProduct {
  id: string;
  slug: string;
  name: string;
  categoryId: string;
  stock: number;
  price: { amount: number; currency: string };
}

/** Products straight from the API, to choose what the shopper looks for. */
export async function apiProducts(gatewayUrl: string): Promise<ApiProduct[]> {
  const categories = await getJson<{ id: string }[]>(`${gatewayUrl}/api/categories`);
  const pages = await Promise.all(categories.map(({ id }) => getJson<{ items: ApiProduct[] }>(`${gatewayUrl}/api/products?category=${id}&limit=100`)));
  return pages.flatMap((page) => page.items);
}

export function apiProduct(gatewayUrl: string, id: string): Promise<ApiProduct> {
  return getJson<ApiProduct>(`${gatewayUrl}/api/products/${id}`);
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Polls `probe` until `accept` holds, failing with the last value seen (the page updates asynchronously). */
export async function until<T>(what: string, probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
