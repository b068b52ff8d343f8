/**
 * One variable of the process's environment, by name. The provisioning file's `${NAME}`
 * references (spec §3.15) name variables that no settings schema can list, so they are read
 * through this lookup, which config/ (the only reader of process.env) provides.
 */
export type EnvironmentVariables = (name: string) => string | undefined;

/** DI token of the lookup (tests may provide another). */
export const ENVIRONMENT_VARIABLES = Symbol('ENVIRONMENT_VARIABLES');

/** Own variables only: `${__proto__}` names nothing. */
export const processEnvironment: EnvironmentVariables = (name) =>
  Object.hasOwn(process.env, name) ? process.env[name] : undefined;
