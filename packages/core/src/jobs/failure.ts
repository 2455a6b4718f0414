import { AppError, redactPaths } from '../errors/index.js';
import type { JobError } from './jobView.js';

/*
 * BullMQ keeps only an error's message as `failedReason`. The worker writes it as
 * "[code] message" so the stable code survives the trip through Redis and the
 * reason still reads well in Bull Board.
 */
const PATTERN = /^\[([a-z_]+)\] ([\s\S]*)$/;

export function encodeFailure(err: unknown): string {
  if (err instanceof AppError) return `[${err.code}] ${err.message}`;
  return `[internal_error] ${err instanceof Error ? err.message : String(err)}`;
}

/**
 * The public `{ code, message }` of a failed job. Paths are redacted here, as a
 * last guard: a message built from a tool's output or a filesystem error must not
 * show callers where the service keeps its binaries and files.
 */
export function decodeFailure(reason: string | undefined): JobError {
  const match = reason ? PATTERN.exec(reason) : null;
  if (match) return { code: match[1]!, message: redactPaths(match[2]!) };
  return { code: 'internal_error', message: reason ? redactPaths(reason) : 'the job failed' };
}
