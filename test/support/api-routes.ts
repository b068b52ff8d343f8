import { Test } from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { Permission } from '../../src/auth/permission';
import { BASE, connectionBody } from './store-rows';

/** One API route as a caller sends it: the operation's name in the OpenAPI document, and a request. */
export interface ApiRoute {
  /** `METHOD /path` as in the OpenAPI document. */
  operation: string;
  permission: Permission;
  /** A well-formed request to the route; `id` fills `{id}`, `configName` names the data source of validate-schema. */
  request(http: TestAgent, target: { id: string; configName: string }): Test;
}

/** A test-before-saving body: a create body without its configName, to a host nobody resolves. */
function unsavedTestBody(): Record<string, unknown> {
  const body = connectionBody({ host: 'unsaved-route.invalid' });
  delete body.configName;
  return body;
}

/** Every route of the API (a suite checks this list against the OpenAPI document, so none is missed). */
export const API_ROUTES: readonly ApiRoute[] = [
  {
    operation: `POST ${BASE}`,
    permission: Permission.Write,
    request: (http) => http.post(BASE).set('X-Product-Name', 'reports').send(connectionBody()),
  },
  {
    operation: `POST ${BASE}/import`,
    permission: Permission.Write,
    request: (http) =>
      http
        .post(`${BASE}/import`)
        .set('X-Product-Name', 'reports')
        .send({
          configName: String(connectionBody().configName),
          uri: 'postgresql://reporter:S3cret-pa55word!@db.invalid:5432/app',
        }),
  },
  { operation: `GET ${BASE}`, permission: Permission.Read, request: (http) => http.get(BASE) },
  {
    operation: `GET ${BASE}/unassigned`,
    permission: Permission.Read,
    request: (http) => http.get(`${BASE}/unassigned`),
  },
  {
    operation: `GET ${BASE}/{id}`,
    permission: Permission.Read,
    request: (http, { id }) => http.get(`${BASE}/${id}`),
  },
  {
    operation: `PATCH ${BASE}/{id}`,
    permission: Permission.Write,
    request: (http, { id }) => http.patch(`${BASE}/${id}`).send({ metadata: { touched: 'yes' } }),
  },
  {
    operation: `DELETE ${BASE}/{id}`,
    permission: Permission.Write,
    request: (http, { id }) => http.delete(`${BASE}/${id}`),
  },
  {
    operation: `POST ${BASE}/{id}/assign`,
    permission: Permission.Write,
    request: (http, { id }) => http.post(`${BASE}/${id}/assign`).set('X-Product-Name', 'reports'),
  },
  {
    operation: `POST ${BASE}/{id}/clone`,
    permission: Permission.Write,
    request: (http, { id }) =>
      http.post(`${BASE}/${id}/clone`).send({ configName: `clone-${id.slice(-12)}` }),
  },
  {
    operation: `POST ${BASE}/{id}/test`,
    permission: Permission.Test,
    request: (http, { id }) => http.post(`${BASE}/${id}/test`),
  },
  {
    operation: `POST ${BASE}/test`,
    permission: Permission.Test,
    // A `.invalid` host: answered HOST_NOT_FOUND without a lookup, so nothing is dialled.
    request: (http) => http.post(`${BASE}/test`).send(unsavedTestBody()),
  },
  {
    operation: `GET ${BASE}/{id}/schema`,
    permission: Permission.Read,
    request: (http, { id }) => http.get(`${BASE}/${id}/schema`),
  },
  {
    operation: `GET ${BASE}/{id}/history`,
    permission: Permission.Read,
    request: (http, { id }) => http.get(`${BASE}/${id}/history`),
  },
  {
    operation: `POST ${BASE}/validate-schema`,
    permission: Permission.Read,
    request: (http, { configName }) =>
      http
        .post(`${BASE}/validate-schema`)
        .send({ mappedFields: { [configName]: { accounts: ['id'] } } }),
  },
];

/** `METHOD /path` of every operation of an OpenAPI document. */
export function documentedOperations(document: {
  paths: Record<string, Record<string, unknown>>;
}): string[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}
