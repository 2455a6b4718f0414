import { z } from 'zod';
import { mediaRefSchema } from '../media/kinds.js';
import { defineTask } from './defineTask.js';
import { categorySchema, labelSchema, moderationResultSchema, textHitSchema, thresholdsSchema, verdictSchema } from './moderation.js';

export const audioModerateInputSchema = z.object({
  audio: mediaRefSchema,
  categories: z.array(categorySchema).min(1).optional(),
  thresholds: thresholdsSchema.optional(),
});

export const audioSegmentSchema = z.object({
  startMs: z.number().int().min(0),
  endMs: z.number().int().min(0),
  /** What was said; absent when transcription is unavailable. */
  text: z.string().optional(),
  verdict: verdictSchema,
  labels: z.array(labelSchema),
  /** Offsets are code points into this segment's `text`. */
  hits: z.array(textHitSchema).optional(),
  /** Why this segment could not be transcribed or checked (it is then sent to review). */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type AudioSegment = z.infer<typeof audioSegmentSchema>;

export const asrReportSchema = z.object({
  status: z.enum(['done', 'unavailable']),
  /** The speech-to-text engine and model that transcribed the segments. */
  engine: z.string().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  /** Pieces the speech was cut into for transcription on several workers (1 when it was not cut, 0 when there was no speech). */
  chunks: z.number().int().min(0).optional(),
});

export const audioModerateOutputSchema = moderationResultSchema.extend({
  /** The file's own sample rate. */
  sampleRate: z.number().int(),
  durationMs: z.number().int().min(0),
  /** Speech found by voice activity detection, in order. */
  segments: z.array(audioSegmentSchema),
  asr: asrReportSchema,
});

export const audioModerate = defineTask({
  name: 'audio.moderate',
  summary: 'Moderate speech: 8 kHz rule, voice activity detection, speech to text and text moderation per segment',
  queue: 'audio.moderate',
  input: audioModerateInputSchema,
  output: audioModerateOutputSchema,
  media: { audio: 'audio' },
  timeoutMs: 30 * 60_000,
  attempts: 2,
  concurrency: 2,
});
