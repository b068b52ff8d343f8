import { STATUS_CODES, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { FetErrorCode } from '../errors/fet-error-code';
import { FET_ERROR_CATALOG } from '../errors/fet-error-catalog';
import { fetErrorBody } from '../errors/fet-error-body';
import { REQUEST_ID_HEADER } from './request-id';

/** The FET code of an error Node's HTTP parser raised before any request object existed. */
export function clientErrorCode(error: NodeJS.ErrnoException): FetErrorCode {
  if (error.code === 'HPE_HEADER_OVERFLOW') return FetErrorCode.HeaderFieldsTooLarge;
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return FetErrorCode.RequestTimeout;
  return FetErrorCode.BadRequest;
}

/**
 * Answers a `clientError` of the HTTP server (oversized URL or headers, a malformed request, a
 * request that timed out) with the FET body and a request id, as Node's own handler would answer
 * with a bare status line: only while nothing of a response was written on the socket. Returns
 * the code answered with, or undefined when the socket could only be closed.
 */
export function answerClientError(
  error: NodeJS.ErrnoException,
  socket: Socket,
  requestId: string,
): FetErrorCode | undefined {
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return undefined;
  }
  const code = clientErrorCode(error);
  const { status } = FET_ERROR_CATALOG[code];
  const body = JSON.stringify(fetErrorBody(code));
  socket.write(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `${REQUEST_ID_HEADER}: ${requestId}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
  socket.destroySoon();
  return code;
}

/** RFC 9112 §3.2: an HTTP/1.1 request without Host is malformed → 400 FET-0001, before any route runs. */
export function refuseWithoutHost(response: ServerResponse): void {
  const body = JSON.stringify(
    fetErrorBody(FetErrorCode.BadRequest, { Host: 'is required in an HTTP/1.1 request' }),
  );
  response.writeHead(400, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close',
  });
  response.end(body);
}
