import { formatMarkdown, formatTable, ResultRow } from './result-row';

const rows: ResultRow[] = [
  { benchmark: 'browse', figure: 'requests/s', bazaar: 812, baseline: 900, ratio: 0.902, goal: '≥ 0.8×', met: true },
  { benchmark: 'checkout', figure: 'p99 ms', bazaar: 900, baseline: 100, ratio: 9, goal: '≤ 3×', met: false },
  { benchmark: 'memory', figure: 'a | b', bazaar: '80 → 95' },
];

describe('result tables', () => {
  it('aligns columns and marks a missed goal', () => {
    const [header, rule, browse, checkout, memory] = formatTable(rows).split('\n');
    expect(header).toMatch(/^benchmark\s+figure\s+bazaar\s+baseline\s+ratio\s+goal\s+met$/);
    expect(rule).toMatch(/^-+ {2}-+/);
    expect(browse.indexOf('812')).toBe(checkout.indexOf('900'));
    expect(browse).toMatch(/0\.902×\s+≥ 0\.8×\s+yes$/);
    expect(checkout).toMatch(/NO$/);
    expect(memory).toMatch(/80 → 95$/);
  });

  it('writes Markdown with pipes escaped', () => {
    const markdown = formatMarkdown(rows).split('\n');
    expect(markdown).toHaveLength(5);
    expect(markdown[3]).toBe('| checkout | p99 ms | 900 | 100 | 9× | ≤ 3× | **no** |');
    expect(markdown[4]).toBe('| memory | a \\| b | 80 → 95 |  |  |  |  |');
  });
});
