import { existsSync } from 'node:fs';
import { Browser, Page, chromium } from 'playwright-core';

/** The distribution's browser; playwright never downloads one here (`.ci/run` installs this). */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Launches Debian chromium headless; a missing browser is a failure with the fix, never a skip. */
export async function launchDebianChromium(): Promise<Browser> {
  if (!existsSync(DEBIAN_CHROMIUM)) {
    throw new Error(
      `Debian chromium is not installed at ${DEBIAN_CHROMIUM}: the Swagger UI browser suite needs it ` +
        '(apt-get install -y chromium; .ci/run installs it when it is missing). Playwright must not download a browser.',
    );
  }
  return chromium.launch({ executablePath: DEBIAN_CHROMIUM, headless: true });
}

const isLoopback = (url: URL) =>
  url.hostname === 'localhost' ||
  url.hostname === '[::1]' ||
  /^127\.\d+\.\d+\.\d+$/.test(url.hostname);

/**
 * Keeps the page on this machine: every request to a host outside 127.0.0.0/8 is aborted and
 * recorded, so a test can assert that the page tried to reach nothing outside.
 */
export async function keepPageOnLoopback(page: Page): Promise<string[]> {
  const refused: string[] = [];
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || isLoopback(url))
      return route.continue();
    refused.push(url.toString());
    return route.abort('blockedbyclient');
  });
  return refused;
}
