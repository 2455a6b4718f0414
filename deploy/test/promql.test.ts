import { describe, expect, it } from 'vitest';
import { evaluate, parsePoolQuery, unquote } from './helpers/promql.js';

describe('PromQL reading of the scaler queries', () => {
  it('takes string literals as Prometheus does: raw backquotes, Go escapes in double quotes, unknown escapes refused', () => {
    expect(unquote('`text\\.moderate`')).toBe('text\\.moderate');
    expect(unquote('"text\\\\.moderate"')).toBe('text\\.moderate');
    expect(() => unquote('"text\\.moderate"')).toThrow(/unknown escape sequence \\\./);
  });

  it('refuses a query that is not PromQL or not of the chart’s shape', () => {
    expect(() => parsePoolQuery('sum(max by (queue (m{a="b"}))')).toThrow(/syntax error/);
    expect(() => parsePoolQuery('max(m{a="b"})')).toThrow(/expected/);
  });

  it('groups by the by-labels, keeps the largest of each group and sums the groups', () => {
    const q = parsePoolQuery('sum(max by (queue) (m{queue=~`a|b`,pod!="x"}))');
    const s = (queue: string, pod: string, value: number) => ({ labels: { __name__: 'm', queue, pod }, value });
    expect(evaluate(q, [s('a', 'p1', 3), s('a', 'p2', 3), s('b', 'p1', 2), s('ab', 'p1', 50), s('a', 'x', 90)])).toBe(5);
  });
});
