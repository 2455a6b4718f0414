import type { EventEmitter } from 'node:events';
import type { QueueEvents } from 'bullmq';

/** How a watched job ended: its result when it completed; a failure is read back with the job's state. */
export type Finish = { completed: true; result: unknown } | { completed: false };

export interface FinishWatch {
  /** The finish, or null when `ms` pass first. */
  within(ms: number): Promise<Finish | null>;
  /** Stops listening; call it whatever happened. */
  stop(): void;
}

/**
 * Listens for a job's finish before the job is queued. The listener is in
 * place before the job exists, so no finish can come ahead of it, and the
 * wait needs no read of the job's state: BullMQ's `waitUntilFinished` makes
 * one (a script round trip on every sync call) because it starts listening
 * only once the job is queued.
 */
export function watchFinish(queueEvents: QueueEvents, jobId: string): FinishWatch {
  // QueueEvents emits `completed:<id>` and `failed:<id>` for every job, but its typed listener list names only the shared events.
  const events = queueEvents as unknown as EventEmitter;
  let settle!: (finish: Finish) => void;
  const finished = new Promise<Finish>((resolve) => (settle = resolve));
  const completed = `completed:${jobId}`;
  const failed = `failed:${jobId}`;
  const onCompleted = (args: { returnvalue: unknown }) => settle({ completed: true, result: args.returnvalue });
  const onFailed = () => settle({ completed: false });
  events.on(completed, onCompleted);
  events.on(failed, onFailed);
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
    stop() {
      events.off(completed, onCompleted);
      events.off(failed, onFailed);
    },
  };
}
