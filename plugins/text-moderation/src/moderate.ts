import {
  worstVerdict,
  DEFAULT_MASK,
  DEFAULT_THRESHOLD,
  MAX_LISTED_HITS,
  verdictForScore,
  MODERATION_CATEGORIES,
  type Category,
  type EvidenceSource,
  type Label,
  type ModerationResult,
  type TextHit,
  type Thresholds,
  type Verdict,
} from '@crs/core';
import { detectContacts } from './detectors/contact.js';
import type { Finding } from './detectors/finding.js';
import { detectFlood } from './detectors/flood.js';
import { emptyMatches } from './engine/ahoCorasick.js';
import { Scratch } from './engine/scratch.js';
import { bitsBetween, EVASION_BIT, evasionNames } from './engine/evasion.js';
import { combine, type PartMatch } from './engine/proximity.js';
import { wholeWordEnd, wholeWordStart } from './engine/wholeWord.js';
import { leetReadings } from './engine/leet.js';
import { droppedWithin, normalize, originalEnd, originalSlice, utf16Offset, type NormalizedText } from './engine/normalize.js';
import type { Matcher, MatchTarget } from './lexicon/compile.js';
import type { TenantClassifier } from './classifiers/tenantClassifiers.js';
import type { AbuseModel, ModelScore } from './model/abuseModel.js';
import { maskText } from './mask.js';

export interface ModerateOptions {
  categories?: readonly Category[];
  /** Per-category thresholds; the rest use `DEFAULT_THRESHOLD`. */
  thresholds?: Thresholds;
  /** The learned abuse model; without it `abuse` rests on lexicons alone. */
  model?: AbuseModel | null;
  /** The tenant's own trained classifiers, each scoring its category beside the built-in model. */
  classifiers?: readonly TenantClassifier[];
  /** When set, the result carries `masked`: the text with every hit masked by this character (`true`: `*`). */
  mask?: boolean | string;
}

function verdictFor(score: number, category: Category, thresholds: Thresholds): Verdict {
  return verdictForScore(score, thresholds[category] ?? DEFAULT_THRESHOLD);
}

function evasionBits(n: NormalizedText, from: number, to: number, target: MatchTarget): number {
  let bits = bitsBetween(n.flags, from, to);
  bits &= ~target.ownBits;
  if (droppedWithin(n, from, to) > target.ownSkipped) bits |= EVASION_BIT.separator;
  return bits | target.formBits;
}

const WHOLE_WORD = { wordStart: true, wordEnd: true };

/** What an allow term's match may differ from its spelling by: case, width, style and Chinese script. */
const ALLOW_FOLDING = EVASION_BIT.case | EVASION_BIT.fullwidth | EVASION_BIT.styled | EVASION_BIT.traditional;

/**
 * Whether an allow term's match is the term as written: an allow term is a
 * spelling the operator vouches for, so "pen is" must not clear a "penis"
 * that folding reads the same, nor "butt" clear "b.u.t.t". Its own pinyin
 * spellings ("大ma烦") are forms it was given, so they count as written.
 */
function writtenAsAllowed(n: NormalizedText, from: number, to: number, target: MatchTarget): boolean {
  if (bitsBetween(n.flags, from, to) & ~target.ownBits & ~ALLOW_FOLDING) return false;
  return droppedWithin(n, from, to) === target.ownSkipped;
}

/** A CJK unified ideograph (the common blocks): what folded Chinese text is made of. */
const isHan = (c: number) => (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);

/** Whether folded `[from, to)` has a Han character right before or after it, separators aside. */
function besideHan(n: NormalizedText, from: number, to: number): boolean {
  return (from > 0 && isHan(n.folded[from - 1]!)) || (to < n.length && isHan(n.folded[to]!));
}

// moderateText runs start to end without yielding, so one set of buffers serves every call.
const scratch = new Scratch();
const leetScratch = new Scratch();
const matches = emptyMatches(1024);

