import {
  moderationResultSchema,
  TEXT_JOB_MAX_CHARS,
  verdictForScore,
  worstVerdict,
  type AudioSegment,
  type Category,
  type JobContext,
  type Label,
  type Thresholds,
} from '@crs/core';

export interface SpeechModerationOptions {
  categories?: Category[] | undefined;
  /** The request's thresholds; categories it leaves out keep the tenant's verdicts. */
  thresholds?: Thresholds | undefined;
}

const TEXT_TASK = 'text.moderate';

/** Labels judged again against the request's thresholds where it gives any. */
function rejudge(labels: Label[], thresholds: Thresholds | undefined): Label[] {
  if (!thresholds) return labels;
  return labels.map((l) => {
    const t = thresholds[l.category];
    return t ? { ...l, verdict: verdictForScore(l.score, t) } : l;
  });
}

/**
 * One segment's words through text moderation in this process. Without text
 * moderation on this worker the words are still returned, and the segment goes
 * to review instead of passing unchecked.
 */
export async function moderateSpeech(text: string, ctx: JobContext, options: SpeechModerationOptions): Promise<Omit<AudioSegment, 'startMs' | 'endMs' | 'text'>> {
  if (!text.trim()) return { verdict: 'pass', labels: [] };
  if (!ctx.local.has(TEXT_TASK)) {
    return { verdict: 'review', labels: [], error: { code: 'moderation_unavailable', message: 'text moderation does not run on this worker; the words were transcribed but not checked' } };
  }
  const result = moderationResultSchema.parse(
    await ctx.local.run(TEXT_TASK, { text: [...text].slice(0, TEXT_JOB_MAX_CHARS).join(''), ...(options.categories ? { categories: options.categories } : {}) }, ctx),
  );
  const labels = rejudge(result.labels, options.thresholds);
  return { verdict: worstVerdict(labels.map((l) => l.verdict)), labels, ...(result.hits.length ? { hits: result.hits } : {}) };
}
