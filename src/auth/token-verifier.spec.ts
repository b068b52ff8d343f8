import { SignJWT } from 'jose';
import { FetErrorCode } from '../common/errors/fet-error-code';
import { CLOCK_TOLERANCE_SECONDS, TokenVerifier } from './token-verifier';

const SECRET = 'a-shared-secret-of-at-least-32-bytes!';
const settings = { enabled: true, jwtSecret: SECRET, organizationClaim: 'organization' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function sign(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT({ organization: 'acme', scope: 'connections:read', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .sign(new TextEncoder().encode(SECRET));
}

describe('TokenVerifier: tokens it accepted before', () => {
  it('the same token again is not checked again: the principal of the first check', async () => {
    const verifier = TokenVerifier.fromSettings(settings);
    const token = await sign({ exp: Math.floor(Date.now() / 1000) + 600 });
    const first = await verifier.verify(token);
    expect(first.organizationId).toBe('acme');
    await expect(verifier.verify(token)).resolves.toBe(first);
  });

  it('a token accepted a moment ago is refused (401) once its exp, tolerance included, has passed', async () => {
    // Start just after a second begins, so signing and the first check happen within that second.
    await sleep(1005 - (Date.now() % 1000));
    const verifier = TokenVerifier.fromSettings(settings);
    const exp = Math.floor(Date.now() / 1000) - CLOCK_TOLERANCE_SECONDS + 1;
    const token = await sign({ exp });
    await expect(verifier.verify(token)).resolves.toMatchObject({ organizationId: 'acme' });
    await sleep((exp + CLOCK_TOLERANCE_SECONDS) * 1000 - Date.now() + 20);
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: FetErrorCode.Unauthorized });
  });
});
