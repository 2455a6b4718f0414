/** The chart's view of the job catalog: what a worker pool needs to know about each task it serves. */
export async function tasksTable() {
  const { catalog } = await import('@crs/core');
  return Object.fromEntries(
    Object.entries(catalog)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, def]) => [name, { queue: def.queue, timeoutMs: def.timeoutMs, concurrency: def.concurrency }]),
  );
}
