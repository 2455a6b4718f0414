/**
 * Builds the Aho–Corasick automaton's tables from its terms: the trie, the
 * alphabet ranked by use, the double array, fail and output links, and the
 * bitmap of opening pairs. Written as steps that may pause, so a large
 * lexicon can compile between a worker's jobs.
 */
import { placeStates } from './doubleArray.js';
import type { Steps } from './steps.js';
import { buildTrie, type Trie } from './trie.js';

/** Codes by how many trie edges use each character, most used first, from 1. */
function alphabetOf(trie: Trie): Map<number, number> {
  const uses = new Map<number, number>();
  for (let i = 1; i < trie.size; i++) uses.set(trie.char[i]!, (uses.get(trie.char[i]!) ?? 0) + 1);
  if (uses.size > 0xfffe) throw new Error(`lexicons use ${uses.size} distinct characters; at most 65,534 are supported`);
  const ranked = [...uses].sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  return new Map(ranked.map(([ch], i) => [ch, i + 1]));
}

/**
 * The pair bitmap has rows of 2^shift bits, one per first code, and at most
 * 2^(2 · MAX_PAIR_SHIFT) bits (128 KiB), so it stays cached. Up to 1,023
 * codes every pair has its own bit. With more, codes share rows and columns
 * (the index wraps): a shared bit can only say "maybe", which the double
 * array then answers, never "no" to a pair that starts a term.
 */
const MAX_PAIR_SHIFT = 10;

/** Where the pair of codes a, b has its bit. */
export function pairBit(a: number, b: number, shift: number): number {
  return ((a << shift) + b) & ((1 << (2 * shift)) - 1);
}

/** What building makes: the automaton's tables. */
export interface Tables<T> {
  values: T[];
  code: Uint16Array;
  astralCode: Map<number, number>;
  cells: Int32Array;
  outStart: Int32Array;
  outIds: Int32Array;
  pairs: Int32Array;
  pairShift: number;
  states: number;
}

/** Entries between pauses, and states between pauses in the longer loops. */
const ENTRIES_PER_STEP = 256;
const STATES_PER_STEP = 16384;

export function* buildTables<T>(entries: Iterable<[ArrayLike<number>, T]>): Steps<Tables<T>> {
  const values: T[] = [];
  const terms: ArrayLike<number>[] = [];
  for (const [term, value] of entries) {
    if (term.length === 0) continue;
    terms.push(term);
    values.push(value);
    // Entries are often made lazily (folding, pinyin), so this loop is where most of the time goes.
    if (terms.length % ENTRIES_PER_STEP === 0) yield;
  }
  const trie = yield* buildTrie(terms);

  const alphabet = alphabetOf(trie);
  // A pause between each whole-array pass: each takes tens of milliseconds on a large lexicon.
  yield;
  const code = new Uint16Array(0x10000);
  const astralCode = new Map<number, number>();
  for (const [ch, c] of alphabet) {
    if (ch < 0x10000) code[ch] = c;
    else astralCode.set(ch, c);
  }
  const nodeCode = new Int32Array(trie.size);
  for (let i = 1; i < trie.size; i++) nodeCode[i] = alphabet.get(trie.char[i]!)!;
  yield;

  const { slot, base, check } = yield* placeStates(trie, nodeCode, alphabet.size);
  yield;
  const size = base.length;
  const cells = new Int32Array(size * 4);
  yield;
  for (let s = 0; s < size; s++) {
    cells[4 * s] = base[s]!;
    cells[4 * s + 1] = check[s]!;
    if (s % STATES_PER_STEP === STATES_PER_STEP - 1) yield;
  }
  const outCount = new Int32Array(size + 1);
  for (const node of trie.termNode) outCount[slot[node]!]!++;
  yield;

  // Fail and output links in breadth-first order, so a state's fail target (shallower) is done
  // before it; the transitions they follow are the double array's own.
  for (let i = 1; i < trie.size; i++) {
    const s = slot[i]!;
    const c = nodeCode[i]!;
    let fail = 0;
    if (trie.parent[i] !== 0) {
      for (let f = cells[4 * slot[trie.parent[i]!]! + 2]!; ; f = cells[4 * f + 2]!) {
        const t = cells[4 * f]! + c;
        if (cells[4 * t + 1] === f) {
          fail = t;
          break;
        }
        if (f === 0) break;
      }
    }
    cells[4 * s + 2] = fail;
    cells[4 * s + 3] = outCount[s] ? s : cells[4 * fail + 3]!;
    if (i % STATES_PER_STEP === 0) yield;
  }

  yield;
  const outStart = new Int32Array(size + 1);
  for (let s = 0; s < size; s++) outStart[s + 1] = outStart[s]! + outCount[s]!;
  // Each output as [term id, term length], so a match reads one place for both; ids in order within a state.
  const outIds = new Int32Array(2 * outStart[size]!);
  const filled = new Int32Array(size);
  for (let id = 0; id < trie.termNode.length; id++) {
    const s = slot[trie.termNode[id]!]!;
    const at = 2 * (outStart[s]! + filled[s]!++);
    outIds[at] = id;
    outIds[at + 1] = terms[id]!.length;
    if (id % STATES_PER_STEP === STATES_PER_STEP - 1) yield;
  }

  yield;
  const pairShift = Math.min(MAX_PAIR_SHIFT, Math.max(5, Math.ceil(Math.log2(alphabet.size + 1))));
  const pairs = new Int32Array(1 << (2 * pairShift - 5));
  const rootChildren = trie.firstChild[0]! + trie.childCount[0]!;
  for (let child = trie.firstChild[0]!; child < rootChildren; child++) {
    const a = nodeCode[child]!;
    const last = trie.firstChild[child]! + trie.childCount[child]!;
    for (let next = trie.firstChild[child]!; next < last; next++) {
      const bit = pairBit(a, nodeCode[next]!, pairShift);
      pairs[bit >>> 5]! |= 1 << (bit & 31);
    }
  }
  return { values, code, astralCode, cells, outStart, outIds, pairs, pairShift, states: trie.size };
}

