/**
 * Aho–Corasick automaton over code points: finds every occurrence of every
 * term in one pass, so matching cost does not grow with the lexicon size.
 * Built with maps, then compiled into flat typed arrays: a dense table for
 * the root (where most characters of ordinary text land) and sorted edge
 * lists for the rest.
 */

interface BuildNode {
  next: Map<number, number>;
  outputs: number[];
}

const ROOT_TABLE = 0x10000;

export class AhoCorasick<T> {
  private readonly values: T[] = [];
  private readonly lengths: number[] = [];
  private readonly root = new Int32Array(ROOT_TABLE);
  private readonly rootAstral = new Map<number, number>();
  private readonly edgeStart: Int32Array;
  private readonly edgeChar: Int32Array;
  private readonly edgeTarget: Int32Array;
  private readonly fail: Int32Array;
  /** Nearest state (this one or along fail links) that has outputs, or 0. */
  private readonly outLink: Int32Array;
  private readonly outStart: Int32Array;
  private readonly outIds: Int32Array;
  readonly states: number;

  constructor(entries: Iterable<[ArrayLike<number>, T]>) {
    const nodes: BuildNode[] = [{ next: new Map(), outputs: [] }];
    for (const [term, value] of entries) {
      if (term.length === 0) continue;
      let state = 0;
      for (let i = 0; i < term.length; i++) {
        const ch = term[i]!;
        let next = nodes[state]!.next.get(ch);
        if (next === undefined) {
          next = nodes.length;
          nodes.push({ next: new Map(), outputs: [] });
          nodes[state]!.next.set(ch, next);
        }
        state = next;
      }
      nodes[state]!.outputs.push(this.values.length);
      this.values.push(value);
      this.lengths.push(term.length);
    }
    this.states = nodes.length;

    const fail = new Int32Array(nodes.length);
    const order: number[] = [];
    const queue: number[] = [...nodes[0]!.next.values()];
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      order.push(state);
      for (const [ch, child] of nodes[state]!.next) {
        let f = fail[state]!;
        while (f !== 0 && !nodes[f]!.next.has(ch)) f = fail[f]!;
        const target = nodes[f]!.next.get(ch);
        fail[child] = target !== undefined && target !== child ? target : 0;
        queue.push(child);
      }
    }
    this.fail = fail;

    const outLink = new Int32Array(nodes.length);
    for (const state of order) outLink[state] = nodes[state]!.outputs.length ? state : outLink[fail[state]!]!;
    this.outLink = outLink;

    const outStart = new Int32Array(nodes.length + 1);
    const outIds: number[] = [];
    const edgeStart = new Int32Array(nodes.length + 1);
    const edgeChar: number[] = [];
    const edgeTarget: number[] = [];
    nodes.forEach((node, state) => {
      outStart[state] = outIds.length;
      outIds.push(...node.outputs);
      edgeStart[state] = edgeChar.length;
      if (state === 0) return;
      for (const ch of [...node.next.keys()].sort((a, b) => a - b)) {
        edgeChar.push(ch);
        edgeTarget.push(node.next.get(ch)!);
      }
    });
    outStart[nodes.length] = outIds.length;
    edgeStart[nodes.length] = edgeChar.length;
    for (const [ch, child] of nodes[0]!.next) {
      if (ch < ROOT_TABLE) this.root[ch] = child;
      else this.rootAstral.set(ch, child);
    }
    this.outStart = outStart;
    this.outIds = Int32Array.from(outIds);
    this.edgeStart = edgeStart;
    this.edgeChar = Int32Array.from(edgeChar);
    this.edgeTarget = Int32Array.from(edgeTarget);
  }

  get size(): number {
    return this.values.length;
  }

  private step(state: number, ch: number): number {
    const { edgeStart, edgeChar, edgeTarget, fail } = this;
    for (;;) {
      if (state === 0) return ch < ROOT_TABLE ? this.root[ch]! : (this.rootAstral.get(ch) ?? 0);
      let lo = edgeStart[state]!;
      let hi = edgeStart[state + 1]! - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const c = edgeChar[mid]!;
        if (c === ch) return edgeTarget[mid]!;
        if (c < ch) lo = mid + 1;
        else hi = mid - 1;
      }
      state = fail[state]!;
    }
  }

  /** Calls `onMatch(start, end, value)` for every occurrence in `chars[0..length)`; `end` is exclusive. */
  search(chars: ArrayLike<number>, length: number, onMatch: (start: number, end: number, value: T) => void): void {
    const { outLink, outStart, outIds, fail } = this;
    let state = 0;
    for (let i = 0; i < length; i++) {
      state = this.step(state, chars[i]!);
      for (let o = outLink[state]!; o !== 0; o = outLink[fail[o]!]!) {
        for (let k = outStart[o]!; k < outStart[o + 1]!; k++) {
          const id = outIds[k]!;
          onMatch(i + 1 - this.lengths[id]!, i + 1, this.values[id]!);
        }
      }
    }
  }
}
