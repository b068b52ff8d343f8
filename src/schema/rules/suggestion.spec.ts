import { closestName, editDistance } from './suggestion';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['amount', 'amonut', 2],
    ['orders', 'orders', 0],
  ])('%s → %s is %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closestName', () => {
  const fields = ['account_id', 'amount', 'created_at', 'customer_name', 'id'];

  it('suggests a near miss', () => {
    expect(closestName('amout', fields)).toBe('amount');
    expect(closestName('acount_id', fields)).toBe('account_id');
  });

  it('prefers a name differing only in case', () => {
    expect(closestName('Amount', fields)).toBe('amount');
  });

  it('allows at least 2 edits on short names and a third of the length on long ones', () => {
    expect(closestName('ix', fields)).toBe('id');
    expect(closestName('custmr_nme', fields)).toBe('customer_name');
    expect(closestName('zzzzzz', fields)).toBeUndefined();
  });

  it('breaks ties by name order, whatever the candidates order', () => {
    expect(closestName('ab', ['ac', 'aa'])).toBe('aa');
    expect(closestName('ab', ['aa', 'ac'])).toBe('aa');
  });

  it('suggests nothing when nothing exists', () => {
    expect(closestName('anything', [])).toBeUndefined();
  });
});
