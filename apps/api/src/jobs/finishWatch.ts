/** How a watched job ended: its result when it completed; a failure is read back with the job's state. */
export type Finish = { completed: true; result: unknown } | { completed: false };

export interface FinishWatch {
  /** The finish, or null when `ms` pass first. */
  within(ms: number): Promise<Finish | null>;
  /** Stops listening; call it whatever happened. */
  stop(): void;
}
