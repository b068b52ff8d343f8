/** Longest a polite close (Terminate, COM_QUIT, endSessions) may take before it is left behind. */
export const CLOSE_GRACE_MS = 1000;

/**
 * Waits for `closing` at most `graceMs`; a close that hangs goes on in the background. A close
 * that fails is ignored: closing a connection that already failed can fail again, and the call's
 * outcome is decided by then.
 */
export async function closeWithin(closing: Promise<unknown>, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
    timer.unref();
  });
  try {
    await Promise.race([
      closing.then(
        () => undefined,
        () => undefined,
      ),
      grace,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
