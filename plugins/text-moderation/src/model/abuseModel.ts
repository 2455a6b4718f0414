/**
 * Scores a folded text with the learned abuse model: a sum of looked-up
 * weights of its hashed grams, so a 2,000-character text costs a few thousand
 * array reads. A long text is read in overlapping windows of about a
 * comment's length and scores as its worst window, so one insult in a long
 * article is not averaged away.
 */
import { originalEnd, type NormalizedText } from '../engine/normalize.js';
import { extractGrams, GramBuffer } from './grams.js';
import { languageOf, type ModelLanguage } from './language.js';
import type { AbuseModelData, LanguageModel } from './modelFile.js';

/** Folded characters in one window, and the step between windows. */
const WINDOW = 256;
const STRIDE = 128;
/** Grams whose weight says most, merged into the spans a hit shows. */
const TOP_GRAMS = 5;
/**
 * The highest score the model alone gives: below the default block
 * threshold (0.9), so the model alone sends a text to review and blocks only
 * together with lexicon or detector evidence.
 */
export const MODEL_SCORE_CAP = 0.85;

export interface ModelSpan {
  /** Code-point offsets into the caller's text, `end` exclusive. */
  start: number;
  end: number;
  /** The folded text the model read there. */
  word: string;
  /** What the span's grams added to the window's logit. */
  weight: number;
}

export interface ModelScore {
  language: ModelLanguage;
  /** The model's probability of offensive, for the worst window. */
  probability: number;
  /** The probability mapped onto the verdict scale: the language's tuned threshold lands on 0.5 (review), 1 on `MODEL_SCORE_CAP`. */
  score: number;
  spans: ModelSpan[];
}

/** Puts the tuned threshold at 0.5 (the default review line), linearly on each side. */
export function calibrate(probability: number, threshold: number): number {
  const s = probability < threshold ? (0.5 * probability) / threshold : 0.5 + ((MODEL_SCORE_CAP - 0.5) * (probability - threshold)) / (1 - threshold);
  return Math.round(s * 1e4) / 1e4;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Grams of the text scored last, and what they were extracted with. */
const SHARED_GRAMS: GramBuffer & { extracted?: { text: string; bits: number; chars: boolean } } = new GramBuffer();

export class AbuseModel {
  // The scorer runs start to end without yielding, so one buffer serves every call, of every model:
  // the built-in model and a tenant's classifier reading the same features of one text extract them once.
  private readonly grams = SHARED_GRAMS;
  private contributions = new Float64Array(1024);
  private reach = new Int32Array(1024);

  constructor(readonly data: AbuseModelData) {}

  get name(): string {
    return this.data.name;
  }

  /**
   * `weighed`: spans of the caller's text (code-point offsets) that other
   * evidence has already weighed; grams touching them count for nothing, so
   * the score says what the rest of the text adds.
   */
  score(n: NormalizedText, weighed: readonly { start: number; end: number }[] = []): ModelScore | null {
    if (n.length === 0) return null;
    const language = this.data.everyScript?.language ?? languageOf(n);
    const model = this.data.everyScript ?? this.data.languages.get(language);
    if (!model) return null;
    const g = this.grams;
    const last = g.extracted;
    if (!last || last.text !== n.text || last.bits !== model.bits || last.chars !== model.chars) {
      extractGrams(n, model.bits, g, model.chars);
      g.extracted = { text: n.text, bits: model.bits, chars: model.chars };
    }
    if (g.count === 0) return null;
    if (this.contributions.length < g.count) this.contributions = new Float64Array(g.count * 2);
    const w = this.contributions;
    const { weights, scale } = model;
    const buckets = g.buckets;
    for (let i = 0; i < g.count; i++) w[i] = weights[buckets[i]!]! * scale;
    if (weighed.length) this.setAside(n, weighed);

    const [from, to, logit] = this.worstWindow(model, n.length);
    const probability = sigmoid(logit);
    return { language, probability, score: calibrate(probability, model.threshold), spans: this.spans(n, from, to) };
  }

  /** Zeroes the contribution of every gram inside a weighed span; the grams still count in the text's length. */
  private setAside(n: NormalizedText, weighed: readonly { start: number; end: number }[]): void {
    const g = this.grams;
    const w = this.contributions;
    // reach[p]: the furthest end of a weighed span starting at or before original position p, so a gram
    // [start, end) lies inside one exactly when reach[start] >= end: one pass, whatever the number of spans.
    const size = n.original.length + 1;
    if (this.reach.length < size) this.reach = new Int32Array(size * 2);
    const reach = this.reach;
    reach.fill(-1, 0, size);
    for (const s of weighed) if (s.start < size && s.end > reach[s.start]!) reach[s.start] = s.end;
    for (let p = 1; p < size; p++) if (reach[p - 1]! > reach[p]!) reach[p] = reach[p - 1]!;
    for (let i = 0; i < g.count; i++) {
      if (reach[n.source[g.from[i]!]!]! >= originalEnd(n, g.to[i]!)) w[i] = 0;
    }
  }

  /** The gram range `[from, to)` of the window with the highest logit, and that logit. Grams come ordered by where they end. */
  private worstWindow(model: LanguageModel, length: number): [number, number, number] {
    const g = this.grams;
    const w = this.contributions;
    const value = (count: number) => (model.norm === 'sqrt' ? 1 / Math.sqrt(count) : 1 / count);
    if (length <= WINDOW) {
      let sum = 0;
      for (let i = 0; i < g.count; i++) sum += w[i]!;
      return [0, g.count, model.bias + sum * value(g.count)];
    }
    let best: [number, number, number] = [0, 0, -Infinity];
    let first = 0;
    let last = 0;
    let sum = 0;
    for (let start = 0; start === 0 || start + WINDOW - STRIDE < length; start += STRIDE) {
      while (first < g.count && g.to[first]! <= start) sum -= w[first++]!;
      if (last < first) {
        last = first;
        sum = 0;
      }
      while (last < g.count && g.to[last]! <= start + WINDOW) sum += w[last++]!;
      if (last > first) {
        const logit = model.bias + sum * value(last - first);
        if (logit > best[2]) best = [first, last, logit];
      }
    }
    return best;
  }

  /** The strongest grams of the window, overlapping or touching ones merged, in reading order. */
  private spans(n: NormalizedText, from: number, to: number): ModelSpan[] {
    const g = this.grams;
    const w = this.contributions;
    const top: number[] = [];
    for (let i = from; i < to; i++) {
      if (w[i]! <= 0) continue;
      if (top.length < TOP_GRAMS) top.push(i);
      else if (w[i]! > w[top[TOP_GRAMS - 1]!]!) top[TOP_GRAMS - 1] = i;
      else continue;
      top.sort((a, b) => w[b]! - w[a]! || a - b);
    }
    top.sort((a, b) => g.from[a]! - g.from[b]! || g.to[a]! - g.to[b]!);
    const merged: { from: number; to: number; weight: number }[] = [];
    for (const i of top) {
      const last = merged[merged.length - 1];
      if (last && g.from[i]! <= last.to) {
        last.to = Math.max(last.to, g.to[i]!);
        last.weight += w[i]!;
      } else merged.push({ from: g.from[i]!, to: g.to[i]!, weight: w[i]! });
    }
    return merged.map((m) => ({
      start: n.source[m.from]!,
      end: originalEnd(n, m.to),
      word: String.fromCodePoint(...n.folded.subarray(m.from, m.to)),
      weight: Math.round(m.weight * 1e4) / 1e4,
    }));
  }
}
