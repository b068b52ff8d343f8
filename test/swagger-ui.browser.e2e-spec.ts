import { mkdirSync, rmSync } from 'node:fs';
import { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { Browser } from 'playwright-core';
import { keepPageOnLoopback, launchDebianChromium } from './support/debian-chromium';
import { uiPrefillOf } from './support/openapi-parameter-example';
import { TEST_DATABASE_URL, describeWithPostgres } from './support/real-servers';
import { guardResolver } from './support/resolver-guard';
import {
  HttpMethod,
  LiveResponse,
  SwaggerUiOperation,
  SwaggerUiPage,
} from './support/swagger-ui-page';
import { TestApp, createPostgresDatabase, createTestApp } from './support/test-app';

const BASE = '/v1/management/connections';
/** Git-ignored; the screenshots of the last run (after the run, and of any failing step). */
const ARTIFACTS = resolve(__dirname, '..', 'test-artifacts', 'swagger-ui');
/** What a user types in X-Product-Name when the UI leaves the field empty. */
const TYPED_PRODUCT = 'reports';
/** The name the validate-schema example maps fields of. */
const MAPPED_CONFIG_NAME = 'production-db';
const STEP_TIMEOUT_MS = 120_000;

const TABLES_SQL = `
CREATE TABLE accounts (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE transactions (account_id integer NOT NULL REFERENCES accounts (id), amount numeric(12, 2) NOT NULL);
`;

/** A step cannot run because an earlier one failed: reported as such, without a screenshot. */
class MissingPrerequisite extends Error {}

const isSuccess = (response: LiveResponse) => response.status >= 200 && response.status < 300;
const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

describeWithPostgres(
  'Swagger UI at /docs: the first "Try it out" of a new user answers 2xx (Debian chromium, real PostgreSQL)',
  () => {
    let t: TestApp | undefined;
    let browser: Browser | undefined;
    let ui: SwaggerUiPage | undefined;
    let baseUrl: string;
    let document: unknown;
    let refusedUrls: string[] = [];
    let resolver: ReturnType<typeof guardResolver> | undefined;
    let database: { url: string; drop(): Promise<void> } | undefined;
    const state: { product?: string; exampleId?: string; localId?: string; cloneId?: string } = {};
    /** The operation the running step works in, for its failure screenshot. */
    const last: { operation?: SwaggerUiOperation } = {};

    /** Expands an operation and clicks "Try it out", as a user starts every step. */
    const tryItOut = async (method: HttpMethod, path: string): Promise<SwaggerUiOperation> => {
      if (!ui)
        throw new MissingPrerequisite('the Swagger UI did not open (see the failure of beforeAll)');
      const operation = ui.operation(method, path);
      last.operation = operation;
      await operation.tryItOut();
      return operation;
    };
    const needs = (value: string | undefined, what: string): string => {
      if (value === undefined)
        throw new MissingPrerequisite(
          `this step needs ${what}, which an earlier step did not produce`,
        );
      return value;
    };

    /** A step of the walk-through; on failure it saves a screenshot of the operation and prints its path. */
    const step = (name: string, body: () => Promise<void>) =>
      it(
        name,
        async () => {
          last.operation = undefined;
          try {
            await body();
          } catch (error) {
            if (ui && !(error instanceof MissingPrerequisite)) {
              const shot = join(ARTIFACTS, `failure-${slug(name)}.png`);
              await (last.operation ?? ui).screenshot(shot).then(
                () => console.log(`Swagger UI screenshot of the failure: ${shot}`),
                (shotError: unknown) => console.log(`no failure screenshot: ${String(shotError)}`),
              );
            }
            throw error;
          }
        },
        STEP_TIMEOUT_MS,
      );

    /**
     * The X-Product-Name field as a user meets it: when the document gives an example the UI fills
     * it in and we check that value instead of typing; otherwise the user types a product.
     */
    const productHeader = async (op: SwaggerUiOperation): Promise<string> => {
      const prefill = uiPrefillOf(document, op.method, op.path, 'X-Product-Name', 'header');
      const shown = await op.parameterValue('X-Product-Name');
      if (prefill !== undefined) {
        expect(shown).toBe(prefill);
        return shown;
      }
      expect(shown).toBe('');
      await op.fillParameter('X-Product-Name', TYPED_PRODUCT);
      return TYPED_PRODUCT;
    };

    /**
     * Clicks Execute and fails, with the body the UI shows, unless the live response is 2xx and
     * neither the service nor the page reached for anything outside this machine meanwhile.
     */
    const execute = async (op: SwaggerUiOperation): Promise<LiveResponse> => {
      const names = resolver?.refused.length ?? 0;
      const urls = refusedUrls.length;
      const response = await op.execute();
      const resolved = resolver?.refused.slice(names) ?? [];
      const fetched = refusedUrls.slice(urls);
      if (resolved.length > 0 || fetched.length > 0) {
        throw new Error(
          `${op.title} reached outside this machine: the service asked to resolve [${resolved.join(', ')}], ` +
            `the page asked for [${fetched.join(', ')}] (both refused by the test)`,
        );
      }
      if (!isSuccess(response)) {
        throw new Error(
          `${op.title}: the Swagger UI shows ${response.code} for the live response, not 2xx. ` +
            `What it shows:\n${response.body || response.details}`,
        );
      }
      return response;
    };

    beforeAll(async () => {
      rmSync(ARTIFACTS, { recursive: true, force: true });
      mkdirSync(ARTIFACTS, { recursive: true });
      resolver = guardResolver();
      browser = await launchDebianChromium();
      database = await createPostgresDatabase(TEST_DATABASE_URL!);
      const admin = new Client({ connectionString: database.url });
      await admin.connect();
      try {
        await admin.query(TABLES_SQL);
      } finally {
        await admin.end();
      }
      t = await createTestApp({ store: 'sqlite' });
      await t.app.listen(0, '127.0.0.1');
      const { port } = (t.app.getHttpServer() as Server).address() as AddressInfo;
      baseUrl = `http://127.0.0.1:${port}`;
      document = (await t.http.get('/docs-json').expect(200)).body;
      const browserPage = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      refusedUrls = await keepPageOnLoopback(browserPage);
      ui = new SwaggerUiPage(browserPage);
      await ui.open(baseUrl);
    }, 180_000);

    afterAll(async () => {
      // A record for whoever reads the artifacts, not a check: a full-page capture that times out
      // on a loaded machine is reported, and neither fails the suite nor skips the clean-up.
      if (ui) {
        const shot = join(ARTIFACTS, 'after-run.png');
        await ui.screenshot(shot).then(
          () => console.log(`Swagger UI screenshot after the run: ${shot}`),
          (shotError: unknown) => console.log(`no screenshot after the run: ${String(shotError)}`),
        );
      }
      await browser?.close();
      await t?.close();
      await database?.drop();
      resolver?.restore();
    }, 120_000);

    step('create: the default example, untouched, with X-Product-Name → 201', async () => {
      const op = await tryItOut('post', BASE);
      state.product = await productHeader(op);
      const example = JSON.parse(await op.body()) as { host: string };
      const response = await execute(op);
      expect(response.status).toBe(201);
      const created = JSON.parse(response.body) as { id: string; host: string };
      expect(created.host).toBe(example.host);
      state.exampleId = created.id;
    });

    step(
      'import: the default example (a URI of db.example.com), untouched, with X-Product-Name → 201, nothing dialled',
      async () => {
        const op = await tryItOut('post', `${BASE}/import`);
        expect(await productHeader(op)).toBe(state.product);
        const example = JSON.parse(await op.body()) as { configName: string; uri: string };
        expect(new URL(example.uri).hostname).toBe('db.example.com');
        const response = await execute(op);
        expect(response.status).toBe(201);
        const imported = JSON.parse(response.body) as { configName: string; host: string };
        expect(imported).toMatchObject({ configName: example.configName, host: 'db.example.com' });
      },
    );

    step(
      'list: the defaults with X-Product-Name → 200, and it lists the connection just created',
      async () => {
        const id = needs(state.exampleId, 'the id returned by create');
        const op = await tryItOut('get', BASE);
        expect(await productHeader(op)).toBe(state.product);
        const response = await execute(op);
        const ids = (JSON.parse(response.body) as { items: { id: string }[] }).items.map(
          (item) => item.id,
        );
        expect(ids).toContain(id);
      },
    );

    step('unassigned: the defaults → 200', async () => {
      const op = await tryItOut('get', `${BASE}/unassigned`);
      await execute(op);
    });

    step('get: the id returned by create, with X-Product-Name → 200', async () => {
      const id = needs(state.exampleId, 'the id returned by create');
      const op = await tryItOut('get', `${BASE}/{id}`);
      await op.fillParameter('id', id);
      expect(await productHeader(op)).toBe(state.product);
      const response = await execute(op);
      expect((JSON.parse(response.body) as { id: string }).id).toBe(id);
    });

    step(
      'PATCH: the default example, untouched, on the id returned by create, with X-Product-Name → 200',
      async () => {
        const id = needs(state.exampleId, 'the id returned by create');
        const op = await tryItOut('patch', `${BASE}/{id}`);
        await op.fillParameter('id', id);
        expect(await productHeader(op)).toBe(state.product);
        // The example the UI fills in moves nothing, so it needs no password (credential guard, spec §3.4).
        const example = JSON.parse(await op.body()) as Record<string, unknown>;
        expect(
          Object.keys(example).filter((key) => ['type', 'host', 'port', 'ssl'].includes(key)),
        ).toEqual([]);
        const response = await execute(op);
        expect((JSON.parse(response.body) as { id: string }).id).toBe(id);
      },
    );

    step(
      'DELETE: the connection of the create example, so its configName can name a reachable one → 204',
      async () => {
        const id = needs(state.exampleId, 'the id returned by create');
        const op = await tryItOut('delete', `${BASE}/{id}`);
        await op.fillParameter('id', id);
        expect(await productHeader(op)).toBe(state.product);
        expect((await execute(op)).status).toBe(204);
      },
    );

    step(
      'test before saving: the example edited to this machine\'s PostgreSQL → 200 with "status": "success"',
      async () => {
        const target = new URL(needs(database?.url, 'the throwaway database'));
        const op = await tryItOut('post', `${BASE}/test`);
        const example = JSON.parse(await op.body()) as Record<string, unknown>;
        // The example is the create example without a name: untouched it would dial db.example.com.
        expect(example.configName).toBeUndefined();
        const edited = {
          ...example,
          host: target.hostname,
          port: Number(target.port || 5432),
          databaseName: target.pathname.slice(1),
          userName: decodeURIComponent(target.username || 'postgres'),
          // The machine's server does not speak TLS; the example's CA is for db.example.com.
          ssl: { mode: 'disable' },
          ...(target.password ? { password: decodeURIComponent(target.password) } : {}),
        };
        await op.setBody(JSON.stringify(edited, null, 2));
        const response = await execute(op);
        expect(JSON.parse(response.body)).toMatchObject({ status: 'success' });
      },
    );

    step(
      'history: the id of the deleted connection, with X-Product-Name → 200 with its trail, newest first',
      async () => {
        const id = needs(state.exampleId, 'the id returned by create');
        const op = await tryItOut('get', `${BASE}/{id}/history`);
        await op.fillParameter('id', id);
        expect(await productHeader(op)).toBe(state.product);
        const response = await execute(op);
        const trail = JSON.parse(response.body) as { items: { action: string }[] };
        expect(trail.items.map((event) => event.action)).toEqual(['deleted', 'updated', 'created']);
      },
    );

    step(
      `create: the example edited to this machine's PostgreSQL (configName ${MAPPED_CONFIG_NAME}) → 201`,
      async () => {
        const target = new URL(needs(database?.url, 'the throwaway database'));
        const op = await tryItOut('post', BASE);
        expect(await op.parameterValue('X-Product-Name')).toBe(
          needs(state.product, 'the product of create'),
        );
        const edited = {
          ...(JSON.parse(await op.body()) as Record<string, unknown>),
          configName: MAPPED_CONFIG_NAME,
          host: target.hostname,
          port: Number(target.port || 5432),
          databaseName: target.pathname.slice(1),
          userName: decodeURIComponent(target.username || 'postgres'),
          // The machine's server does not speak TLS; the example's CA is for db.example.com.
          ssl: { mode: 'disable' },
          ...(target.password ? { password: decodeURIComponent(target.password) } : {}),
        };
        await op.setBody(JSON.stringify(edited, null, 2));
        const response = await execute(op);
        expect(response.status).toBe(201);
        state.localId = (JSON.parse(response.body) as { id: string }).id;
      },
    );

    step(
      'test: the connection to this machine\'s PostgreSQL → 200 with "status": "success"',
      async () => {
        const op = await tryItOut('post', `${BASE}/{id}/test`);
        await op.fillParameter('id', needs(state.localId, 'the id of the local connection'));
        expect(await productHeader(op)).toBe(state.product);
        const response = await execute(op);
        expect(JSON.parse(response.body)).toMatchObject({ status: 'success' });
      },
    );

    step(
      "clone: the default example, untouched, on the connection to this machine's PostgreSQL → 201 with a new id and the same host",
      async () => {
        const localId = needs(state.localId, 'the id of the local connection');
        const op = await tryItOut('post', `${BASE}/{id}/clone`);
        await op.fillParameter('id', localId);
        expect(await productHeader(op)).toBe(state.product);
        const example = JSON.parse(await op.body()) as { configName: string };
        const response = await execute(op);
        expect(response.status).toBe(201);
        const cloned = JSON.parse(response.body) as {
          id: string;
          configName: string;
          host: string;
        };
        expect(cloned.id).not.toBe(localId);
        expect(cloned.configName).toBe(example.configName);
        expect(cloned.host).toBe(new URL(needs(database?.url, 'the throwaway database')).hostname);
        state.cloneId = cloned.id;
      },
    );

    step('test: the clone → 200 with "status": "success"', async () => {
      const op = await tryItOut('post', `${BASE}/{id}/test`);
      await op.fillParameter('id', needs(state.cloneId, 'the id returned by clone'));
      expect(await productHeader(op)).toBe(state.product);
      const response = await execute(op);
      expect(JSON.parse(response.body)).toMatchObject({ status: 'success' });
    });

    step(
      "schema: the connection to this machine's PostgreSQL → 200 with its two tables",
      async () => {
        const op = await tryItOut('get', `${BASE}/{id}/schema`);
        await op.fillParameter('id', needs(state.localId, 'the id of the local connection'));
        expect(await productHeader(op)).toBe(state.product);
        const response = await execute(op);
        expect(response.body).toContain('"transactions"');
        expect(response.body).toContain('"accounts"');
      },
    );

    step(
      'validate-schema: the default example, untouched → 200 with "status": "success"',
      async () => {
        needs(
          state.localId,
          `a connection named ${MAPPED_CONFIG_NAME} to this machine's PostgreSQL`,
        );
        const op = await tryItOut('post', `${BASE}/validate-schema`);
        expect(await productHeader(op)).toBe(state.product);
        const response = await execute(op);
        expect(JSON.parse(response.body)).toMatchObject({ status: 'success' });
      },
    );

    step('nothing was resolved, dialled or fetched outside this machine', () => {
      expect(resolver?.refused).toEqual([]);
      expect(refusedUrls).toEqual([]);
      return Promise.resolve();
    });
  },
);
