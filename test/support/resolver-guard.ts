import { LookupAddress } from 'node:dns';
import { DnsHostPolicy } from '../../src/host-policy/host-policy.service';

type Lookup = (name: string) => Promise<LookupAddress[]>;

/**
 * Keeps the service's host policy off the network: the system resolver is asked only about
 * `localhost`; any other name is answered "not found" without a query and recorded, so a test can
 * assert that no step made the service resolve (and so dial) a name such as `db.example.com`.
 */
export function guardResolver(): { refused: string[]; restore(): void } {
  const refused: string[] = [];
  const prototype = DnsHostPolicy.prototype as unknown as { lookup: Lookup };
  const original = prototype.lookup;
  const spy = jest.spyOn(prototype, 'lookup').mockImplementation(function (
    this: unknown,
    name: string,
  ) {
    if (name === 'localhost') return original.call(this, name);
    refused.push(name);
    return Promise.reject(
      Object.assign(new Error(`test guard: not resolving ${name}`), { code: 'ENOTFOUND' }),
    );
  });
  return { refused, restore: () => spy.mockRestore() };
}
