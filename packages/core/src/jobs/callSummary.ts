import type { JobError, JobView } from './jobView.js';

/**
 * What is kept of a synchronous call whose tenant does not keep content: the
 * outcome, without the input or the full result (no hits, no text, no boxes).
 * Stored in the job's record for the retention period; BullMQ's job is removed
 * as soon as it finishes.
 */
export interface CallSummary {
  status: 'succeeded' | 'failed' | 'canceled';
  verdict?: string;
  labels?: { category: string; score: number; verdict: string }[];
  error?: JobError;
  startedAt: number;
  finishedAt: number;
}

/** A failure message is the service's own words, but is kept short all the same. */
const MAX_MESSAGE = 200;

/** The summary of a finished result: its verdict and labels when it has them (moderation tasks), nothing else. */
export function summarizeResult(result: unknown, startedAt: number, finishedAt: number): CallSummary {
  const summary: CallSummary = { status: 'succeeded', startedAt, finishedAt };
  const r = result as { verdict?: unknown; labels?: unknown } | null;
  if (r && typeof r.verdict === 'string') summary.verdict = r.verdict;
  if (r && Array.isArray(r.labels)) {
    summary.labels = r.labels
      .filter((l): l is { category: string; score: number; verdict: string } => typeof l?.category === 'string')
      .map((l) => ({ category: l.category, score: Math.round(Number(l.score) * 10_000) / 10_000, verdict: String(l.verdict) }));
  }
  return summary;
}

export function summarizeFailure(error: JobError, canceled: boolean, startedAt: number, finishedAt: number): CallSummary {
  return { status: canceled ? 'canceled' : 'failed', error: { code: error.code, message: error.message.slice(0, MAX_MESSAGE) }, startedAt, finishedAt };
}

/**
 * The summary as record fields, each short enough (≤ 64 bytes, Redis's `hash-max-listpack-value`)
 * for the record to stay a listpack, a tenth of the size of a hash table:
 * `sum` = `status,startedAt,durationMs,verdict`, `lab` = `category:score:verdict;…` for the
 * labels that scored above 0, `err` = `code:message`.
 */
export function encodeSummary(s: CallSummary): Record<string, string> {
  const status = s.status === 'succeeded' ? 0 : s.status === 'failed' ? 1 : 2;
  const fields: Record<string, string> = { sum: `${status},${s.startedAt},${s.finishedAt - s.startedAt},${s.verdict ?? ''}` };
  const scored = s.labels?.filter((l) => l.score > 0 || l.verdict !== 'pass');
  if (scored?.length) fields.lab = scored.map((l) => `${l.category}:${l.score}:${l.verdict}`).join(';');
  if (s.error) fields.err = `${s.error.code}:${s.error.message}`;
  return fields;
}

export function decodeSummary(fields: Record<string, string | undefined>): CallSummary | null {
  const parts = fields.sum?.split(',');
  if (!parts || parts.length < 4) return null;
  const [status, startedAt, duration, verdict] = parts;
  const summary: CallSummary = {
    status: status === '0' ? 'succeeded' : status === '1' ? 'failed' : 'canceled',
    startedAt: Number(startedAt),
    finishedAt: Number(startedAt) + Number(duration),
  };
  if (verdict) {
    summary.verdict = verdict;
    summary.labels = (fields.lab ? fields.lab.split(';') : []).map((l) => {
      const [category, score, v] = l.split(':');
      return { category: category!, score: Number(score), verdict: v! };
    });
  }
  if (fields.err) {
    const at = fields.err.indexOf(':');
    summary.error = { code: fields.err.slice(0, at), message: fields.err.slice(at + 1) };
  }
  return summary;
}

/**
 * The public view of a summarized call: the job view's shape, `compact: true`,
 * `result` holding only `verdict` and the `labels` that scored above 0 (null
 * for tasks without a verdict), and `durationMs`.
 */
export function summaryView(record: { id: string; task: string; createdAt: number }, s: CallSummary): JobView {
  const outcome = s.verdict !== undefined || s.labels ? { ...(s.verdict !== undefined ? { verdict: s.verdict } : {}), labels: s.labels ?? [] } : null;
  return {
    id: record.id,
    task: record.task,
    status: s.status,
    progress: s.status === 'succeeded' ? 100 : 0,
    result: s.status === 'succeeded' ? outcome : null,
    error: s.error ?? null,
    createdAt: new Date(record.createdAt).toISOString(),
    startedAt: new Date(s.startedAt).toISOString(),
    finishedAt: new Date(s.finishedAt).toISOString(),
    compact: true,
    durationMs: s.finishedAt - s.startedAt,
  };
}
