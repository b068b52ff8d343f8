import { Connection } from '../domain/connection';
import { ProvisioningChange } from '../domain/provisioning-change';

/** What the store holds that applying the provisioning file depends on. */
export interface ProvisioningState {
  /** Every live provisioned connection, of every organization. */
  provisioned: Connection[];
  /** The live connections (provisioned or not) holding one of the asked configNames in its organization, case-insensitively. */
  holders: Connection[];
}

/** A configName of an organization, as an entry of the file names it. */
export interface ConfigNameKey {
  organizationId: string;
  configName: string;
}

/**
 * Port for provisioning (spec §3.15): read what the file is compared with, and apply its changes,
 * while no other instance does the same on the same store.
 */
export abstract class ProvisioningStore {
  /** Runs `work` while no other instance runs provisioning on this store. */
  abstract exclusively<T>(work: () => Promise<T>): Promise<T>;
  abstract read(names: readonly ConfigNameKey[]): Promise<ProvisioningState>;
  /**
   * Applies every change in one transaction, each only while its connection is still the version it
   * was decided on (a `provisioned` one: while its id is not live and its configName free). False,
   * with nothing written, when one of them no longer holds.
   */
  abstract apply(changes: readonly ProvisioningChange[]): Promise<boolean>;
}
