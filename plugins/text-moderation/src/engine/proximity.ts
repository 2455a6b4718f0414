import type { Category } from '@crs/core';
import type { Finding } from '../detectors/finding.js';
import { CLAUSE_MARKS } from './clauses.js';
import type { MatchTarget } from '../lexicon/compile.js';
import { evasionNames } from './evasion.js';
import type { NormalizedText } from './normalize.js';

/** One combination term: what its findings report, and how many parts it has. Identity groups its parts' matches. */
export interface Combination {
  parts: number;
  word: string;
  category: Category;
  weight: number;
  lexicon: string;
}

/** A combination a part belongs to, and which part it is there. */
export interface PartUse {
  combination: Combination;
  part: number;
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
 * is no threat). The clause marks, and line breaks, which end a clause but
 * not a word (text written one character a line is still read as words).
 * `.` is not a mark: it is a common separator ("炸.了.这.栋.楼").
 */
const CLAUSE_END = new Set([...`${CLAUSE_MARKS}\n\r`].map((c) => c.codePointAt(0)!));

function crossesClause(original: Int32Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (CLAUSE_END.has(original[i]!)) return true;
  return false;
}

/** The first of `matches` (sorted by `from`) that starts at or after `at`. */
function firstFrom(matches: readonly PartMatch[], at: number): number {
  let lo = 0;
  let hi = matches.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (matches[mid]!.from < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The nearest of one part's matches (sorted by `from`) after `prev`, if one is close enough and in its clause. */
function nextPart(matches: readonly PartMatch[], prev: PartMatch, n: NormalizedText): PartMatch | undefined {
  for (let j = firstFrom(matches, prev.to); j < matches.length && matches[j]!.from - prev.to <= PART_GAP; j++) {
    if (!crossesClause(n.original, prev.end, matches[j]!.start)) return matches[j];
  }
  return undefined;
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

/** `lists` merged into one, sorted by start; most parts are matched by one spelling, so most need no merge. */
function merged(lists: PartMatch[][]): PartMatch[] {
  return lists.length === 1 ? lists[0]! : lists.flat().sort((a, b) => a.from - b.from);
}

/**
 * Combination findings from their parts' matches: each match of a first part
 * that the later parts follow in order, each the nearest one within
 * `PART_GAP`, in the same clause. The finding spans first part to last, so
 * the hit shows the threat with its target; its evasions are its parts'.
 */
export function combine(matches: readonly PartMatch[], n: NormalizedText): Finding[] {
  // Each part target's matches, sorted by where they start: a text full of one part ("炸了炸了…")
  // must not cost the square of its matches, nor once per combination sharing the part.
  const byTarget = new Map<MatchTarget, PartMatch[]>();
  for (const m of matches) {
    const list = byTarget.get(m.target);
    if (list) list.push(m);
    else byTarget.set(m.target, [m]);
  }
  // Each combination's parts, as the lists of the spellings that matched each.
  const byCombination = new Map<Combination, PartMatch[][][]>();
  for (const [target, list] of byTarget) {
    list.sort((a, b) => a.from - b.from);
    for (const { combination, part } of target.uses!) {
      let parts = byCombination.get(combination);
      if (!parts) byCombination.set(combination, (parts = Array.from({ length: combination.parts }, () => [])));
      parts[part]!.push(list);
    }
  }
  const findings: Finding[] = [];
  for (const [combination, partLists] of byCombination) {
    if (partLists.some((lists) => lists.length === 0)) continue;
    const parts = partLists.map(merged);
    for (const first of parts[0]!) {
      let last: PartMatch | undefined = first;
      let bits = first.bits;
      for (let part = 1; last && part < parts.length; part++) {
        last = nextPart(parts[part]!, last, n);
        if (last) bits |= last.bits;
      }
      if (!last) continue;
      const { category, word, lexicon, weight } = combination;
      findings.push({ category, word, lexicon, start: first.start, end: last.end, weight, evasion: evasionNames(bits) });
    }
  }
  return onePerPhrase(findings);
}
