/**
 * Verifying RS256 tokens in this process, layer by layer, to say where the cost of authentication
 * goes: the signature alone (node:crypto, synchronous: the RSA arithmetic), the signature through
 * WebCrypto (`crypto.subtle.verify`, what jose uses), jose's `jwtVerify` with the key already
 * imported, the service's own `TokenVerifier.verify` with its key set fetched once and cached (for a
 * new token every call, and for the same token again, remembered since its first check), and the
 * whole check of a request, the global `AuthGuard` on a route that needs `connections:read`, with
 * that token and with auth off.
 * `BENCH_VERIFY_COUNT` (default 20000) calls per row, `BENCH_CONNECTIONS` of them in flight at a time.
 */
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { jwtVerify } from 'jose';
import { AuthGuard } from '../../src/auth/auth.guard';
import { Permission } from '../../src/auth/permission';
import { RequiresPermission } from '../../src/auth/requires-permission.decorator';
import { CLOCK_TOLERANCE_SECONDS, TokenVerifier } from '../../src/auth/token-verifier';
import { Settings } from '../../src/config/settings';
import { AUDIENCE, ISSUER, TestIssuer } from '../../test/support/token-issuer';
import { BenchRow, SETTINGS } from '../harness';

/** A route like `GET /{id}`, as far as the guard is concerned. */
class ReadRoute {
  @RequiresPermission(Permission.Read)
  get(): void {}
}

/** The global guard's check of one request to ReadRoute.get with this Authorization header. */
function guardedRequest(settings: Settings['auth'], authorization: string): () => Promise<boolean> {
  const guard = new AuthGuard(
    new Reflector(),
    TokenVerifier.fromSettings(settings),
    new ConfigService({ auth: settings }),
  );
  return () => {
    const request = { headers: { authorization } };
    return Promise.resolve(guard.canActivate(new ExecutionContextHost([request, {}, () => undefined], ReadRoute, ReadRoute.prototype.get)));
  };
}

const COUNT = Math.max(1000, Number(process.env.BENCH_VERIFY_COUNT) || 20_000);
export const VERIFY_SCENARIO = `verify RS256 (in-process, ${SETTINGS.connections} in flight)`;

export interface VerificationLayer {
  target: string;
  verify(): Promise<unknown>;
}

/** Round robin over `tokens`. */
export function cycle(tokens: string[]): () => string {
  let next = 0;
  return () => tokens[next++ % tokens.length];
}

/**
 * The layers, from the signature alone up to the service's verifier. `token` is one RS256 token of
 * the issuer; `fresh` hands out tokens the verifier does not remember (more than it can hold).
 */
export function verificationLayers(issuer: TestIssuer, token: string, fresh: () => string): VerificationLayer[] {
  const [header, payload, signature] = token.split('.');
  const signingInput = Buffer.from(`${header}.${payload}`);
  const signatureBytes = Buffer.from(signature, 'base64url');
  const keyObject = createPublicKey({ key: issuer.rsa.publicJwk as never, format: 'jwk' });
  const settings: Settings['auth'] = {
    enabled: true,
    jwksUrl: issuer.jwksUrl,
    issuer: ISSUER,
    audience: AUDIENCE,
    organizationClaim: 'organization',
  };
  const verifier = TokenVerifier.fromSettings(settings);
  const guardOn = guardedRequest(settings, `Bearer ${token}`);
  const guardOff = guardedRequest({ enabled: false, organizationClaim: 'organization' }, `Bearer ${token}`);
  const options = {
    algorithms: ['RS256'],
    issuer: ISSUER,
    audience: AUDIENCE,
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    requiredClaims: ['exp'],
  };
  return [
    {
      target: 'signature alone, node:crypto verify (synchronous)',
      verify: () => Promise.resolve(verifySignature('RSA-SHA256', signingInput, keyObject, signatureBytes)),
    },
    {
      target: 'signature alone, crypto.subtle.verify (what jose calls)',
      verify: () => crypto.subtle.verify('RSASSA-PKCS1-v1_5', issuer.rsa.publicKey, signatureBytes, signingInput),
    },
    { target: 'jose jwtVerify, key already imported', verify: () => jwtVerify(token, issuer.rsa.publicKey, options) },
    { target: 'TokenVerifier.verify, a new token every call (key set cached)', verify: () => verifier.verify(fresh()) },
    { target: 'TokenVerifier.verify, the same token again (remembered)', verify: () => verifier.verify(token) },
    { target: 'AuthGuard.canActivate (a whole request\'s check), the same token again', verify: guardOn },
    { target: 'AuthGuard.canActivate, auth off', verify: guardOff },
  ];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

/** COUNT calls, SETTINGS.connections in flight, after COUNT / 10 discarded ones; CPU of this process per call. */
export async function measureLayer(layer: VerificationLayer): Promise<BenchRow> {
  const run = async (count: number, latencies?: number[]) => {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        next += 1;
        const started = performance.now();
        const ok = await layer.verify();
        latencies?.push(performance.now() - started);
        if (ok === false) throw new Error(`${layer.target}: the token did not verify`);
      }
    };
    await Promise.all(Array.from({ length: SETTINGS.connections }, worker));
  };
  await run(Math.ceil(COUNT / 10));
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await run(COUNT, latencies);
  const elapsedSeconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  const row: BenchRow = {
    scenario: VERIFY_SCENARIO,
    target: layer.target,
    rps: COUNT / elapsedSeconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: 0,
    non2xx: 0,
    cpuUsPerRequest: (cpu.user + cpu.system) / COUNT,
  };
  process.stderr.write(`  verify · ${layer.target}: ${row.rps.toFixed(0)} /s, ${row.cpuUsPerRequest?.toFixed(1)} µs CPU/call\n`);
  return row;
}
