/**
 * The header names a response declares. openapi-typescript gives every response's `headers` a
 * catch-all `[name: string]: unknown`; this keeps only the names the document lists, so reading a
 * header the document does not declare is a compile error in the client.
 */
export type DeclaredHeaderName<Headers> = keyof {
  [Name in keyof Headers as string extends Name ? never : Name]: Headers[Name];
} &
  string;

/** Reads a header that the operation's response declares (`null` when the answer lacks it). */
export function declaredHeader<Headers>(
  response: Response,
  name: DeclaredHeaderName<Headers>,
): string | null {
  return response.headers.get(name);
}
