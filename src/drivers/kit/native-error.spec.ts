import { nativeCode, nativeErrorChain, nativeField } from './native-error';

const coded = (code: unknown, cause?: unknown) =>
  Object.assign(new Error('x', { cause }), { code });

describe('native error reading', () => {
  it('nativeField and nativeCode read any thrown value', () => {
    expect(nativeField(Object.assign(new Error('x'), { errno: 1045 }), 'errno')).toBe(1045);
    expect(nativeField('a string', 'code')).toBeUndefined();
    expect(nativeField(null, 'code')).toBeUndefined();
    expect(nativeCode(coded('ECONNREFUSED'))).toBe('ECONNREFUSED');
    expect(nativeCode(coded(18))).toBeUndefined();
    expect(nativeCode(undefined)).toBeUndefined();
  });

  it('nativeErrorChain walks causes and what `more` adds, breadth first', () => {
    const member = coded('ECONNREFUSED');
    const root = coded('ESOCKET', new AggregateError([member]));
    const chain = nativeErrorChain(root, (link) =>
      link instanceof AggregateError ? (link.errors as unknown[]) : [],
    );
    expect(chain.map((link) => nativeCode(link))).toEqual(['ESOCKET', undefined, 'ECONNREFUSED']);
  });

  it('nativeErrorChain stops on a cyclic chain', () => {
    const first = coded('A');
    const second = coded('B', first);
    (first as { cause?: unknown }).cause = second;
    expect(nativeErrorChain(first).length).toBeLessThanOrEqual(32);
  });
});
