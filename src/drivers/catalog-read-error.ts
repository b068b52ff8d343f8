/**
 * The connection worked but the catalog could not be read (a catalog query failed or returned
 * something unexpected). The schema route maps it to 502 FET-1041; the native error stays in
 * `cause` and is never sent.
 */
export class CatalogReadError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('the catalog could not be read', options);
    this.name = 'CatalogReadError';
  }
}
