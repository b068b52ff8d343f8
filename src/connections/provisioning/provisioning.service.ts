import { readFile } from 'node:fs/promises';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ENVIRONMENT_VARIABLES, EnvironmentVariables } from '../../config/environment-variables';
import { Settings } from '../../config/settings';
import { SecretCipher } from '../../crypto/secret-cipher';
import { ProvisioningChange } from '../domain/provisioning-change';
import { ProvisioningStore } from '../persistence/provisioning-store';
import { StoreUnavailableError } from '../persistence/store-errors';
import { ProvisioningEntry, checkEntries } from './provisioning-entry';
import { ProvisioningError } from './provisioning-error';
import { parseProvisioningFile } from './provisioning-file';
import { ProvisioningPlan, ProvisioningPlanner } from './provisioning-plan';

/** How often the file is planned again when the store changed between the read and the write. */
const ATTEMPTS = 3;

/** The entry a problem names (`connections[3].port: …` → 3); -1 for the file's own problems, which come first. */
const entryIndexOf = (problem: string) => Number(/^connections\[(\d+)\]/.exec(problem)?.[1] ?? -1);

/** What one boot did. */
export interface ProvisioningOutcome {
  provisioned: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

/**
 * Applies PROVISIONING_FILE at boot, before the app serves (spec §3.15): every entry checked like a
 * create, then, under the store's provisioning lock, compared with the store and upserted by its
 * stable id; provisioned connections without an entry are soft-deleted. Without the variable,
 * nothing is done (provisioned connections are left as they are).
 */
@Injectable()
export class ProvisioningService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Provisioning');
  private readonly planner: ProvisioningPlanner;

  constructor(
    private readonly config: ConfigService<Settings, true>,
    private readonly store: ProvisioningStore,
    cipher: SecretCipher,
    @Inject(ENVIRONMENT_VARIABLES) private readonly variables: EnvironmentVariables,
  ) {
    this.planner = new ProvisioningPlanner(cipher);
  }

  async onApplicationBootstrap(): Promise<void> {
    const { file } = this.config.get('provisioning', { infer: true });
    if (file === undefined) return;
    const outcome = await this.apply(await this.entriesOf(file));
    this.logger.log(
      `Provisioning file applied: ${outcome.provisioned} provisioned, ${outcome.updated} updated, ${outcome.deleted} deleted, ${outcome.unchanged} unchanged`,
    );
  }

  /** The file's entries, each checked like a create; any problem stops the boot. */
  async entriesOf(file: string): Promise<ProvisioningEntry[]> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new ProvisioningError(
        [`cannot be read (${typeof code === 'string' ? code : 'unreadable'})`],
        { cause: error },
      );
    }
    const parsed = parseProvisioningFile(text, this.variables);
    const checked = await checkEntries(parsed.entries);
    const problems = [...parsed.problems, ...checked.problems].sort(
      (a, b) => entryIndexOf(a) - entryIndexOf(b),
    );
    if (problems.length > 0) throw new ProvisioningError(problems);
    return checked.entries;
  }

  /** Plans and applies under the lock; planned again when the store changed in between. */
  async apply(entries: readonly ProvisioningEntry[]): Promise<ProvisioningOutcome> {
    const names = entries.map(({ organizationId, input }) => ({
      organizationId,
      configName: input.configName,
    }));
    try {
      for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
        const applied = await this.store.exclusively(async () => {
          const plan = this.planner.plan(entries, await this.store.read(names), new Date());
          if (plan.problems.length > 0) throw new ProvisioningError(plan.problems);
          return (await this.store.apply(plan.changes)) ? plan : undefined;
        });
        if (applied) return this.outcomeOf(applied);
      }
    } catch (error) {
      if (error instanceof StoreUnavailableError)
        throw new ProvisioningError(['the store is unavailable'], { cause: error });
      throw error;
    }
    throw new ProvisioningError([
      `the store's connections changed while the file was applied, ${ATTEMPTS} times`,
    ]);
  }

  private outcomeOf(plan: ProvisioningPlan): ProvisioningOutcome {
    const count = (kind: ProvisioningChange['kind']) =>
      plan.changes.filter((change) => change.kind === kind).length;
    for (const change of plan.changes) {
      const { id } = change.kind === 'updated' ? change.after : change.connection;
      this.logger.debug(`Provisioning: connection ${id} ${change.kind}`);
    }
    return {
      provisioned: count('provisioned'),
      updated: count('updated'),
      deleted: count('deleted'),
      unchanged: plan.unchanged,
    };
  }
}
