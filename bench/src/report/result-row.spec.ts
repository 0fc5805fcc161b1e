import { formatTable, implausibleCells, numbersIn, ResultRow } from './result-row';

const rows: ResultRow[] = [
  { benchmark: 'browse', figure: 'requests/s', bazaar: 812, baseline: 900, ratio: 0.902, spreadPercent: 4.1, goal: '≥ 0.8×', met: true, verdict: 'yes' },
  { benchmark: 'checkout', figure: 'p99 ms', bazaar: 900, baseline: 100, ratio: 9, goal: '≤ 3×', met: false },
  { benchmark: 'tracing', figure: 'product page', bazaar: 400, baseline: 420, ratio: 0.952, spreadPercent: 14, goal: '≥ 0.9×', met: true, verdict: 'unstable' },
  { benchmark: 'memory', figure: 'a | b', bazaar: '80 → 95' },
];

describe('result tables', () => {
  it('aligns columns, shows the spread and marks a missed or unstable goal', () => {
    const [header, rule, browse, checkout, tracing, memory] = formatTable(rows).split('\n');
    expect(header).toMatch(/^benchmark\s+figure\s+bazaar\s+baseline\s+ratio\s+spread\s+goal\s+met$/);
    expect(rule).toMatch(/^-+ {2}-+/);
    expect(browse.indexOf('812')).toBe(checkout.indexOf('900'));
    expect(browse).toMatch(/0\.902×\s+±4\.1 %\s+≥ 0\.8×\s+yes$/);
    expect(checkout).toMatch(/9×\s+≤ 3×\s+NO$/);
    expect(tracing).toMatch(/±14 %\s+≥ 0\.9×\s+unstable$/);
    expect(memory).toMatch(/80 → 95$/);
  });
});

describe('the numbers a cell holds', () => {
  it('reads numbers from a text of figures, with a leading minus sign', () => {
    expect(numbersIn('12.5 / 40; -3 ms')).toEqual([12.5, 40, -3]);
    expect(numbersIn(0.9)).toEqual([0.9]);
  });

  it('ignores quoted names and digits inside words (a topic prefix is not a negative figure)', () => {
    const cell = '190 / 83.8 / 53.7; 39.2 ms between "order: mongodb insertOne orders" and "order: send bench-mx4ln7e4-8373.checkout-traced.orders.v1"';
    expect(numbersIn(cell)).toEqual([190, 83.8, 53.7, 39.2]);
    expect(numbersIn('catalog 2 + 1, order-2 3 + 4, 1.5ms')).toEqual([2, 1, 2, 3, 4, 1.5]);
    expect(implausibleCells({ benchmark: 'checkout', figure: 'worst', bazaar: cell })).toEqual([]);
  });

  it('flags a cell without a measurement: negative, all zero or no number at all', () => {
    expect(implausibleCells({ benchmark: 'checkout', figure: 'relay', bazaar: '-6 ms', baseline: '0 / 0', ratio: 1.2 })).toEqual(['-6 ms', '0 / 0']);
    expect(implausibleCells({ benchmark: 'memory', figure: 'rss', bazaar: 'n/a' })).toEqual(['n/a']);
  });
});