/** Lexicon matches of every matcher: deny findings (combination terms joined from their parts) and allow spans. */
function matchLexicons(n: NormalizedText, matchers: readonly Matcher[], categories: Set<Category>) {
  const findings: Finding[] = [];
  const allowed: [number, number][] = [];
  const parts: PartMatch[] = [];
  for (const matcher of matchers) {
    matches.count = 0;
    matcher.search(n.folded, n.length, matches);
    for (let k = 0; k < matches.count; k++) {
      const from = matches.starts[k]!;
      const to = matches.ends[k]!;
      const target = matcher.value(matches.ids[k]!);
      if (target.kind === 'deny' && !categories.has(target.category)) continue;
      // Separators counted only where they decide something: most matches are of whole-word or Chinese terms.
      const spaced = target.inWords && droppedWithin(n, from, to) > target.ownSkipped;
      const whole = spaced ? WHOLE_WORD : target.wordStart || target.wordEnd ? target : null;
      const ownSkipped = spaced ? -1 : target.ownSkipped;
      const first = whole ? wholeWordStart(n, from, to, whole, ownSkipped) : from;
      const last = whole && first >= 0 ? wholeWordEnd(n, from, to, whole, ownSkipped) : to;
      if (first < 0 || last < 0) continue;
      const start = n.source[first]!;
      const end = originalEnd(n, last);
      // A doubled first or last letter ("ffuk", "shitt") joined the hit (a plural ending never repeats the letter before it).
      const doubledEdge = first < from || (last === to + 1 && n.folded[to] === n.folded[to - 1]);
      if (target.hanContext && !besideHan(n, from, to)) continue;
      // A term written with a stretched run ("xxx") folds to one letter, as text does; it still wants
      // a run in the text, or "xxx" would match every "x".
      if (target.ownBits & EVASION_BIT.repeat && !(bitsBetween(n.flags, from, to) & EVASION_BIT.repeat)) continue;
      if (target.kind === 'allow') {
        if (writtenAsAllowed(n, from, to, target)) allowed.push([start, end]);
        continue;
      }
      const bits = evasionBits(n, from, to, target) | (doubledEdge ? EVASION_BIT.repeat : 0);
      if (target.uses !== null) {
        parts.push({ target, from, to, start, end, bits });
        continue;
      }
      findings.push({
        category: target.category,
        word: target.word,
        lexicon: target.lexicon,
        start,
        end,
        weight: target.weight,
        evasion: evasionNames(bits),
      });
    }
  }
  if (parts.length) findings.push(...combine(parts, n));
  return { findings, allowed };
}

/** Whether the reading `r` changed any of the caller's characters in `[start, end)`. */
function readsDifferently(n: NormalizedText, r: NormalizedText, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (n.original[i] !== r.original[i]) return true;
  return false;
}

/**
 * Lexicon matches in the leetspeak readings of the text (`engine/leet.ts`):
 * only those resting on a character read as a letter, the rest being the
 * plain reading's own. Readings keep the caller's offsets.
 */
function matchLeet(n: NormalizedText, matchers: readonly Matcher[], categories: Set<Category>) {
  const findings: Finding[] = [];
  const allowed: [number, number][] = [];
  for (const reading of leetReadings(n.text, n.leetAt.map((i) => utf16Offset(n, i)))) {
    const r = normalize(reading, leetScratch);
    const found = matchLexicons(r, matchers, categories);
    for (const f of found.findings) {
      if (!readsDifferently(n, r, f.start, f.end)) continue;
      if (!f.evasion.includes('homoglyph')) f.evasion = [...f.evasion, 'homoglyph'].sort();
      findings.push(f);
    }
    allowed.push(...found.allowed);
  }
  return { findings, allowed };
}

/**
 * Category score: the hits of distinct words combined as independent signals
 * (1 − Π(1 − weight)), so one review-level word reviews and several together
 * may block; the same word repeated counts once.
 */
function scoreCategories(findings: Finding[]): Map<Category, number> {
  const best = new Map<Category, Map<string, number>>();
  for (const f of findings) {
    let words = best.get(f.category);
    if (!words) best.set(f.category, (words = new Map()));
    const weight = words.get(f.word);
    if (weight === undefined || weight < f.weight) words.set(f.word, f.weight);
  }
  const scores = new Map<Category, number>();
  for (const [category, words] of best) {
    let miss = 1;
    for (const weight of words.values()) miss *= 1 - weight;
    scores.set(category, Math.round((1 - miss) * 1e4) / 1e4);
  }
  return scores;
}

