import pino from 'pino';

type Destination = ReturnType<typeof pino.destination>;

/** Most bytes of log lines that wait in memory for stdout (about 16,000 request lines). */
export const MAX_PENDING_LOG_BYTES = 4 * 1024 * 1024;

/**
 * Where log lines go: `fd`, written asynchronously so that a request never waits on a
 * write(2). Lines wait in memory while a write is in flight, so when whoever reads stdout is slower
 * than the requests come (a pipe into a busy log shipper or a terminal), that backlog is capped: a
 * line that does not fit is dropped and reported to `onDrop`, instead of memory growing without end.
 */
export function logDestination(
  fd: number,
  onDrop: () => void,
  maxPendingBytes = MAX_PENDING_LOG_BYTES,
): Destination {
  const destination = pino.destination({ dest: fd, sync: false, maxLength: maxPendingBytes });
  destination.on('drop', onDrop);
  return destination;
}
