import { FetErrorCode } from '../../common/errors/fet-error-code';
import { FetException } from '../../common/errors/fet.exception';
import { ConnectionCredentials } from '../../engines/engine';
import { engineRuleViolations } from '../domain/engine-rules';
import { tunnelInClear } from '../domain/ssh-tunnel-secrets';
import { TestConnectionDto } from '../dto/test-connection.dto';

/**
 * The settings of a test before saving (spec §3.11), in clear, for its one dial: what create would
 * store, read the same way (a blank schema is none, metadata defaults to `{}`), after the engine
 * rules create applies (400 FET-0001). No id: nothing is stored, nothing is sealed (the tunnel's
 * secrets included).
 */
export function unsavedCredentials(input: TestConnectionDto): ConnectionCredentials {
  const metadata = input.metadata ?? {};
  const fields = engineRuleViolations({
    type: input.type,
    metadata,
    sshTunnel: input.sshTunnel ?? null,
  });
  if (Object.keys(fields).length > 0) throw new FetException(FetErrorCode.BadRequest, { fields });
  const { ssl } = input;
  return {
    type: input.type,
    host: input.host,
    port: input.port,
    databaseName: input.databaseName,
    userName: input.userName,
    password: input.password,
    schema: input.schema || null,
    ssl: ssl
      ? {
          mode: ssl.mode,
          ...(ssl.ca ? { ca: ssl.ca } : {}),
          ...(ssl.cert ? { cert: ssl.cert } : {}),
          ...(ssl.key ? { key: ssl.key } : {}),
        }
      : null,
    metadata,
    sshTunnel: input.sshTunnel ? tunnelInClear(input.sshTunnel) : null,
  };
}
