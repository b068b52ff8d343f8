import { IncomingMessage } from 'node:http';
import { json } from 'express';

/** Largest request body (spec §2): a longer one is 413 FET-0415. */
export const BODY_LIMIT = '1mb';

/** Reads a JSON body onto `request.body`; calls back with body-parser's error, or none. */
export type JsonBodyReader = (request: IncomingMessage, done: (error?: unknown) => void) => void;

/**
 * The one reader of request bodies, whichever framework serves the request: body-parser's JSON
 * reader (what `express.json()` is), on the Node request itself. It reads only `application/json`
 * bodies (any other leaves `body` undefined, so JsonBodyGuard names the Content-Type), inflates
 * gzip/deflate/br, refuses a body over BODY_LIMIT (413), a non-UTF charset, and anything but an
 * object or array at the top, with errors the FET filter maps (entity.too.large → FET-0415, the
 * rest → FET-0001). Using the same reader on both adapters is what makes their answers identical.
 */
export function jsonBodyReader(): JsonBodyReader {
  const read = json({ limit: BODY_LIMIT }) as unknown as (
    request: IncomingMessage,
    response: unknown,
    next: (error?: unknown) => void,
  ) => void;
  return (request, done) => {
    // What body-parser does with a request that has no body (type-is's hasBody: neither
    // Transfer-Encoding nor a numeric Content-Length), without its debug calls: every GET.
    if (
      request.headers['transfer-encoding'] === undefined &&
      Number.isNaN(Number(request.headers['content-length']))
    ) {
      const withBody = request as IncomingMessage & { body?: unknown };
      if (!('body' in withBody)) withBody.body = undefined;
      done();
      return;
    }
    read(request, undefined, done);
  };
}
