import { Locator, Page } from 'playwright-core';

/** Waits for UI elements are generous: the suite runs on a loaded 2-core machine. */
export const UI_WAIT_MS = 30_000;
const RESPONSE_WAIT_MS = 60_000;

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** What the UI shows under "Server response" after Execute. */
export interface LiveResponse {
  /** The code column as shown (a number, or e.g. "Undocumented" when the fetch itself failed). */
  code: string;
  status: number;
  /** The "Response body" block, empty for a response without body. */
  body: string;
  /** Everything the details column shows (body, headers or the UI's own error text). */
  details: string;
}

/** One operation block of the Swagger UI, found as a user finds it: by method and path. */
export class SwaggerUiOperation {
  readonly root: Locator;

  constructor(
    private readonly page: Page,
    readonly method: HttpMethod,
    readonly path: string,
  ) {
    this.root = page.locator(
      `.opblock.opblock-${method}:has(.opblock-summary-path[data-path="${path}"])`,
    );
  }

  get title(): string {
    return `${this.method.toUpperCase()} ${this.path}`;
  }

  /** Expands the operation (if closed) and clicks "Try it out" (if not already editing). */
  async tryItOut(): Promise<void> {
    await this.root.waitFor({ timeout: UI_WAIT_MS });
    const classes = (await this.root.getAttribute('class', { timeout: UI_WAIT_MS })) ?? '';
    if (!classes.split(/\s+/).includes('is-open')) {
      await this.root.locator('.opblock-summary-control').click({ timeout: UI_WAIT_MS });
    }
    const execute = this.root.locator('button.execute');
    if (!(await execute.isVisible())) {
      await this.root.locator('button.try-out__btn').click({ timeout: UI_WAIT_MS });
    }
    await execute.waitFor({ timeout: UI_WAIT_MS });
  }

  private parameterInput(name: string): Locator {
    return this.root
      .locator(`tr[data-param-name="${name}"]`)
      .locator('input, select, textarea')
      .first();
  }

  /** The value the UI put in a parameter's field before the user touched it. */
  async parameterValue(name: string): Promise<string> {
    const input = this.parameterInput(name);
    await input.waitFor({ timeout: UI_WAIT_MS });
    return input.inputValue();
  }

  async fillParameter(name: string, value: string): Promise<void> {
    const input = this.parameterInput(name);
    await input.fill(value, { timeout: UI_WAIT_MS });
  }

  private get bodyEditor(): Locator {
    return this.root.locator('textarea.body-param__text');
  }

  /** The request body as the UI shows it in the editor. */
  async body(): Promise<string> {
    await this.bodyEditor.waitFor({ timeout: UI_WAIT_MS });
    return this.bodyEditor.inputValue();
  }

  async setBody(text: string): Promise<void> {
    await this.bodyEditor.fill(text, { timeout: UI_WAIT_MS });
  }

  /** A screenshot of this operation block: its fields, the request sent and the response shown. */
  async screenshot(path: string): Promise<void> {
    await this.root.screenshot({ path, timeout: UI_WAIT_MS });
  }

  /** Clicks Execute (after clearing an earlier answer) and reads the live response the UI shows. */
  async execute(): Promise<LiveResponse> {
    const clear = this.root.locator('button.btn-clear');
    if (await clear.isVisible()) await clear.click({ timeout: UI_WAIT_MS });
    const row = this.root.locator('.live-responses-table tbody tr.response');
    await row.waitFor({ state: 'detached', timeout: UI_WAIT_MS });
    await this.root.locator('button.execute').click({ timeout: UI_WAIT_MS });
    await row.waitFor({ timeout: RESPONSE_WAIT_MS });
    const code = (await row.locator('.response-col_status').innerText()).trim();
    const bodyBlock = row.locator('.response-col_description .highlight-code pre');
    const body = (await bodyBlock.count()) > 0 ? await bodyBlock.first().innerText() : '';
    const details = await row.locator('.response-col_description').innerText();
    return { code, status: /^\d{3}$/.test(code) ? Number(code) : Number.NaN, body, details };
  }
}

/** The Swagger UI served at /docs, driven through its own controls. */
export class SwaggerUiPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(`${baseUrl}/docs`, { timeout: UI_WAIT_MS });
    await this.page.locator('.opblock').first().waitFor({ timeout: UI_WAIT_MS });
  }

  operation(method: HttpMethod, path: string): SwaggerUiOperation {
    return new SwaggerUiOperation(this.page, method, path);
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true, timeout: UI_WAIT_MS });
  }
}
