import { MAX_ORGANIZATION_LENGTH } from '../../auth/principal';
import { hasNoNul } from '../../common/validation/validators';
import { FetException } from '../../common/errors/fet.exception';
import { FET_ERROR_CATALOG } from '../../common/errors/fet-error-catalog';
import { DEFAULT_ORGANIZATION } from '../../common/http/organization.decorator';
import { parseProductName } from '../../common/http/product-name.decorator';
import { FetValidationPipe } from '../../common/validation/fet-validation.pipe';
import { engineRuleViolations } from '../domain/engine-rules';
import { CreateConnectionDto } from '../dto/create-connection.dto';
import { FileEntry } from './provisioning-file';
import { provisionedId } from './provisioned-id';

/** An entry of the file that passed every rule of a create: what the store should hold. */
export interface ProvisioningEntry {
  index: number;
  /** UUIDv5 of `<organization>/<configName>` (spec §3.15). */
  id: string;
  organizationId: string;
  /** null: the file names no product (the connection is unassigned until assigned once). */
  productName: string | null;
  /** The create body, validated and trimmed exactly as the create route's pipe leaves it. */
  input: CreateConnectionDto;
}

export type EntryCheck = { entry: ProvisioningEntry } | { problems: string[] };

/** The global pipe itself: the same class-validator rules, order of codes and field names as a create. */
const pipe = new FetValidationPipe();
const CREATE_BODY = { type: 'body', metatype: CreateConnectionDto, data: undefined } as const;

/**
 * The organization is the tenant a token names (spec §6.3), so it follows the token claim's rule:
 * a string, not blank, at most 200 characters, without U+0000, taken as written. Absent: `default`.
 */
function organizationOf(value: unknown): { value: string } | { why: string } {
  if (value === undefined || value === null) return { value: DEFAULT_ORGANIZATION };
  if (typeof value !== 'string') return { why: 'must be a string' };
  if (value.trim() === '') return { why: 'must not be blank' };
  if (value.length > MAX_ORGANIZATION_LENGTH)
    return { why: `must be at most ${MAX_ORGANIZATION_LENGTH} characters` };
  if (!hasNoNul(value)) return { why: 'must not contain the NUL character (U+0000)' };
  return { value };
}

/** `productName` follows the `X-Product-Name` header's rule: trimmed, 1–100 of [a-zA-Z0-9_-], lower-cased. */
function productNameOf(value: unknown): { value: string | null } | { why: string } {
  if (value === undefined || value === null) return { value: null };
  if (typeof value !== 'string') return { why: 'must be a string' };
  try {
    return { value: parseProductName(value, true) as string };
  } catch (error) {
    if (!(error instanceof FetException)) throw error;
    return { why: Object.values(error.fields ?? {}).join(', ') };
  }
}

/**
 * Validates one entry exactly like a create: `organization` and `productName` by their own rules,
 * every other member through the global validation pipe (unexpected fields, missing ones, metadata,
 * SSL, host policy, then every other rule, one code as on the route) and then the engine rules.
 */
export async function checkEntry({ index, fields }: FileEntry): Promise<EntryCheck> {
  const name = `connections[${index}]`;
  const { organization, productName, ...body } = fields;
  const problems: string[] = [];
  const organizationId = organizationOf(organization);
  if ('why' in organizationId) problems.push(`${name}.organization: ${organizationId.why}`);
  const product = productNameOf(productName);
  if ('why' in product) problems.push(`${name}.productName: ${product.why}`);

  let input: CreateConnectionDto | undefined;
  try {
    input = (await pipe.transform(body, CREATE_BODY)) as CreateConnectionDto;
  } catch (error) {
    if (!(error instanceof FetException)) throw error;
    // Sorted by field, as the error body of the create route lists them.
    const refused = Object.entries(error.fields ?? {}).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    if (refused.length === 0) problems.push(`${name}: ${FET_ERROR_CATALOG[error.code].title}`);
    for (const [field, why] of refused) problems.push(`${name}.${field}: ${why}`);
  }
  if (input) {
    const engine = engineRuleViolations({
      type: input.type,
      metadata: input.metadata ?? {},
      sshTunnel: input.sshTunnel ?? null,
    });
    for (const [field, why] of Object.entries(engine)) problems.push(`${name}.${field}: ${why}`);
  }
  if (problems.length > 0 || !input || 'why' in organizationId || 'why' in product)
    return { problems };
  return {
    entry: {
      index,
      id: provisionedId(organizationId.value, input.configName),
      organizationId: organizationId.value,
      productName: product.value,
      input,
    },
  };
}

/**
 * Every entry checked; then one connection per (organization, configName), compared
 * case-insensitively as the store's unique index does: a later entry naming an earlier one's
 * connection is a problem.
 */
export async function checkEntries(
  files: FileEntry[],
): Promise<{ entries: ProvisioningEntry[]; problems: string[] }> {
  const entries: ProvisioningEntry[] = [];
  const problems: string[] = [];
  const first = new Map<string, number>();
  for (const file of files) {
    const checked = await checkEntry(file);
    if ('problems' in checked) {
      problems.push(...checked.problems);
      continue;
    }
    const { entry } = checked;
    const key = JSON.stringify([entry.organizationId, entry.input.configName.toLowerCase()]);
    const earlier = first.get(key);
    if (earlier !== undefined) {
      problems.push(
        `connections[${entry.index}].configName: names the same connection as connections[${earlier}] (organization and configName, case-insensitive)`,
      );
      continue;
    }
    first.set(key, entry.index);
    entries.push(entry);
  }
  return { entries, problems };
}
