import { FetFields } from '../../common/errors/fet.exception';
import { EngineType } from '../../engines/engine';

const BOOLEAN_TEXT = ['true', 'false'];

/**
 * Rules that depend on the engine: they run on create and again on every PATCH against the
 * merged connection, so a `type` change re-validates the fields that were already stored.
 */
export function engineRuleViolations(connection: { type: EngineType; metadata: Record<string, string> }): FetFields {
  const fields: FetFields = {};
  const { metadata } = connection;
  if (connection.type === 'MONGODB') {
    const direct = metadata.directConnection;
    if (direct !== undefined && !BOOLEAN_TEXT.includes(direct)) {
      fields['metadata.directConnection'] = 'must be "true" or "false"';
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
