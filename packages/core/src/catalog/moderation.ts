import { z } from 'zod';
import { faceBoxSchema } from './faceCommon.js';

export const MODERATION_CATEGORIES = [
  'porn',
  'ad',
  'terror',
  'politics',
  'sensitive',
  'abuse',
  'flood',
  'custom',
] as const;

export const categorySchema = z.enum(MODERATION_CATEGORIES);
export type Category = z.infer<typeof categorySchema>;

export const verdictSchema = z.enum(['pass', 'review', 'block']);
export type Verdict = z.infer<typeof verdictSchema>;

const VERDICT_RANK: Record<Verdict, number> = { pass: 0, review: 1, block: 2 };

/** The most severe of the verdicts (`block` over `review` over `pass`); `pass` when there are none. */
export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let out: Verdict = 'pass';
  for (const v of verdicts) if (VERDICT_RANK[v] > VERDICT_RANK[out]) out = v;
  return out;
}

/**
 * Where a piece of evidence came from: a word list, a detector (contacts, flood) or a learned model
 * reading the caller's text; or text the service read itself, in an image (`ocr`) or in a QR code or
 * barcode's payload (`code`), whose hit's `lexicon` still names the list, detector or model that found it;
 * or a face in an image that matched a person of one of the tenant's watchlist collections (`face`).
 */
export const EVIDENCE_SOURCES = ['lexicon', 'detector', 'model', 'ocr', 'code', 'face'] as const;
export const evidenceSourceSchema = z.enum(EVIDENCE_SOURCES);
export type EvidenceSource = z.infer<typeof evidenceSourceSchema>;

export const labelSchema = z.object({
  category: categorySchema,
  score: z.number().min(0).max(1),
  verdict: verdictSchema,
  /** The source of the strongest evidence behind the score (text results; absent when nothing was found). */
  source: evidenceSourceSchema.optional(),
});
export type Label = z.infer<typeof labelSchema>;

/**
 * Labels of several results (frames of a video, an image and the text in it)
 * as one list: per category the highest score and the worst verdict, highest
 * score first.
 */
export function mergeLabels(lists: Iterable<readonly Label[]>): Label[] {
  const byCategory = new Map<Category, Label>();
  for (const list of lists) {
    for (const l of list) {
      const seen = byCategory.get(l.category);
      byCategory.set(l.category, seen ? { category: l.category, score: Math.max(seen.score, l.score), verdict: worstVerdict([seen.verdict, l.verdict]) } : l);
    }
  }
  return [...byCategory.values()].sort((a, b) => b.score - a.score);
}

const pointSchema = z.tuple([z.number(), z.number()]);
/** Four corners (top-left, top-right, bottom-right, bottom-left as read), in pixels of the caller's image. */
export const quadSchema = z.tuple([pointSchema, pointSchema, pointSchema, pointSchema]);
export type Quad = z.infer<typeof quadSchema>;

export const textHitSchema = z.object({
  category: categorySchema,
  /** The lexicon entry that matched, in its canonical form. */
  word: z.string(),
  lexicon: z.string(),
  /** Unicode code-point offsets into the caller's original text; `end` is exclusive. */
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  /** The caller's text between `start` and `end`, exactly as sent. */
  matched: z.string(),
  /** What normalisation had to undo to find the match (empty when it matched verbatim). */
  evasion: z.array(z.string()),
  /**
   * What found it: `lexicon` (built-in, tenant or request words; `lexicon` names the list), `detector`
   * (`lexicon` names the detector) or `model` (`lexicon` names the model; the span is one of the parts of
   * the text that weighed most in its score, `word` the text as the model read it), `ocr` or `code` (text
   * the service read in the image or a code; see EVIDENCE_SOURCES). Hits stored before sources existed read
   * as lexicon hits, which they were.
   */
  source: evidenceSourceSchema.default('lexicon'),
  /** For a model hit: the model's score for the category (the same on each of its spans). */
  score: z.number().min(0).max(1).optional(),
  /** `code` hits: the index of the code in the result's `codes`; offsets then refer to that code's `text`. */
  code: z.number().int().min(0).optional(),
  /** Where in the image the hit is (`code` hits: the code's corners). */
  box: quadSchema.optional(),
});
export type TextHit = z.infer<typeof textHitSchema>;

/**
 * A face in the image that matched a person of one of the tenant's watchlists (face collections
 * that carry a moderation category): who, in which collection, how alike, and where.
 */
export const faceHitSchema = z.object({
  category: categorySchema,
  source: z.literal('face'),
  /** The watchlist collection the person is in. */
  collection: z.string(),
  subjectId: z.string(),
  /** The stored face of the subject that came closest. */
  faceId: z.string(),
  /** 0–100, as `face.compare` gives it; at or above the match threshold. */
  similarity: z.number().min(0).max(100),
  /** The face in the caller's image. */
  box: faceBoxSchema,
  /** The collection's level: what the match made the category's verdict. */
  level: z.enum(['review', 'block']),
});
export type FaceHit = z.infer<typeof faceHitSchema>;

/** Evidence an image result lists: text found (in codes, by OCR) and faces of watchlisted people. */
export const hitSchema = z.union([textHitSchema, faceHitSchema]);
export type Hit = z.infer<typeof hitSchema>;

/**
 * Hits one result lists. A text with more (one word repeated thousands of
 * times) says nothing more by listing them all, and each listing would be
 * stored with the job, sent in its events and in its webhook: megabytes a
 * job. Labels and the verdict still count every hit.
 */
export const MAX_LISTED_HITS = 1_000;

export const moderationResultSchema = z.object({
  verdict: verdictSchema,
  labels: z.array(labelSchema),
  hits: z.array(textHitSchema),
  /** How many hits beyond `MAX_LISTED_HITS` were left out of `hits`; absent when none were. Every word found is listed at least once. */
  hitsOmitted: z.number().int().min(1).optional(),
  /** The source whose evidence decided the verdict (the strongest evidence of the worst label); absent when it is `pass`. */
  decidedBy: evidenceSourceSchema.optional(),
  /** Text moderation asked to `mask`: the text with each hit's characters (spaces aside) replaced by the mask, code-point offsets unchanged. */
  masked: z.string().optional(),
});
export type ModerationResult = z.infer<typeof moderationResultSchema>;

/** Scores at or above `review` send the category to review, at or above `block` block it. */
export const thresholdPairSchema = z
  .object({ review: z.number().min(0).max(1), block: z.number().min(0).max(1) })
  .refine((t) => t.review <= t.block, 'review must not be above block');
export type ThresholdPair = z.infer<typeof thresholdPairSchema>;

/** Per-category thresholds; categories left out use the defaults. */
export const thresholdsSchema = z.partialRecord(categorySchema, thresholdPairSchema);
export type Thresholds = z.infer<typeof thresholdsSchema>;

export const DEFAULT_THRESHOLD: ThresholdPair = { review: 0.5, block: 0.9 };

/** The verdict a score earns against a category's thresholds. */
export function verdictForScore(score: number, t: ThresholdPair = DEFAULT_THRESHOLD): Verdict {
  if (score >= t.block) return 'block';
  if (score >= t.review) return 'review';
  return 'pass';
}
