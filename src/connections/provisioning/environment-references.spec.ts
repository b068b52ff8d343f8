import { expandReferences, isSoleReference } from './environment-references';

const variables = (values: Record<string, string>) => (name: string) =>
  Object.hasOwn(values, name) ? values[name] : undefined;

describe('${NAME} references of the provisioning file', () => {
  const env = variables({ PG_PASSWORD: 'p@ss ${NOT_EXPANDED}', REGION: 'eu', EMPTY: '' });

  it('replaces every reference, anywhere in a string, once (a value is never expanded again)', () => {
    expect(expandReferences('${PG_PASSWORD}', env)).toEqual({ value: 'p@ss ${NOT_EXPANDED}' });
    expect(expandReferences('db-${REGION}.example.com', env)).toEqual({
      value: 'db-eu.example.com',
    });
    expect(expandReferences('${REGION}-${REGION}${EMPTY}', env)).toEqual({ value: 'eu-eu' });
    expect(expandReferences('no reference, $REGION, {REGION}, $ {REGION}', env)).toEqual({
      value: 'no reference, $REGION, {REGION}, $ {REGION}',
    });
  });

  it('names an unset variable, and never a value', () => {
    expect(expandReferences('x-${MISSING_ONE}', env)).toEqual({
      problem: '${MISSING_ONE} names an environment variable that is not set',
    });
  });

  it('refuses a "${" that does not open a reference to a variable name', () => {
    for (const text of ['${', 'a ${REGION', '${}', '${1ABC}', '${A-B}', '${ REGION }']) {
      expect(expandReferences(text, env)).toEqual({
        problem: 'has a "${" that does not open a ${ENV_NAME} reference',
      });
    }
  });

  it('a secret must be one reference and nothing else', () => {
    expect(isSoleReference('${PG_PASSWORD}')).toBe(true);
    for (const value of [
      'hunter2',
      'x${PG_PASSWORD}',
      '${PG_PASSWORD} ',
      '${A}${B}',
      '',
      42,
      null,
    ]) {
      expect(isSoleReference(value)).toBe(false);
    }
  });
});
