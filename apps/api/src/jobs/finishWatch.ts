import type { TaskName } from '@crs/core';

/** How a watched job ended: its result when it completed; a failure is read back with the job's state. */
export type Finish = { completed: true; result: unknown } | { completed: false };

export interface FinishWatch {
  /** The finish, or null when `ms` pass first. */
  within(ms: number): Promise<Finish | null>;
  /** Stops listening; call it whatever happened. */
  stop(): void;
}

/** How the finish of a job this process queued and waits on reaches it (SYNC_COMPLETION). */
export interface CompletionWatcher {
  /** The channel a job names (`JobPayload.notify`) for the worker to publish its finish on; none when the watcher reads BullMQ's events. */
  readonly channel: string | undefined;
  /** Listens for the job's finish; call it before the job is queued, so no finish comes ahead of it. */
  watch(task: TaskName, jobId: string): FinishWatch;
  close(): Promise<void>;
}

/** A watch over a promise that `settle` resolves; `onStop` drops the listener. */
export function finishWatch(finished: Promise<Finish>, onStop: () => void): FinishWatch {
  return {
    async within(ms) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
      try {
        return await Promise.race([finished, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    stop: onStop,
  };
}
