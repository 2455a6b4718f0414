import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';

export type Labels = Record<string, string>;
export interface Sample {
  labels: Labels;
  value: number;
}
export interface Matcher {
  name: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}
/** `outer(inner by (labels) (metric{matchers}))`, the one query shape the chart writes. */
export interface PoolQuery {
  outer: string;
  inner: string;
  by: string[];
  metric: string;
  matchers: Matcher[];
}

const GO_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** A PromQL string literal's value, by Go's rules as Prometheus reads it: an unknown escape is an error. */
export function unquote(literal: string): string {
  const quote = literal[0];
  if (quote === '`') return literal.slice(1, -1);
  let out = '';
  const body = literal.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') {
      out += body[i];
      continue;
    }
    const next = body[++i]!;
    if (GO_ESCAPES[next] === undefined) throw new Error(`PromQL: unknown escape sequence \\${next} in ${literal}`);
    out += GO_ESCAPES[next];
  }
  return out;
}

const text = (query: string, node: SyntaxNode) => query.slice(node.from, node.to);
const child = (node: SyntaxNode, name: string) => {
  const found = node.getChild(name);
  if (!found) throw new Error(`PromQL: expected ${name} in ${node.name}`);
  return found;
};

/** Parses the query with Prometheus's own PromQL grammar and takes it apart; throws on anything else. */
export function parsePoolQuery(query: string): PoolQuery {
  const tree = parser.parse(query);
  tree.iterate({
    enter: (n) => {
      if (n.type.isError) throw new Error(`PromQL syntax error at ${n.from}: ${query}`);
    },
  });
  const outer = child(tree.topNode, 'AggregateExpr');
  const inner = child(child(outer, 'FunctionCallBody'), 'AggregateExpr');
  const modifier = child(inner, 'AggregateModifier');
  child(modifier, 'By');
  const selector = child(child(inner, 'FunctionCallBody'), 'VectorSelector');
  const matchers = child(selector, 'LabelMatchers')
    .getChildren('UnquotedLabelMatcher')
    .map((m) => ({
      name: text(query, child(m, 'LabelName')),
      op: text(query, child(m, 'MatchOp')) as Matcher['op'],
      value: unquote(text(query, child(m, 'StringLiteral'))),
    }));
  return {
    outer: text(query, child(outer, 'AggregateOp')),
    inner: text(query, child(inner, 'AggregateOp')),
    by: child(modifier, 'GroupingLabels').getChildren('LabelName').map((l) => text(query, l)),
    metric: text(query, child(selector, 'Identifier')),
    matchers,
  };
}

/** Evaluates a parsed `sum(max by (…) (metric{…}))` over scraped series, as Prometheus would (regexes anchored). */
export function evaluate(q: PoolQuery, series: Sample[]): number {
  if (q.outer !== 'sum' || q.inner !== 'max') throw new Error(`evaluate knows sum(max by …), not ${q.outer}(${q.inner} by …)`);
  const matches = (labels: Labels) =>
    labels.__name__ === q.metric &&
    q.matchers.every(({ name, op, value }) => {
      const actual = labels[name] ?? '';
      if (op === '=') return actual === value;
      if (op === '!=') return actual !== value;
      const hit = new RegExp(`^(?:${value})$`).test(actual);
      return op === '=~' ? hit : !hit;
    });
  const groups = new Map<string, number>();
  for (const s of series) {
    if (!matches(s.labels)) continue;
    const key = q.by.map((l) => s.labels[l] ?? '').join('\u0000');
    groups.set(key, Math.max(groups.get(key) ?? -Infinity, s.value));
  }
  return [...groups.values()].reduce((a, b) => a + b, 0);
}

/** The samples of one metric from Prometheus's text exposition format, `__name__` included. */
export function scrape(exposition: string, metric: string): Sample[] {
  const out: Sample[] = [];
  for (const line of exposition.split('\n')) {
    const m = new RegExp(`^${metric}\\{([^}]*)\\} (\\S+)$`).exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...m[1]!.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    out.push({ labels: { __name__: metric, ...labels }, value: Number(m[2]) });
  }
  return out;
}
