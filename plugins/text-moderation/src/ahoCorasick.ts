/**
 * Aho–Corasick automaton over code points: finds every occurrence of every
 * term in one pass, so matching cost does not grow with the lexicon size.
 */
export interface Match<T> {
  /** Index of the first matched code point. */
  start: number;
  /** Index one past the last matched code point. */
  end: number;
  value: T;
}

interface Node<T> {
  next: Map<string, number>;
  fail: number;
  outputs: { length: number; value: T }[];
}

export class AhoCorasick<T> {
  private readonly nodes: Node<T>[] = [{ next: new Map(), fail: 0, outputs: [] }];

  constructor(entries: Iterable<[string, T]>) {
    for (const [term, value] of entries) this.insert([...term], value);
    this.link();
  }

  private insert(chars: string[], value: T): void {
    if (chars.length === 0) return;
    let state = 0;
    for (const ch of chars) {
      let next = this.nodes[state]!.next.get(ch);
      if (next === undefined) {
        next = this.nodes.length;
        this.nodes.push({ next: new Map(), fail: 0, outputs: [] });
        this.nodes[state]!.next.set(ch, next);
      }
      state = next;
    }
    this.nodes[state]!.outputs.push({ length: chars.length, value });
  }

  private link(): void {
    const queue: number[] = [];
    for (const child of this.nodes[0]!.next.values()) queue.push(child);
    while (queue.length) {
      const state = queue.shift()!;
      const node = this.nodes[state]!;
      for (const [ch, child] of node.next) {
        let f = node.fail;
        while (f !== 0 && !this.nodes[f]!.next.has(ch)) f = this.nodes[f]!.fail;
        const target = this.nodes[f]!.next.get(ch);
        this.nodes[child]!.fail = target !== undefined && target !== child ? target : 0;
        this.nodes[child]!.outputs.push(...this.nodes[this.nodes[child]!.fail]!.outputs);
        queue.push(child);
      }
    }
  }

  search(chars: readonly string[]): Match<T>[] {
    const matches: Match<T>[] = [];
    let state = 0;
    chars.forEach((ch, i) => {
      while (state !== 0 && !this.nodes[state]!.next.has(ch)) state = this.nodes[state]!.fail;
      state = this.nodes[state]!.next.get(ch) ?? 0;
      for (const out of this.nodes[state]!.outputs) {
        matches.push({ start: i + 1 - out.length, end: i + 1, value: out.value });
      }
    });
    return matches;
  }
}
