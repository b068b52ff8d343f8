import { isHostName, unbracketHost } from './validators';

describe('host spellings', () => {
  it.each([
    ['[::1]', '::1'],
    ['[2001:db8::5]', '2001:db8::5'],
    ['[::ffff:169.254.169.254]', '::ffff:169.254.169.254'],
    ['::1', '::1'],
    ['[127.0.0.1]', '[127.0.0.1]'],
    ['[db.example.com]', '[db.example.com]'],
    ['[[::1]]', '[[::1]]'],
    ['[::1]:5432', '[::1]:5432'],
  ])('unbracketHost(%s) → %s', (input, expected) => {
    expect(unbracketHost(input)).toBe(expected);
  });

  it('still refuses brackets in the stored form', () => {
    expect(isHostName('[::1]')).toBe(false);
    expect(isHostName(unbracketHost('[::1]'))).toBe(true);
  });
});
