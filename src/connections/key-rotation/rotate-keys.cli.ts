import { NestFactory } from '@nestjs/core';
import { SecretCipher } from '../../crypto/secret-cipher';
import { ConnectionRepository } from '../persistence/connection.repository';
import { KeyRotationModule } from './key-rotation.module';
import { RotationProgress, rotateKeys } from './rotate-keys';

const line = (p: RotationProgress) =>
  `rotated ${p.scanned}/${p.total} (${p.resealed} re-sealed${p.changedMeanwhile ? `, ${p.changedMeanwhile} changed meanwhile` : ''})`;

/**
 * `npm run keys:rotate`: re-seals every stored secret with ENCRYPTION_ACTIVE_KEY_ID. Safe to stop
 * and re-run. Exit code 0 when every row is on the active key, 2 when rows changed meanwhile (run
 * again), 1 on an error.
 */
export async function runRotateKeysCli(): Promise<number> {
  // No Nest log and no abort: a bad environment or an unreachable store is one message and exit code 1.
  const app = await NestFactory.createApplicationContext(KeyRotationModule.forRoot(), { logger: false, abortOnError: false });
  try {
    const cipher = app.get(SecretCipher);
    console.log(`active key: ${cipher.activeKeyId}`);
    const result = await rotateKeys(app.get(ConnectionRepository), cipher, { onProgress: (p) => console.log(line(p)) });
    console.log(`done: ${line(result)}`);
    return result.changedMeanwhile > 0 ? 2 : 0;
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  runRotateKeysCli().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : 'key rotation failed');
      process.exitCode = 1;
    },
  );
}