/** Per category, the source of its strongest single piece of evidence. */
function strongestSources(findings: Finding[]): Map<Category, { source: EvidenceSource; weight: number }> {
  const out = new Map<Category, { source: EvidenceSource; weight: number }>();
  for (const f of findings) {
    const seen = out.get(f.category);
    if (!seen || f.weight > seen.weight) out.set(f.category, { source: f.source ?? 'lexicon', weight: f.weight });
  }
  return out;
}

/** One learned model's evidence for one category. */
interface LearnedEvidence {
  category: Category;
  score: number;
  hits: TextHit[];
}

/**
 * A learned model's evidence for its category (the built-in model's for
 * `abuse`, a tenant classifier's for the one it was trained for), when its
 * score reaches the category's review threshold on its own: the score joins
 * the lexicon and detector evidence as one more independent signal, and the
 * spans that weighed most (those not already another category's finding)
 * become hits. Below the threshold it adds nothing, so text the model finds
 * ordinary is judged exactly as before.
 */
function modelEvidence(
  n: NormalizedText,
  model: AbuseModel,
  category: Category,
  lexicon: (m: ModelScore) => string,
  thresholds: Thresholds,
  findings: Finding[],
): LearnedEvidence | null {
  // Evidence counts once: a word a lexicon or detector has already weighed (a swear word the English list
  // scores as evidence only, a drug or sex word the corpora also call offensive) is left to that finding,
  // and the model scores what the rest of the text adds. Otherwise one word would be counted twice, as
  // two independent signals, and a passing "shit happens" would be reviewed on its one word.
  const m = model.score(n, findings);
  if (!m || m.score < (thresholds[category] ?? DEFAULT_THRESHOLD).review) return null;
  const own = m.spans;
  if (!own.length) return null;
  const name = lexicon(m);
  const hits: TextHit[] = own.map((s) => ({
    category,
    word: s.word,
    lexicon: name,
    start: s.start,
    end: s.end,
    matched: originalSlice(n, s.start, s.end),
    evasion: [],
    source: 'model',
    score: m.score,
  }));
  return { category, score: m.score, hits };
}

/** The evidence of the built-in model and of each of the tenant's classifiers, for the categories checked. */
function learnedEvidence(n: NormalizedText, options: ModerateOptions, categories: Set<Category>, thresholds: Thresholds, findings: Finding[]): LearnedEvidence[] {
  const out: LearnedEvidence[] = [];
  const builtIn = options.model;
  if (builtIn && categories.has('abuse')) {
    const e = modelEvidence(n, builtIn, 'abuse', (m) => `model:${builtIn.name}-${m.language}`, thresholds, findings);
    if (e) out.push(e);
  }
  for (const c of options.classifiers ?? []) {
    if (!categories.has(c.category)) continue;
    const e = modelEvidence(n, c.model, c.category, () => `classifier:${c.name}`, thresholds, findings);
    if (e) out.push(e);
  }
  return out;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Reading order: by start, the longer span first, then by word, category and lexicon. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    a.start - b.start ||
    b.end - a.end ||
    compareText(a.word, b.word) ||
    compareText(a.category, b.category) ||
    compareText(a.lexicon, b.lexicon)
  );
}

/**
 * Sorted into reading order, each finding once: the same term may reach the
 * text through two lexicon forms, or through two lists (the English list and
 * a tenant's both holding "penis"); the heavier of those stands for it. The
 * same word inside a wider hit of itself is that hit.
 */
function orderedOnce(findings: Finding[]): Finding[] {
  findings.sort(compareFindings);
  // The order puts the same word on the same span in one category side by side, whatever its lexicon, and
  // right after the same word on a span around it ("ffuck" holds "fuck" twice: with its doubled letter and without).
  const out: Finding[] = [];
  for (const f of findings) {
    const last = out[out.length - 1];
    if (!last || f.end > last.end || last.word !== f.word || last.category !== f.category) out.push(f);
    else if (f.weight > last.weight) out[out.length - 1] = last.start === f.start && last.end === f.end ? f : { ...last, weight: f.weight, lexicon: f.lexicon };
  }
  return out;
}

