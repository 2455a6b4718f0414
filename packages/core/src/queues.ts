import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import { catalog, type TaskName } from './catalog/index.js';
import { bullmqTelemetry } from './telemetry/tracing.js';

export const WEBHOOK_QUEUE = 'webhooks';

/**
 * Finished jobs are kept for the retention period rather than removed at once:
 * removing them immediately races `waitUntilFinished` ("Missing key for job")
 * and would leave nothing for `GET /v1/jobs/:id` to show.
 */
export function taskJobOptions(task: TaskName, retentionSeconds: number): JobsOptions {
  const def = catalog[task];
  return {
    attempts: def.attempts,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { age: retentionSeconds },
    removeOnFail: { age: retentionSeconds },
  };
}

export interface QueueRegistryOptions {
  connection: ConnectionOptions;
  prefix: string;
  retentionSeconds: number;
}

/** One BullMQ `Queue` per task plus the webhook queue, created on first use and shared. */
/** Concurrent waits one API process is expected to hold on one queue. */
const MAX_WAITERS = 10_000;

export class QueueRegistry {
  private readonly queues = new Map<string, Queue>();

  constructor(private readonly options: QueueRegistryOptions) {}

  task(task: TaskName): Queue {
    return this.get(catalog[task].queue, taskJobOptions(task, this.options.retentionSeconds));
  }

  webhooks(): Queue {
    return this.get(WEBHOOK_QUEUE, {
      removeOnComplete: { age: this.options.retentionSeconds },
      removeOnFail: { age: this.options.retentionSeconds },
    });
  }

  /** Every queue the service uses, for dashboards and health checks. */
  all(): Queue[] {
    for (const name of Object.keys(catalog) as TaskName[]) this.task(name);
    this.webhooks();
    return [...this.queues.values()];
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }

  private get(name: string, defaultJobOptions: JobsOptions): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      const telemetry = bullmqTelemetry();
      queue = new Queue(name, {
        connection: this.options.connection,
        prefix: this.options.prefix,
        defaultJobOptions,
        ...(telemetry ? { telemetry } : {}),
      });
      // Every request waiting on a job (Prefer: wait, the sync endpoint) listens for the queue
      // closing; hundreds at once are normal load here, not a leak.
      queue.setMaxListeners(MAX_WAITERS);
      this.queues.set(name, queue);
    }
    return queue;
  }
}
