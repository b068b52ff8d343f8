import { CreateConnections1764230400000 } from './1764230400000-create-connections';
import { CreateConnectionEvents1764835200000 } from './1764835200000-create-connection-events';
import { AddProvisioned1764921600000 } from './1764921600000-add-provisioned';
import { AddSshTunnel1765008000000 } from './1765008000000-add-ssh-tunnel';
import { AddProductListIndex1765180800000 } from './1765180800000-add-product-list-index';
import { AddLiveConnectionCounts1765180800001 } from './1765180800001-add-live-connection-counts';

/** Every migration, in order. Listed explicitly so the app, the CLI and the tests run the same set. */
export const MIGRATIONS = [
  CreateConnections1764230400000,
  CreateConnectionEvents1764835200000,
  AddProvisioned1764921600000,
  AddSshTunnel1765008000000,
  AddProductListIndex1765180800000,
  AddLiveConnectionCounts1765180800001,
];
