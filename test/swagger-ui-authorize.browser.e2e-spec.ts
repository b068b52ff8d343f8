import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Browser, Page } from 'playwright-core';
import { keepPageOnLoopback, launchDebianChromium } from './support/debian-chromium';
import { SwaggerUiPage, UI_WAIT_MS } from './support/swagger-ui-page';
import { TestApp, createTestApp } from './support/test-app';
import { TestIssuer } from './support/token-issuer';

const BASE = '/v1/management/connections';

/** Opens the UI's "Authorize" dialog, enters the bearer token, confirms and closes it, as a user does. */
async function authorize(page: Page, token: string): Promise<void> {
  await page.locator('.auth-wrapper button.authorize').click({ timeout: UI_WAIT_MS });
  const dialog = page.locator('.modal-ux');
  await dialog.locator('input').first().fill(token, { timeout: UI_WAIT_MS });
  await dialog.locator('.auth-btn-wrapper button.authorize').click({ timeout: UI_WAIT_MS });
  await dialog.locator('.auth-btn-wrapper button.btn-done').click({ timeout: UI_WAIT_MS });
}

describe('Swagger UI at /docs with authentication on: "Authorize" takes a bearer token (Debian chromium)', () => {
  let issuer: TestIssuer;
  let t: TestApp;
  let browser: Browser | undefined;
  let ui: SwaggerUiPage;
  let refused: string[] = [];

  beforeAll(async () => {
    issuer = await TestIssuer.start();
    t = await createTestApp({ env: issuer.env({ secret: true }) });
    await t.app.listen(0, '127.0.0.1');
    const { port } = (t.app.getHttpServer() as Server).address() as AddressInfo;
    browser = await launchDebianChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    refused = await keepPageOnLoopback(page);
    ui = new SwaggerUiPage(page);
    await ui.open(`http://127.0.0.1:${port}`);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await issuer?.close();
  }, 120_000);

  it('list without a token → 401 FET-0041; after "Authorize" with a token → 200', async () => {
    const list = ui.operation('get', BASE);
    await list.tryItOut();
    const before = await list.execute();
    expect(before.status).toBe(401);
    expect(before.body).toContain('FET-0041');
    await authorize(ui.page, await issuer.token('acme', { alg: 'HS256' }));
    const after = await list.execute();
    expect({ status: after.status, body: after.body }).toEqual({
      status: 200,
      body: expect.stringContaining('"items"'),
    });
    expect(refused).toEqual([]);
  }, 120_000);
});
