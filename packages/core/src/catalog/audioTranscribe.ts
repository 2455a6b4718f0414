import { z } from 'zod';
import { mediaRefSchema } from '../media/kinds.js';
import { audioSegmentSchema } from './audioModerate.js';
import { defineTask } from './defineTask.js';
import { categorySchema, thresholdsSchema } from './moderation.js';

/** Most segments one `audio.transcribe` job takes; `audio.moderate` cuts longer speech into chunks. */
export const TRANSCRIBE_MAX_SEGMENTS = 2_000;

const spanSchema = z
  .object({ startMs: z.number().int().min(0), endMs: z.number().int().min(0) })
  .refine((s) => s.endMs > s.startMs, 'a segment must end after it starts');

export const audioTranscribeInputSchema = z.object({
  audio: mediaRefSchema,
  /** Where the speech is, in ms of this file; voice activity detection finds it when absent. */
  segments: z.array(spanSchema).min(1).max(TRANSCRIBE_MAX_SEGMENTS).optional(),
  /** Added to every reported time: where this file starts in a longer recording. */
  offsetMs: z.number().int().min(0).default(0),
  categories: z.array(categorySchema).min(1).optional(),
  thresholds: thresholdsSchema.optional(),
});

export const audioTranscribeOutputSchema = z.object({
  /** The engine and model that transcribed the speech. */
  engine: z.string(),
  /** Each segment's words, checked by text moderation. */
  segments: z.array(audioSegmentSchema),
});

export const audioTranscribe = defineTask({
  name: 'audio.transcribe',
  summary: 'Speech to text of an audio file (or of given speech segments), each segment checked by text moderation',
  queue: 'audio.transcribe',
  input: audioTranscribeInputSchema,
  output: audioTranscribeOutputSchema,
  media: { audio: 'audio' },
  timeoutMs: 30 * 60_000,
  attempts: 2,
  concurrency: 1,
});
