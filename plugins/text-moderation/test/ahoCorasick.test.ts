import { describe, expect, it } from 'vitest';
import { AhoCorasick } from '../src/engine/ahoCorasick.js';

// mulberry32: fixed seeds, so a failure reproduces.
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sequence(rnd: () => number, alphabet: number[], length: number): number[] {
  return Array.from({ length }, () => alphabet[Math.floor(rnd() * alphabet.length)]!);
}

/** Every occurrence by brute force, as `start:end:term` strings. */
function naive(terms: number[][], text: number[]): string[] {
  const found: string[] = [];
  terms.forEach((term, id) => {
    for (let start = 0; start + term.length <= text.length; start++) {
      if (term.every((ch, k) => text[start + k] === ch)) found.push(`${start}:${start + term.length}:${id}`);
    }
  });
  return found.sort();
}

function automaton(terms: number[][], text: number[]): string[] {
  const ac = AhoCorasick.build(terms.map((term, id) => [term, id] as [number[], number]));
  const m = ac.search(text, text.length);
  const found: string[] = [];
  for (let k = 0; k < m.count; k++) {
    const id = ac.value(m.ids[k]!);
    found.push(`${m.starts[k]}:${m.ends[k]}:${id}`);
  }
  return found.sort();
}

describe('AhoCorasick (double array)', () => {
  it.each([
    ['a small alphabet: overlapping and nested terms everywhere', 1, [0x61, 0x62, 0x63], 300, 1, 6],
    ['Han, Latin and astral characters', 2, [0x4e00, 0x4e8c, 0x4e09, 0x61, 0x7a, 0x1f600, 0x20000, 0xff21], 400, 1, 5],
    ['many terms over a wide alphabet: placement has to grow the arrays', 3, Array.from({ length: 3000 }, (_, i) => 0x4e00 + i * 7), 20000, 2, 6],
  ])('finds exactly what a brute-force search finds: %s', (_, seed, alphabet, count, minLength, maxLength) => {
    const rnd = random(seed);
    const terms = Array.from({ length: count }, () => sequence(rnd, alphabet, minLength + Math.floor(rnd() * (maxLength - minLength + 1))));
    // Terms drawn from the text itself, so long matches happen on the wide alphabet too.
    const text = sequence(rnd, alphabet, 3000);
    for (let i = 0; i < 200; i++) {
      const start = Math.floor(rnd() * (text.length - maxLength));
      terms.push(text.slice(start, start + minLength + Math.floor(rnd() * (maxLength - minLength + 1))));
    }
    text.push(0x5b57, 0x20, ...terms[0]!);
    const expected = naive(terms, text);
    expect(expected.length).toBeGreaterThan(200);
    expect(automaton(terms, text)).toEqual(expected);
  });

  it('reports a term listed twice under both values, and nothing for characters no term uses', () => {
    const ac = AhoCorasick.build<string>([
      [[0x61, 0x62], 'first'],
      [[0x61, 0x62], 'second'],
    ]);
    const m = ac.search([0x78, 0x61, 0x62, 0x79], 4);
    expect([...m.ids.subarray(0, m.count)].map((id) => ac.value(id))).toEqual(['first', 'second']);
    expect([...m.ends.subarray(0, m.count)]).toEqual([3, 3]);
    expect(AhoCorasick.build<string>([]).search([0x61], 1).count).toBe(0);
  });
});
