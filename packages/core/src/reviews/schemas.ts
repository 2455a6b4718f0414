import { z } from 'zod';
import { categorySchema, hitSchema, labelSchema, verdictSchema } from '../catalog/moderation.js';

export const REVIEW_STATUSES = ['pending', 'decided'] as const;
export const reviewStatusSchema = z.enum(REVIEW_STATUSES);
export type ReviewStatus = z.infer<typeof reviewStatusSchema>;

/** What a person decides: the job's content passes or is blocked, in these categories. */
export const REVIEW_DECISIONS = ['pass', 'block'] as const;
export const NOTE_MAX_CHARS = 2_000;

/** `POST /v1/jobs/:jobId/review` */
export const reviewDecisionBodySchema = z.object({
  decision: z.enum(REVIEW_DECISIONS),
  /** The categories the content belongs to, as the reviewer sees it (the labels to learn from). */
  categories: z.array(categorySchema).max(16).optional(),
  note: z.string().max(NOTE_MAX_CHARS, `note must be at most ${NOTE_MAX_CHARS} characters`).optional(),
});
export type ReviewDecisionBody = z.infer<typeof reviewDecisionBodySchema>;

/** A decision as recorded: who (the API key's id) and when. */
export const recordedDecisionSchema = z.object({
  decision: z.enum(REVIEW_DECISIONS),
  categories: z.array(categorySchema),
  note: z.string().optional(),
  by: z.string(),
  at: z.iso.datetime(),
});
export type RecordedDecision = z.infer<typeof recordedDecisionSchema>;

/** `GET|PUT /v1/reviews/settings` */
export const reviewSettingsSchema = z.object({
  /** Also send jobs whose verdict is `block` to review (default: only `review`). */
  includeBlock: z.boolean(),
});
export type ReviewSettings = z.infer<typeof reviewSettingsSchema>;

/** A finished job whose verdict needs a person, with what that person needs to decide. */
export const reviewItemSchema = z.object({
  jobId: z.string(),
  task: z.string(),
  status: reviewStatusSchema,
  verdict: verdictSchema,
  labels: z.array(labelSchema),
  createdAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  evidence: z.object({
    /** The moderated text (text jobs, synchronous calls included). */
    text: z.string().optional(),
    /** The result's hits, with offsets into `text` (text) or their own (image text, codes), and the watchlisted faces an image or video frame showed. */
    hits: z.array(hitSchema).optional(),
    /** The media moderated (image, video, audio jobs), for `GET /v1/files/:fileId`. */
    fileId: z.string().optional(),
    /** The job's whole result (frames, segments, boxes, scores). */
    result: z.unknown(),
  }),
  decision: recordedDecisionSchema.optional(),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

/** `GET /v1/reviews/summary` */
export const reviewSummarySchema = z.object({
  pending: z.number().int(),
  decided: z.number().int(),
  /** Pending items per category they were flagged in; categories with none are left out. */
  pendingByCategory: z.partialRecord(categorySchema, z.number().int()),
});
export type ReviewSummary = z.infer<typeof reviewSummarySchema>;

/** One line of `GET /v1/reviews/export?format=jsonl`: a decided item as labelled data. */
export const reviewExportLineSchema = z.object({
  jobId: z.string(),
  task: z.string(),
  text: z.string().optional(),
  fileId: z.string().optional(),
  label: z.enum(REVIEW_DECISIONS),
  categories: z.array(categorySchema),
  note: z.string().optional(),
  decidedAt: z.iso.datetime(),
  by: z.string(),
});
export type ReviewExportLine = z.infer<typeof reviewExportLineSchema>;
