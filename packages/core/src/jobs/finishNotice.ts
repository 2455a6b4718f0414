import type { Redis } from 'ioredis';

/**
 * What a worker tells the API process waiting on a job once the job is final: the result when it
 * completed; a failure is read back from the job's state, as any other request reads it.
 */
export type FinishNotice = { id: string; completed: true; result: unknown } | { id: string; completed: false };

/** Publishes the finish on the waiting process's channel; nobody listening (that API restarted) is fine. */
export async function publishFinish(redis: Redis, channel: string, notice: FinishNotice): Promise<void> {
  await redis.publish(channel, JSON.stringify(notice));
}

/** The notice in a channel message, or null when the message is not one. */
export function parseFinishNotice(message: string): FinishNotice | null {
  try {
    const value = JSON.parse(message) as Partial<FinishNotice>;
    if (typeof value?.id !== 'string' || typeof value.completed !== 'boolean') return null;
    return value.completed ? { id: value.id, completed: true, result: (value as { result?: unknown }).result ?? null } : { id: value.id, completed: false };
  } catch {
    return null;
  }
}
