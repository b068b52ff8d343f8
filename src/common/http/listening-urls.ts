import { AddressInfo } from 'node:net';

/** The resource's base path (controllers `management/connections`, URI version 1) and the Swagger UI's. */
export const API_PATH = '/v1/management/connections';
export const DOCS_PATH = '/docs';

export interface ListeningUrls {
  api: string;
  docs: string;
}

/**
 * Where a client on this machine reaches a server bound at `address`: a server bound on every
 * interface (`::` or `0.0.0.0`) is reached on localhost; any other address as it is (IPv6 in brackets).
 */
export function listeningUrls(address: AddressInfo): ListeningUrls {
  const unspecified = address.address === '::' || address.address === '0.0.0.0';
  const host = unspecified
    ? 'localhost'
    : address.family === 'IPv6'
      ? `[${address.address}]`
      : address.address;
  const origin = `http://${host}:${address.port}`;
  return { api: `${origin}${API_PATH}`, docs: `${origin}${DOCS_PATH}` };
}

/** The last line of the start log. */
export function listeningMessage(urls: ListeningUrls): string {
  return `Connections API on ${urls.api} — Swagger UI on ${urls.docs}`;
}
