import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { parseFinishNotice, type Logger } from '@crs/core';
import { finishWatch, type CompletionWatcher, type Finish, type FinishWatch } from './finishWatch.js';

/**
 * This API process's own completion channel. A job this process waits on carries the channel's
 * name (`JobPayload.notify`) and the worker publishes the job's finish there, so the process reads
 * only the finishes of its own calls, where BullMQ's QueueEvents would read every event of every
 * queue. Messages sent while the subscription is down are lost; on every resubscription the
 * pending jobs' states are read once (`isFinished`), so a call waits no longer for it.
 */
export class FinishListener implements CompletionWatcher {
  readonly channel: string;
  private readonly pending = new Map<string, (finish: Finish) => void>();
  private subscribedOnce = false;

  constructor(
    private readonly subscriber: Redis,
    channelOf: (instance: string) => string,
    private readonly isFinished: (jobId: string) => Promise<boolean>,
    private readonly logger: Logger,
  ) {
    this.channel = channelOf(randomUUID());
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const notice = parseFinishNotice(message);
      if (notice) this.pending.get(notice.id)?.(notice.completed ? { completed: true, result: notice.result } : { completed: false });
    });
    // ioredis subscribes again by itself after a reconnection and then says `ready`.
    subscriber.on('ready', () => {
      if (this.subscribedOnce) this.recheck();
    });
  }

  async start(): Promise<void> {
    await this.subscriber.subscribe(this.channel);
    this.subscribedOnce = true;
  }

  watch(_task: string, jobId: string): FinishWatch {
    let settle!: (finish: Finish) => void;
    const finished = new Promise<Finish>((resolve) => (settle = resolve));
    this.pending.set(jobId, settle);
    return finishWatch(finished, () => {
      if (this.pending.get(jobId) === settle) this.pending.delete(jobId);
    });
  }

  /** How many calls wait now (for tests and metrics). */
  get waiting(): number {
    return this.pending.size;
  }

  private recheck(): void {
    for (const [jobId, settle] of this.pending) {
      this.isFinished(jobId)
        .then((done) => done && settle({ completed: false }))
        .catch((err: Error) => this.logger.warn({ jobId, err: err.message }, 'could not recheck a waited job'));
    }
  }

  async close(): Promise<void> {
    this.pending.clear();
    this.subscriber.disconnect();
  }
}
