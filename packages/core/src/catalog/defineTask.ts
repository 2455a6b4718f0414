import type { z } from 'zod';
import type { MediaKind } from '../media/kinds.js';

export interface TaskDefinition<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  /** Public task name, e.g. `text.moderate`. */
  readonly name: string;
  readonly summary: string;
  /** BullMQ queue the task runs on; one queue per task so worker pools can be split by task. */
  readonly queue: string;
  readonly input: I;
  readonly output: O;
  /** A running attempt is aborted after this long. */
  readonly timeoutMs: number;
  /** Attempts in total, first one included, for faults that a retry may cure. */
  readonly attempts: number;
  /** Input fields holding media, by kind; the API stores them before the job is queued. */
  readonly media?: Readonly<Record<string, MediaKind>>;
  /** Jobs one worker process runs at once on this queue unless config overrides it. */
  readonly concurrency: number;
}

export function defineTask<I extends z.ZodType, O extends z.ZodType>(
  def: TaskDefinition<I, O>,
): TaskDefinition<I, O> {
  return def;
}
