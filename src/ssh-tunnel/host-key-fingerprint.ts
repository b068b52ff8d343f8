import { createHash, timingSafeEqual } from 'node:crypto';

/** `SHA256:<base64 without padding>` of a host key blob, as `ssh-keygen -lf` prints it. */
export function hostKeyFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The 32 digest bytes of a `SHA256:<base64>` fingerprint (padding optional), or undefined. */
function digestOf(fingerprint: string): Buffer | undefined {
  const match = /^SHA256:([A-Za-z0-9+/]{43})=?$/.exec(fingerprint.trim());
  if (!match) return undefined;
  const digest = Buffer.from(match[1], 'base64');
  return digest.length === 32 ? digest : undefined;
}

/**
 * True when the bastion's key blob is the pinned one. Compared as digests (a pinned value with or
 * without base64 padding is the same fingerprint); a malformed pin never matches.
 */
export function matchesPinnedHostKey(keyBlob: Buffer, pinned: string): boolean {
  const expected = digestOf(pinned);
  if (!expected) return false;
  return timingSafeEqual(createHash('sha256').update(keyBlob).digest(), expected);
}
