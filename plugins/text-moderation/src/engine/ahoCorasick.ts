/**
 * Aho–Corasick automaton over code points: finds every occurrence of every
 * term in one pass, so matching cost does not grow with the lexicon size.
 *
 * A double-array trie over a compressed alphabet (built in
 * `automatonTables.ts`): each character of the lexicons gets a small code (the
 * most used ones the smallest), and a transition is `t = base[s] + code;
 * check[t] === s`, two array reads whatever the lexicon's size. A character
 * no term contains has code 0 and sends the automaton straight back to the root.
 *
 * A state's base, check, fail link and output link sit side by side in one
 * array (`cells`, four per state): a step reads the target's check, then its
 * output link and, on the next character, its base, all from one cache line.
 * Large lexicons make automata far bigger than the CPU caches, so that is
 * what matching speed comes down to.
 *
 * Most characters leave the automaton one character deep, and most of the
 * probes from there miss. A bitmap of which pairs of codes start a term
 * (`pairs`, at most 128 KiB, which stays cached) answers those without
 * touching the big arrays.
 */
import { buildTables, type Tables } from './automatonTables.js';
import { runSteps, runStepsInSlices } from './steps.js';
import { grow } from './typedArrays.js';

/** Where one search's matches are written: match k is term `ids[k]` at `[starts[k], ends[k])`. */
export interface Matches {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  ids: Int32Array;
}

export function emptyMatches(capacity = 64): Matches {
  return { count: 0, starts: new Int32Array(capacity), ends: new Int32Array(capacity), ids: new Int32Array(capacity) };
}

function push(into: Matches, start: number, end: number, id: number): void {
  if (into.count === into.ends.length) {
    const size = into.ends.length * 2;
    into.starts = grow(into.starts, new Int32Array(size));
    into.ends = grow(into.ends, new Int32Array(size));
    into.ids = grow(into.ids, new Int32Array(size));
  }
  into.starts[into.count] = start;
  into.ends[into.count] = end;
  into.ids[into.count++] = id;
}

export class AhoCorasick<T> {
  private readonly values: T[];
  private readonly code: Uint16Array;
  private readonly astralCode: Map<number, number>;
  /**
   * Per state s at `4 * s`: base, check (the parent state), fail link, and
   * output link (the nearest state, this one or along fail links, with
   * outputs, or 0).
   */
  private readonly cells: Int32Array;
  private readonly outStart: Int32Array;
  /** Outputs of state s: pairs `[term id, term length]` from `2 * outStart[s]` to `2 * outStart[s + 1]`. */
  private readonly outIds: Int32Array;
  /** Bit `pairBit(a, b, pairShift)` is clear when no term starts with codes a, b. */
  private readonly pairs: Int32Array;
  private readonly pairShift: number;
  readonly states: number;

  private constructor(tables: Tables<T>) {
    this.values = tables.values;
    this.code = tables.code;
    this.astralCode = tables.astralCode;
    this.cells = tables.cells;
    this.outStart = tables.outStart;
    this.outIds = tables.outIds;
    this.pairs = tables.pairs;
    this.pairShift = tables.pairShift;
    this.states = tables.states;
  }

  static build<T>(entries: Iterable<[ArrayLike<number>, T]>): AhoCorasick<T> {
    return new AhoCorasick(runSteps(buildTables(entries)));
  }

  /** Builds in slices of about `sliceMs`, letting other work run between them. */
  static async buildInSlices<T>(entries: Iterable<[ArrayLike<number>, T]>, sliceMs?: number): Promise<AhoCorasick<T>> {
    return new AhoCorasick(await runStepsInSlices(buildTables(entries), sliceMs));
  }

  get size(): number {
    return this.values.length;
  }

  value(id: number): T {
    return this.values[id]!;
  }

  /** Every occurrence of every term in `chars[0..length)`, appended to `into` in order of their ends. */
  search(chars: ArrayLike<number>, length: number, into: Matches = emptyMatches()): Matches {
    const { code, astralCode, cells, outStart, outIds, pairs, pairShift } = this;
    const rootBase = cells[0]!;
    const pairMask = (1 << (2 * pairShift)) - 1;
    let s = 0;
    for (let i = 0; i < length; i++) {
      const ch = chars[i]!;
      const c = ch < 0x10000 ? code[ch]! : (astralCode.get(ch) ?? 0);
      if (c === 0) {
        s = 0;
        continue;
      }
      for (;;) {
        // One character deep (the parent is the root): the pair bitmap knows whether a child exists.
        if (s !== 0 && cells[4 * s + 1] === 0) {
          // pairBit, written out: this is the innermost loop.
          const bit = (((s - rootBase) << pairShift) + c) & pairMask;
          if ((pairs[bit >>> 5]! & (1 << (bit & 31))) === 0) s = 0;
        }
        const t = cells[4 * s]! + c;
        if (cells[4 * t + 1] === s) {
          s = t;
          break;
        }
        if (s === 0) break;
        s = cells[4 * s + 2]!;
      }
      for (let o = cells[4 * s + 3]!; o !== 0; o = cells[4 * cells[4 * o + 2]! + 3]!) {
        for (let k = 2 * outStart[o]!; k < 2 * outStart[o + 1]!; k += 2) push(into, i + 1 - outIds[k + 1]!, i + 1, outIds[k]!);
      }
    }
    return into;
  }
}
