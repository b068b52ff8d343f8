import { FetFields } from '../../common/errors/fet.exception';
import { EngineType } from '../../engines/engine';

const BOOLEAN_TEXT = ['true', 'false'];

/** Why a MongoDB topology that needs other members cannot go through a tunnel. */
const THROUGH_A_TUNNEL =
  'cannot be used with sshTunnel: through a tunnel MongoDB is dialled as a direct connection to its one host';

/**
 * Rules that depend on the engine: they run on create and again on every PATCH against the
 * merged connection, so a `type` change (or a tunnel added) re-validates the fields that were
 * already stored. `sshTunnel`: whether the connection goes through one (null: it does not).
 */
export function engineRuleViolations(connection: {
  type: EngineType;
  metadata: Record<string, string>;
  sshTunnel: object | null;
}): FetFields {
  const fields: FetFields = {};
  const { metadata } = connection;
  if (connection.type === 'MONGODB') {
    const direct = metadata.directConnection;
    if (direct !== undefined && !BOOLEAN_TEXT.includes(direct)) {
      fields['metadata.directConnection'] = 'must be "true" or "false"';
    }
    // One forward reaches one host: a replica set's other members (or a driver told to discover
    // them) would be dialled around the bastion, so the topology is refused here, not at the dial.
    if (connection.sshTunnel !== null) {
      if (metadata.replicaSet !== undefined) fields['metadata.replicaSet'] = THROUGH_A_TUNNEL;
      if (direct === 'false') fields['metadata.directConnection'] = THROUGH_A_TUNNEL;
    }
    for (const key of ['authSource', 'replicaSet']) {
      if (metadata[key] !== undefined && metadata[key].trim() === '') fields[`metadata.${key}`] = 'must not be blank';
    }
  }
  if (connection.type === 'ORACLE' && metadata.serviceName !== undefined && !/^[A-Za-z0-9_.$#-]{1,128}$/.test(metadata.serviceName)) {
    fields['metadata.serviceName'] = 'must be an Oracle service name';
  }
  return fields;
}
