/**
 * The provisioning file cannot be applied: the boot stops with this one line (src/main.ts), which
 * names each problem as `connections[<index>].<field>: <why>`, never a value of the file or of
 * the environment.
 */
export class ProvisioningError extends Error {
  constructor(
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`Invalid provisioning file (PROVISIONING_FILE): ${problems.join('; ')}`, options);
    this.name = 'ProvisioningError';
  }
}
