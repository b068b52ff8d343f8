import { CreateConnections1764230400000 } from './1764230400000-create-connections';
import { CreateConnectionEvents1764835200000 } from './1764835200000-create-connection-events';
import { AddProvisioned1764921600000 } from './1764921600000-add-provisioned';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests run the same set. */
export const MIGRATIONS = [
  CreateConnections1764230400000,
  CreateConnectionEvents1764835200000,
  AddProvisioned1764921600000,
];
