import { catalog, type TaskName } from '../catalog/index.js';
import type { Verdict } from '../catalog/moderation.js';

/** Tasks whose result carries a verdict a person can review. */
export const REVIEWABLE_TASKS = ['text.moderate', 'image.moderate', 'video.moderate', 'audio.moderate'] as const satisfies readonly TaskName[];
export type ReviewableTask = (typeof REVIEWABLE_TASKS)[number];

export function isReviewableTask(task: string): task is ReviewableTask {
  return (REVIEWABLE_TASKS as readonly string[]).includes(task);
}

/** Whether a verdict goes to the review queue: `review` always, `block` when the tenant asks for it. */
export function needsReview(verdict: unknown, includeBlock: boolean): verdict is Verdict {
  return verdict === 'review' || (includeBlock && verdict === 'block');
}

/** What a person needs beside the result: the text that was moderated, or the id of the media file. */
export function evidenceOf(task: ReviewableTask, input: unknown): { text?: string; fileId?: string } {
  const fields = input as Record<string, unknown> | null | undefined;
  if (task === 'text.moderate') return typeof fields?.text === 'string' ? { text: fields.text } : {};
  for (const field of Object.keys(catalog[task].media ?? {})) {
    const ref = fields?.[field] as { fileId?: unknown } | undefined;
    if (typeof ref?.fileId === 'string') return { fileId: ref.fileId };
  }
  return {};
}
