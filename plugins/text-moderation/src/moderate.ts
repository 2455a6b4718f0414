import { MODERATION_CATEGORIES, type Category, type Label, type ModerationResult, type TextHit, type Verdict } from '@crs/core';
import type { AhoCorasick } from './ahoCorasick.js';
import { detectFlood } from './flood.js';
import type { LexiconEntry } from './lexicon.js';
import { normalize, type Evasion, type NormalizedText } from './normalize.js';

export interface Thresholds {
  review: number;
  block: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { review: 0.5, block: 0.9 };

export interface ModerateOptions {
  categories?: readonly Category[];
  thresholds?: Thresholds;
}

const VERDICT_RANK: Record<Verdict, number> = { pass: 0, review: 1, block: 2 };
// Only Latin letters and digits continue a Latin word; CJK right beside it ("买porn片") does not.
const WORD_CHAR = /[\p{Script=Latin}\p{N}]/u;

function verdictFor(score: number, t: Thresholds): Verdict {
  if (score >= t.block) return 'block';
  if (score >= t.review) return 'review';
  return 'pass';
}

/** A Latin-script term inside a longer word is no hit: check the caller's own neighbouring characters. */
function isWholeWord(text: NormalizedText, start: number, end: number): boolean {
  const before = text.original[start - 1];
  const after = text.original[end];
  return !(before && WORD_CHAR.test(before)) && !(after && WORD_CHAR.test(after));
}

function evasionsOf(text: NormalizedText, from: number, to: number, start: number, end: number): string[] {
  const found = new Set<Evasion>();
  for (let i = from; i < to; i++) for (const e of text.evasions[i]!) found.add(e);
  if (text.skippedBefore[end - 1]! - text.skippedBefore[start]! > 0) found.add('separator');
  return [...found].sort();
}

export function moderateText(
  text: string,
  matcher: AhoCorasick<LexiconEntry>,
  options: ModerateOptions = {},
): ModerationResult {
  const categories = new Set(options.categories ?? MODERATION_CATEGORIES);
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  const folded = normalize(text);
  const scores = new Map<Category, number>();
  const hits: TextHit[] = [];

  for (const m of matcher.search(folded.chars)) {
    const entry = m.value;
    if (!categories.has(entry.category)) continue;
    const start = folded.source[m.start]!;
    const end = folded.source[m.end - 1]! + 1;
    if (entry.wholeWord && !isWholeWord(folded, start, end)) continue;
    hits.push({
      category: entry.category,
      word: entry.word,
      lexicon: entry.lexicon,
      start,
      end,
      matched: folded.original.slice(start, end).join(''),
      evasion: evasionsOf(folded, m.start, m.end, start, end),
    });
    scores.set(entry.category, Math.max(scores.get(entry.category) ?? 0, entry.weight));
  }

  if (categories.has('flood')) {
    const flood = detectFlood(folded.original);
    hits.push(...flood.hits);
    if (flood.score > 0) scores.set('flood', flood.score);
  }

  const labels: Label[] = [...categories].map((category) => {
    const score = scores.get(category) ?? 0;
    return { category, score, verdict: verdictFor(score, thresholds) };
  });
  const verdict = labels.reduce<Verdict>((worst, l) => (VERDICT_RANK[l.verdict] > VERDICT_RANK[worst] ? l.verdict : worst), 'pass');
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  return { verdict, labels, hits };
}
