import { v5 as uuidv5 } from 'uuid';

/** The URL namespace of RFC 9562 (`6ba7b811-9dad-11d1-80b4-00c04fd430c8`), as spec §3.15 names it. */
export const PROVISIONED_ID_NAMESPACE = uuidv5.URL;

/**
 * The stable id of a provisioned connection: UUIDv5 of `<organization>/<configName>`, so every
 * instance, and every boot, gives an entry the same id. A configName holds no `/`, so the name is
 * never ambiguous.
 */
export function provisionedId(organizationId: string, configName: string): string {
  return uuidv5(`${organizationId}/${configName}`, PROVISIONED_ID_NAMESPACE);
}
