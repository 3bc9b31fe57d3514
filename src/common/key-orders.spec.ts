import { KeyOrders } from './key-orders';

describe('KeyOrders', () => {
  const sorted = (keys: string[]) => [...keys].sort();

  it('gives each shape its order, remembered, and never another shape’s with the same first key', () => {
    let sorts = 0;
    const orders = new KeyOrders((keys) => (sorts++, keys.sort()));
    const shapes = [
      ['rank', 'value', 'points', 'maxPoints', 'contribution'],
      ['rank', 'value', 'points'],
      ['rank', 'value', 'points', 'maxPoints', 'weight'],
      ['P1', 'P2', 'I001', 'P1.G1'],
      ['b', 'a'],
    ];
    for (let round = 0; round < 3; round++) {
      for (const keys of shapes) expect(orders.of([...keys])).toEqual(sorted(keys));
    }
    // Sorted once per shape; the rounds after the first only looked them up.
    expect(sorts).toBe(shapes.length);
  });

  it('keeps four shapes per first key, replacing the oldest: a shape met once does not pile up', () => {
    let sorts = 0;
    const orders = new KeyOrders((keys) => (sorts++, keys.sort()));
    // The same first key, each without one of the others (as units' answers, each missing one).
    const unit = (left: number) => ['I0', 'I1', 'I2', 'I3', 'I4', 'I5'].filter((_, i) => i !== left + 1);
    for (let u = 0; u < 5; u++) orders.of(unit(u));
    expect(sorts).toBe(5);
    // The last four are known; the first was replaced by the fifth.
    for (let u = 1; u < 5; u++) expect(orders.of(unit(u))).toEqual(unit(u));
    expect(sorts).toBe(5);
    orders.of(unit(0));
    expect(sorts).toBe(6);
  });

  it('does not change the keys it is given, and forgets every shape once it holds `max` first keys', () => {
    let sorts = 0;
    const orders = new KeyOrders((keys) => (sorts++, keys.sort()), 2);
    const keys = ['c', 'b', 'a'];
    expect(orders.of(keys)).toEqual(['a', 'b', 'c']);
    expect(keys).toEqual(['c', 'b', 'a']);
    orders.of(['y', 'x']);
    orders.of(['z', 'w']);
    expect(sorts).toBe(3);
    // The third shape cleared the first two: the first is sorted again.
    expect(orders.of(['c', 'b', 'a'])).toEqual(['a', 'b', 'c']);
    expect(sorts).toBe(4);
  });
});
