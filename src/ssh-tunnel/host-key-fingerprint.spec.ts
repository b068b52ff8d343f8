import { createHash } from 'node:crypto';
import { hostKeyFingerprint, matchesPinnedHostKey } from './host-key-fingerprint';

// The public key blob of an ed25519 key (what the bastion sends during the key exchange).
const blob = Buffer.from(
  'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
  'base64',
);

describe('host key fingerprints', () => {
  it('prints SHA256:<base64> without padding, as ssh-keygen -lf does', () => {
    const digest = createHash('sha256').update(blob).digest('base64');
    expect(hostKeyFingerprint(blob)).toBe(`SHA256:${digest.replace(/=$/, '')}`);
    expect(hostKeyFingerprint(blob)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('matches the pinned fingerprint, with or without padding, and nothing else', () => {
    const pinned = hostKeyFingerprint(blob);
    expect(matchesPinnedHostKey(blob, pinned)).toBe(true);
    expect(matchesPinnedHostKey(blob, `${pinned}=`)).toBe(true);
    expect(matchesPinnedHostKey(blob, ` ${pinned} `)).toBe(true);
    const other = Buffer.from(blob);
    other[other.length - 1] ^= 1;
    expect(matchesPinnedHostKey(other, pinned)).toBe(false);
    // The hex form, a lower-cased copy, MD5 and garbage are not this pin.
    expect(matchesPinnedHostKey(blob, pinned.toLowerCase())).toBe(false);
    expect(matchesPinnedHostKey(blob, `MD5:${createHash('md5').update(blob).digest('hex')}`)).toBe(
      false,
    );
    expect(matchesPinnedHostKey(blob, 'SHA256:')).toBe(false);
    expect(matchesPinnedHostKey(blob, '')).toBe(false);
  });
});
