import type { Finding } from '../detectors/finding.js';
import type { MatchTarget } from '../lexicon/compile.js';
import { evasionNames } from './evasion.js';
import type { NormalizedText } from './normalize.js';

/** One combination term, shared by its parts' match targets: identity is what groups their matches. */
export interface Combination {
  parts: number;
}

/** A match of one part of a combination: folded span `[from, to)`, original span `[start, end)`. */
export interface PartMatch {
  target: MatchTarget;
  from: number;
  to: number;
  start: number;
  end: number;
  bits: number;
}

/**
 * How many folded characters may lie between one part and the next: room for
 * "炸了这栋楼" or "blow up the school", not for a verb in one clause and a
 * noun a paragraph on. Separators are folded away, so "炸*了*这*栋*楼" is as near.
 */
export const PART_GAP = 8;

/**
 * Where a clause ends; a combination's parts must share one ("炸了一盘鸡翅，楼下…"
 * is no threat). `.` is not here: it is a common separator ("炸.了.这.栋.楼").
 */
const CLAUSE_END = new Set([...'，,。！？!?；;\n\r'].map((c) => c.codePointAt(0)!));

function crossesClause(original: Int32Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (CLAUSE_END.has(original[i]!)) return true;
  return false;
}

/** The nearest match of part `part` after `prev`, if one is close enough. */
function nextPart(matches: readonly PartMatch[], part: number, prev: PartMatch, n: NormalizedText): PartMatch | undefined {
  let best: PartMatch | undefined;
  for (const m of matches) {
    if (m.target.part !== part || m.from < prev.to || m.from - prev.to > PART_GAP) continue;
    if (best && best.from <= m.from) continue;
    if (!crossesClause(n.original, prev.end, m.start)) best = m;
  }
  return best;
}

/** Of two overlapping findings, the one to keep: the heavier, then the longer, then the earlier. */
function stronger(a: Finding, b: Finding): Finding {
  if (a.weight !== b.weight) return a.weight > b.weight ? a : b;
  return b.end - b.start > a.end - a.start ? b : a;
}

/**
 * One finding per threat phrase: "我要炸了这栋楼" completes both 要炸&楼 and
 * 炸了&楼, and two words would score as two signals (a block, where one
 * combination reviews). Overlapping combination findings of a category are
 * one phrase; the strongest stands for it.
 */
function onePerPhrase(findings: Finding[]): Finding[] {
  findings.sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : a.start - b.start));
  const kept: Finding[] = [];
  let reach = -1;
  for (const f of findings) {
    const last = kept[kept.length - 1];
    if (last && last.category === f.category && f.start < reach) {
      kept[kept.length - 1] = stronger(last, f);
      reach = Math.max(reach, f.end);
      continue;
    }
    kept.push(f);
    reach = f.end;
  }
  return kept;
}

/**
 * Combination findings from their parts' matches: each match of a first part
 * that the later parts follow in order, each the nearest one within
 * `PART_GAP`, in the same clause. The finding spans first part to last, so
 * the hit shows the threat with its target; its evasions are its parts'.
 */
export function combine(matches: readonly PartMatch[], n: NormalizedText): Finding[] {
  const byCombination = new Map<Combination, PartMatch[]>();
  for (const m of matches) {
    const combination = m.target.combination!;
    let list = byCombination.get(combination);
    if (!list) byCombination.set(combination, (list = []));
    list.push(m);
  }
  const findings: Finding[] = [];
  for (const [combination, list] of byCombination) {
    for (const first of list) {
      if (first.target.part !== 0) continue;
      let last: PartMatch | undefined = first;
      let bits = first.bits;
      for (let part = 1; last && part < combination.parts; part++) {
        last = nextPart(list, part, last, n);
        if (last) bits |= last.bits;
      }
      if (!last) continue;
      const { category, word, lexicon, weight } = first.target;
      findings.push({ category, word, lexicon, start: first.start, end: last.end, weight, evasion: evasionNames(bits) });
    }
  }
  return onePerPhrase(findings);
}
