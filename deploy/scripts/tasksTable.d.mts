/** The chart's view of the job catalog (tasksTable.mjs). */
export function tasksTable(): Promise<Record<string, { queue: string; timeoutMs: number; concurrency: number }>>;
