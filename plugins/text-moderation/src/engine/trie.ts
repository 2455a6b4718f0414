/**
 * A trie of code-point terms in flat arrays, nodes numbered breadth first so
 * each node's children are consecutive. Built from the terms in sorted order:
 * every term adds nodes only past its common prefix with the one before, so
 * no per-node map is ever made (large lexicons have hundreds of thousands of
 * nodes, and maps of that many would cost seconds to build and collect).
 */
import { sortInSteps } from './sortInSteps.js';
import type { Steps } from './steps.js';

export interface Trie {
  /** Number of nodes; the root is node 0. */
  size: number;
  /** The character on the edge into each node (the root's is -1). */
  char: Int32Array;
  parent: Int32Array;
  /** Children of node i: `firstChild[i]` to `firstChild[i] + childCount[i] - 1`, by ascending character. */
  firstChild: Int32Array;
  childCount: Int32Array;
  /** The node where each term ends. */
  termNode: Int32Array;
}

function compareTerms(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Terms, then nodes, handled between pauses. */
const TERMS_PER_STEP = 8192;
const NODES_PER_STEP = 65536;

/** `terms` must not be empty strings. */
export function* buildTrie(terms: readonly ArrayLike<number>[]): Steps<Trie> {
  let total = 1;
  let longest = 0;
  for (const term of terms) {
    total += term.length;
    longest = Math.max(longest, term.length);
  }
  const ids = new Int32Array(terms.length);
  for (let id = 0; id < ids.length; id++) ids[id] = id;
  const sorted = yield* sortInSteps(ids, (a, b) => compareTerms(terms[a]!, terms[b]!) || a - b);

  // Depth-first numbering first: the sweep makes nodes in sorted order.
  const dfsChar = new Int32Array(total).fill(-1);
  const dfsFirst = new Int32Array(total).fill(-1);
  const dfsLast = new Int32Array(total).fill(-1);
  const dfsNext = new Int32Array(total).fill(-1);
  const dfsTermNode = new Int32Array(terms.length);
  const path = new Int32Array(longest + 1);
  let nodes = 1;
  let previous: ArrayLike<number> = [];
  for (let k = 0; k < sorted.length; k++) {
    if (k % TERMS_PER_STEP === TERMS_PER_STEP - 1) yield;
    const id = sorted[k]!;
    const term = terms[id]!;
    let common = 0;
    const most = Math.min(term.length, previous.length);
    while (common < most && term[common] === previous[common]) common++;
    for (let d = common; d < term.length; d++) {
      const node = nodes++;
      const parent = path[d]!;
      dfsChar[node] = term[d]!;
      if (dfsLast[parent]! < 0) dfsFirst[parent] = node;
      else dfsNext[dfsLast[parent]!] = node;
      dfsLast[parent] = node;
      path[d + 1] = node;
    }
    dfsTermNode[id] = path[term.length]!;
    previous = term;
  }

  // Breadth-first renumbering: a queue of depth-first numbers.
  const queue = new Int32Array(nodes);
  const rank = new Int32Array(nodes);
  const parent = new Int32Array(nodes).fill(-1);
  const firstChild = new Int32Array(nodes);
  const childCount = new Int32Array(nodes);
  let tail = 1;
  for (let head = 0; head < nodes; head++) {
    if (head % NODES_PER_STEP === NODES_PER_STEP - 1) yield;
    const d = queue[head]!;
    rank[d] = head;
    firstChild[head] = tail;
    for (let c = dfsFirst[d]!; c >= 0; c = dfsNext[c]!) {
      parent[tail] = head;
      queue[tail++] = c;
    }
    childCount[head] = tail - firstChild[head]!;
  }
  yield;
  const char = new Int32Array(nodes);
  for (let i = 0; i < nodes; i++) char[i] = dfsChar[queue[i]!]!;
  const termNode = new Int32Array(terms.length);
  for (let id = 0; id < terms.length; id++) termNode[id] = rank[dfsTermNode[id]!]!;
  return { size: nodes, char, parent, firstChild, childCount, termNode };
}
