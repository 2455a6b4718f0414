import type { EventEmitter } from 'node:events';
import { catalog, type TaskName } from '@crs/core';
import { finishWatch, type CompletionWatcher, type Finish, type FinishWatch } from './finishWatch.js';
import type { QueueEventsOnDemand } from './queueEventsOnDemand.js';

/**
 * SYNC_COMPLETION=queue-events: every queue's BullMQ QueueEvents open from start-up, and a wait
 * listens for its job's `completed:<id>` / `failed:<id>`. Each API process then reads every event
 * of every queue, its own calls' or not; the channel watcher (FinishListener) reads only its own.
 */
export class QueueEventsWatcher implements CompletionWatcher {
  readonly channel = undefined;
  private readonly releases: (() => void)[] = [];
  private readonly events = new Map<TaskName, EventEmitter>();

  constructor(private readonly queueEvents: QueueEventsOnDemand) {}

  /** Opens every queue's events before the first wait, so no completion slips by unseen. */
  async start(): Promise<void> {
    for (const task of Object.keys(catalog) as TaskName[]) {
      const { events, release } = await this.queueEvents.acquire(task);
      // QueueEvents emits `completed:<id>` and `failed:<id>` for every job, but its typed listener list names only the shared events.
      this.events.set(task, events as unknown as EventEmitter);
      this.releases.push(release);
    }
  }

  watch(task: TaskName, jobId: string): FinishWatch {
    const events = this.events.get(task)!;
    let settle!: (finish: Finish) => void;
    const finished = new Promise<Finish>((resolve) => (settle = resolve));
    const completed = `completed:${jobId}`;
    const failed = `failed:${jobId}`;
    const onCompleted = (args: { returnvalue: unknown }) => settle({ completed: true, result: args.returnvalue });
    const onFailed = () => settle({ completed: false });
    events.on(completed, onCompleted);
    events.on(failed, onFailed);
    return finishWatch(finished, () => {
      events.off(completed, onCompleted);
      events.off(failed, onFailed);
    });
  }

  async close(): Promise<void> {
    for (const release of this.releases.splice(0)) release();
  }
}
