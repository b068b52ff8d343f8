import pino from 'pino';

type Destination = ReturnType<typeof pino.destination>;

/** Most bytes of log lines that wait in memory for stdout (about 16,000 request lines). */
export const MAX_PENDING_LOG_BYTES = 4 * 1024 * 1024;

/** Lines are handed to the write at most this often while they keep coming; a line waits no longer. */
export const WRITE_INTERVAL_MS = 10;

/** A batch this long (characters) is handed on at once, without waiting for the interval. */
export const MAX_BATCH_LENGTH = 16 * 1024;

/**
 * Where log lines go: `fd`, written asynchronously so that a request never waits on a
 * write(2). Lines wait in memory while a write is in flight, so when whoever reads stdout is slower
 * than the requests come (a pipe into a busy log shipper or a terminal), that backlog is capped: a
 * line that does not fit is dropped and reported to `onDrop`, instead of memory growing without end.
 * Lines are written in batches (batchedWrites).
 */
export function logDestination(
  fd: number,
  onDrop: () => void,
  maxPendingBytes = MAX_PENDING_LOG_BYTES,
): Destination {
  const destination = pino.destination({ dest: fd, sync: false, maxLength: maxPendingBytes });
  // A batch that does not fit is dropped whole: each of its lines is counted.
  destination.on('drop', (dropped: string) => {
    for (let at = dropped.indexOf('\n'); at !== -1; at = dropped.indexOf('\n', at + 1)) onDrop();
  });
  return batchedWrites(destination);
}

/**
 * Makes `destination` gather the lines written to it and hand them on together: at the end of the
 * turn of the event loop when the last batch went out WRITE_INTERVAL_MS ago or more (a line alone
 * is not delayed), else once that interval has passed since the last batch (and as soon as
 * MAX_BATCH_LENGTH characters wait).
 *
 * Each asynchronous write is a request to libuv's thread pool, a thread woken and a completion
 * called back: 20–50 µs of CPU on a 2-core VM, where a request line costs about 1 µs to build
 * (docs/benchmarks.md). Under load one write per interval carries the lines of many requests.
 * The destination keeps its own methods: flushing (pino's flush, and the synchronous flush pino
 * runs when the process exits) and ending first hand on what waits, so no line is lost; the
 * synchronous flush writes what waited synchronously too.
 */
function batchedWrites(destination: Destination): Destination {
  const write = destination.write.bind(destination);
  const flush = destination.flush.bind(destination);
  const flushSync = destination.flushSync.bind(destination);
  const end = destination.end.bind(destination);
  let waiting = '';
  let scheduled = false;
  let handedOnAt = -Infinity;
  const handOn = () => {
    scheduled = false;
    if (waiting === '') return;
    const batch = waiting;
    waiting = '';
    handedOnAt = performance.now();
    write(batch);
  };
  destination.write = (line: string) => {
    waiting += line;
    if (waiting.length >= MAX_BATCH_LENGTH) handOn();
    else if (!scheduled) {
      scheduled = true;
      const wait = handedOnAt + WRITE_INTERVAL_MS - performance.now();
      if (wait <= 0) setImmediate(handOn);
      else setTimeout(handOn, wait).unref();
    }
    return true;
  };
  destination.flush = (callback?: (error?: Error) => void) => {
    handOn();
    flush(callback);
  };
  destination.flushSync = () => {
    if (waiting !== '') {
      // Into the destination's buffer only: an asynchronous write started now would not finish
      // before the process exits, and the synchronous flush below writes what is buffered.
      // (sonic-boom starts a write only once `minLength`, its option kept as a property, is reached.)
      const buffering = destination as Destination & { minLength: number };
      const { minLength } = buffering;
      buffering.minLength = Number.POSITIVE_INFINITY;
      try {
        handOn();
      } finally {
        buffering.minLength = minLength;
      }
    }
    flushSync();
  };
  destination.end = () => {
    handOn();
    end();
  };
  return destination;
}
