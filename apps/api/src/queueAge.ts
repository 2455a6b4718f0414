import type { Queue } from 'bullmq';

/** Creation time (epoch ms) of the oldest job waiting in the queue (waiting or prioritized), or null when none waits. */
export async function oldestWaitingSince(queue: Queue): Promise<number | null> {
  // Both ends of each list: which end holds the oldest differs between list kinds.
  const ends = await Promise.all((['waiting', 'prioritized'] as const).flatMap((type) => [true, false].map((asc) => queue.getJobs([type], 0, 0, asc))));
  const times = ends
    .flat()
    .map((j) => j?.timestamp)
    .filter((t): t is number => typeof t === 'number');
  return times.length ? Math.min(...times) : null;
}
