import {
  worstVerdict,
  DEFAULT_THRESHOLD,
  verdictForScore,
  MODERATION_CATEGORIES,
  type Category,
  type Label,
  type ModerationResult,
  type TextHit,
  type Thresholds,
  type Verdict,
} from '@crs/core';
import { detectContacts } from './detectors/contact.js';
import type { Finding } from './detectors/finding.js';
import { detectFlood } from './detectors/flood.js';
import { EVASION_BIT, evasionNames } from './engine/evasion.js';
import { normalize, originalSlice, type NormalizedText } from './engine/normalize.js';
import type { Matcher, MatchTarget } from './lexicon/compile.js';

export interface ModerateOptions {
  categories?: readonly Category[];
  /** Per-category thresholds; the rest use `DEFAULT_THRESHOLD`. */
  thresholds?: Thresholds;
}

// Only Latin letters and digits continue a Latin word; CJK right beside it ("买porn片") does not.
const WORD_CHAR = /[\p{Script=Latin}\p{N}]/u;

function verdictFor(score: number, category: Category, thresholds: Thresholds): Verdict {
  return verdictForScore(score, thresholds[category] ?? DEFAULT_THRESHOLD);
}

/** A Latin-script form inside a longer word is no hit: check the caller's own neighbouring characters. */
function isWholeWord(n: NormalizedText, start: number, end: number): boolean {
  const before = start > 0 ? String.fromCodePoint(n.original[start - 1]!) : '';
  const after = end < n.original.length ? String.fromCodePoint(n.original[end]!) : '';
  return !WORD_CHAR.test(before) && !WORD_CHAR.test(after);
}

function evasionBits(n: NormalizedText, from: number, to: number, start: number, end: number, target: MatchTarget): number {
  let bits = 0;
  for (let i = from; i < to; i++) bits |= n.flags[i]!;
  bits &= ~target.ownBits;
  if (n.skippedBefore[end - 1]! - n.skippedBefore[start]! > target.ownSkipped) bits |= EVASION_BIT.separator;
  return target.viaPinyin ? bits | EVASION_BIT.pinyin : bits;
}

/** Lexicon matches of every matcher: deny findings and allow spans. */
function matchLexicons(n: NormalizedText, matchers: readonly Matcher[], categories: Set<Category>) {
  const findings: Finding[] = [];
  const allowed: [number, number][] = [];
  const onMatch = (from: number, to: number, target: MatchTarget) => {
    const { entry } = target;
    if (entry.kind === 'deny' && !categories.has(entry.category)) return;
    const start = n.source[from]!;
    const end = n.source[to - 1]! + 1;
    if (target.wholeWord && !isWholeWord(n, start, end)) return;
    if (entry.kind === 'allow') {
      allowed.push([start, end]);
      return;
    }
    const bits = evasionBits(n, from, to, start, end, target);
    findings.push({
      category: entry.category,
      word: entry.word,
      lexicon: entry.lexicon,
      start,
      end,
      weight: entry.weight,
      evasion: evasionNames(bits),
    });
  };
  for (const matcher of matchers) matcher.search(n.folded, n.length, onMatch);
  return { findings, allowed };
}

/**
 * Category score: the hits of distinct words combined as independent signals
 * (1 − Π(1 − weight)), so one review-level word reviews and several together
 * may block; the same word repeated counts once.
 */
function scoreCategories(findings: Finding[]): Map<Category, number> {
  const best = new Map<string, { category: Category; weight: number }>();
  for (const f of findings) {
    const key = `${f.category}\u0000${f.word}`;
    if ((best.get(key)?.weight ?? 0) < f.weight) best.set(key, { category: f.category, weight: f.weight });
  }
  const miss = new Map<Category, number>();
  for (const { category, weight } of best.values()) miss.set(category, (miss.get(category) ?? 1) * (1 - weight));
  return new Map([...miss].map(([category, m]) => [category, Math.round((1 - m) * 1e4) / 1e4]));
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.category}\u0000${f.word}\u0000${f.lexicon}\u0000${f.start}\u0000${f.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Moderates one text: lexicon matches from every matcher (built-in and file
 * lexicons, the tenant's lists, the request's words), contact and flood
 * detectors; then allow spans clear the findings they cover.
 */
export function moderateText(text: string, matchers: readonly Matcher[], options: ModerateOptions = {}): ModerationResult {
  const categories = new Set(options.categories ?? MODERATION_CATEGORIES);
  const thresholds = options.thresholds ?? {};
  const n = normalize(text);
  const { findings, allowed } = matchLexicons(n, matchers, categories);
  if (categories.has('ad')) findings.push(...detectContacts(n));
  if (categories.has('flood')) findings.push(...detectFlood(n));

  const kept = dedupe(findings).filter((f) => !allowed.some(([s, e]) => s <= f.start && f.end <= e));
  const scores = scoreCategories(kept);
  const labels: Label[] = [...categories].map((category) => {
    const score = scores.get(category) ?? 0;
    return { category, score, verdict: verdictFor(score, category, thresholds) };
  });
  const verdict = worstVerdict(labels.map((l) => l.verdict));
  const hits: TextHit[] = kept
    .sort((a, b) => a.start - b.start || b.end - a.end || a.word.localeCompare(b.word))
    .map((f) => ({
      category: f.category,
      word: f.word,
      lexicon: f.lexicon,
      start: f.start,
      end: f.end,
      matched: originalSlice(n, f.start, f.end),
      evasion: f.evasion,
    }));
  return { verdict, labels, hits };
}
