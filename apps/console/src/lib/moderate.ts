import { call } from './api';
import type { Session } from './session';
import type { Job } from './types';

export type MediaKind = 'image' | 'video' | 'audio';

/** The tasks the playground offers for each kind of input. */
export const TASKS: Record<'text' | MediaKind, { task: string; label: string }[]> = {
  text: [{ task: 'text.moderate', label: 'Text moderation' }],
  image: [
    { task: 'image.moderate', label: 'Image moderation' },
    { task: 'face.detect', label: 'Face detection' },
    { task: 'image.ocr', label: 'OCR (text in the image)' },
  ],
  video: [{ task: 'video.moderate', label: 'Video moderation' }],
  audio: [{ task: 'audio.moderate', label: 'Audio moderation' }],
};

/** The sync route takes up to 2,000 characters; longer texts go through a job. */
const SYNC_TEXT_LIMIT = 2_000;
const WAIT_SECONDS = 30;

export function kindOf(file: File): MediaKind | null {
  const type = file.type.split('/')[0];
  if (type === 'image' || type === 'video' || type === 'audio') return type;
  // Browsers give no type for some containers; the service sniffs the bytes anyway.
  if (/\.(mp4|mov|mkv|webm|avi|flv)$/i.test(file.name)) return 'video';
  if (/\.(mp3|wav|aac|m4a|amr|ogg|flac)$/i.test(file.name)) return 'audio';
  if (/\.(jpe?g|png|gif|webp|bmp|tiff?)$/i.test(file.name)) return 'image';
  return null;
}

const isFinal = (j: Job) => j.status === 'succeeded' || j.status === 'failed' || j.status === 'canceled';

/** Waits for a job the API answered 202 for, polling its record. */
async function untilFinished(session: Session, job: Job, onProgress: (j: Job) => void, signal: AbortSignal): Promise<Job> {
  let current = job;
  while (!isFinal(current)) {
    onProgress(current);
    await new Promise((r) => setTimeout(r, 1_000));
    if (signal.aborted) throw new DOMException('stopped', 'AbortError');
    current = (await call<Job>(session, 'GET', `/v1/jobs/${encodeURIComponent(current.id)}`, { signal })).body;
  }
  return current;
}

export async function runJob(session: Session, task: string, input: unknown, onProgress: (j: Job) => void, signal: AbortSignal): Promise<Job> {
  const { body } = await call<Job>(session, 'POST', '/v1/jobs', { body: { task, input }, headers: { prefer: `wait=${WAIT_SECONDS}` }, signal });
  return untilFinished(session, body, onProgress, signal);
}

/** Text: the sync route when it fits, else a job. Answers the job (its result in `result`). */
export async function moderateText(session: Session, text: string, onProgress: (j: Job) => void, signal: AbortSignal): Promise<Job> {
  if ([...text].length <= SYNC_TEXT_LIMIT) {
    const { status, body } = await call<Record<string, unknown> & { jobId?: string }>(session, 'POST', '/v1/text/moderate', { body: { text }, signal });
    // 202: the pool was too busy to answer in time; the job goes on.
    if (status === 202) return untilFinished(session, body as unknown as Job, onProgress, signal);
    const { jobId, ...result } = body;
    return { id: jobId ?? '', task: 'text.moderate', status: 'succeeded', result, createdAt: new Date().toISOString() };
  }
  return runJob(session, 'text.moderate', { text }, onProgress, signal);
}

export async function uploadFile(session: Session, file: File, signal: AbortSignal): Promise<string> {
  const form = new FormData();
  form.append('file', file, file.name);
  const { body } = await call<{ id: string }>(session, 'POST', '/v1/files', { body: form, signal });
  return body.id;
}

export function mediaInput(task: string, kind: MediaKind, fileId: string, options: { ocr?: boolean } = {}): Record<string, unknown> {
  if (task === 'image.ocr') return { image: { fileId }, moderate: true };
  // Every sampled frame, passed ones too, so the timeline shows the whole video with the flagged frames marked.
  if (task === 'video.moderate') return { video: { fileId }, allFrames: true };
  return { [kind]: { fileId }, ...(task === 'image.moderate' && options.ocr ? { ocr: true } : {}) };
}
