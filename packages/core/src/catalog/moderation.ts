import { z } from 'zod';

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

export const labelSchema = z.object({
  category: categorySchema,
  score: z.number().min(0).max(1),
  verdict: verdictSchema,
});
export type Label = z.infer<typeof labelSchema>;

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
});
export type TextHit = z.infer<typeof textHitSchema>;

export const moderationResultSchema = z.object({
  verdict: verdictSchema,
  labels: z.array(labelSchema),
  hits: z.array(textHitSchema),
});
export type ModerationResult = z.infer<typeof moderationResultSchema>;
