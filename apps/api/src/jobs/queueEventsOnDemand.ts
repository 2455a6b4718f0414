import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { catalog, type Logger, type TaskName } from '@crs/core';

/** How long a queue's events stay open after its last waiter left, so a burst of waits opens them once. */
const IDLE_CLOSE_MS = 30_000;

interface Open {
  events: QueueEvents;
  connection: Redis;
  users: number;
  idle?: NodeJS.Timeout;
}

/**
 * BullMQ's QueueEvents for the waits the process's own channel cannot serve: a job queued before
 * this process started or by another one (an idempotent replay under `Prefer: wait`). They read
 * every event of their queue, so they open on the first such wait and close once idle, instead of
 * running for every queue from start-up.
 */
export class QueueEventsOnDemand {
  private readonly open = new Map<TaskName, Promise<Open>>();

  constructor(
    private readonly connect: () => Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  /** The task's QueueEvents, ready; hand it back with `release` once the wait is over. */
  async acquire(task: TaskName): Promise<{ events: QueueEvents; release: () => void }> {
    let opening = this.open.get(task);
    if (!opening) {
      opening = this.start(task);
      this.open.set(task, opening);
      opening.catch(() => this.open.delete(task));
    }
    const entry = await opening;
    entry.users += 1;
    clearTimeout(entry.idle);
    return {
      events: entry.events,
      release: () => {
        entry.users -= 1;
        if (entry.users > 0) return;
        entry.idle = setTimeout(() => {
          if (entry.users > 0 || this.open.get(task) !== opening) return;
          this.open.delete(task);
          void this.shut(entry);
        }, IDLE_CLOSE_MS);
        entry.idle.unref();
      },
    };
  }

  private async start(task: TaskName): Promise<Open> {
    const connection = this.connect();
    const events = new QueueEvents(catalog[task].queue, { connection, prefix: this.prefix });
    events.on('error', (err) => this.logger.warn({ queue: events.name, err: err.message }, 'queue events connection error'));
    try {
      await events.waitUntilReady();
    } catch (err) {
      await this.shut({ events, connection, users: 0 });
      throw err;
    }
    return { events, connection, users: 0 };
  }

  private async shut(entry: Open): Promise<void> {
    clearTimeout(entry.idle);
    await entry.events.close().catch(() => undefined);
    // BullMQ leaves a connection it was given open.
    entry.connection.disconnect();
  }

  async close(): Promise<void> {
    const entries = await Promise.allSettled([...this.open.values()]);
    this.open.clear();
    await Promise.all(entries.map((e) => (e.status === 'fulfilled' ? this.shut(e.value) : undefined)));
  }
}