/**
 * The findings a result lists when there are more than `MAX_LISTED_HITS`:
 * the first of each word, then the rest in reading order, as many as fit.
 */
function listed(findings: Finding[]): Finding[] {
  if (findings.length <= MAX_LISTED_HITS) return findings;
  const chosen = new Uint8Array(findings.length);
  const words = new Set<string>();
  let count = 0;
  findings.forEach((f, i) => {
    const word = `${f.category}\u0000${f.lexicon}\u0000${f.word}`;
    if (count < MAX_LISTED_HITS && !words.has(word)) {
      words.add(word);
      chosen[i] = 1;
      count++;
    }
  });
  for (let i = 0; i < findings.length && count < MAX_LISTED_HITS; i++) {
    if (!chosen[i]) {
      chosen[i] = 1;
      count++;
    }
  }
  return findings.filter((_, i) => chosen[i] === 1);
}

/**
 * Moderates one text: lexicon matches from every matcher (built-in and file
 * lexicons, the tenant's lists, the request's words), contact and flood
 * detectors; then allow spans clear the findings they cover.
 */
export function moderateText(text: string, matchers: readonly Matcher[], options: ModerateOptions = {}): ModerationResult {
  const categories = new Set(options.categories ?? MODERATION_CATEGORIES);
  const thresholds = options.thresholds ?? {};
  const n = normalize(text, scratch);
  const { findings, allowed } = matchLexicons(n, matchers, categories);
  if (n.leet) {
    const leet = matchLeet(n, matchers, categories);
    findings.push(...leet.findings);
    allowed.push(...leet.allowed);
  }
  const detected = [...(categories.has('ad') ? detectContacts(n, scratch) : []), ...(categories.has('flood') ? detectFlood(n) : [])];
  for (const f of detected) f.source = 'detector';
  findings.push(...detected);

  const once = orderedOnce(findings);
  const kept = allowed.length ? once.filter((f) => !allowed.some(([s, e]) => s <= f.start && f.end <= e)) : once;
  const scores = scoreCategories(kept);
  const sources = strongestSources(kept);
  const learned = learnedEvidence(n, options, categories, thresholds, kept);
  for (const l of learned) {
    const before = scores.get(l.category) ?? 0;
    scores.set(l.category, Math.round((1 - (1 - before) * (1 - l.score)) * 1e4) / 1e4);
    if (l.score > (sources.get(l.category)?.weight ?? 0)) sources.set(l.category, { source: 'model', weight: l.score });
  }
  const learnedHits = learned.flatMap((l) => l.hits);
  const labels: Label[] = [...categories].map((category) => {
    const score = scores.get(category) ?? 0;
    const source = sources.get(category)?.source;
    return { category, score, verdict: verdictFor(score, category, thresholds), ...(source ? { source } : {}) };
  });
  const verdict = worstVerdict(labels.map((l) => l.verdict));
  // The worst label decides; among several at that verdict, the highest score.
  const deciding = labels.filter((l) => l.verdict === verdict && verdict !== 'pass').sort((a, b) => b.score - a.score)[0];
  const shown = listed(kept);
  const hits: TextHit[] = shown.map((f) => ({
    category: f.category,
    word: f.word,
    lexicon: f.lexicon,
    start: f.start,
    end: f.end,
    matched: originalSlice(n, f.start, f.end),
    evasion: f.evasion,
    source: f.source ?? 'lexicon',
  }));
  // Model spans join the hits in reading order (a stable sort keeps the lexicon hits' own order).
  if (learnedHits.length) {
    hits.push(...learnedHits);
    hits.sort((a, b) => a.start - b.start);
  }
  const omitted = kept.length - shown.length;
  // Every hit is masked, listed or not.
  const mask = options.mask === true ? DEFAULT_MASK : options.mask || null;
  const masked = mask ? maskText(text, [...kept, ...learnedHits], mask) : null;
  return {
    verdict,
    labels,
    hits,
    ...(omitted ? { hitsOmitted: omitted } : {}),
    ...(deciding?.source ? { decidedBy: deciding.source } : {}),
    ...(masked !== null ? { masked } : {}),
  };
}
