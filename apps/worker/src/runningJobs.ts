/** A fan-out's child ids are `<parent id>-c<n>` (fanOut.ts): a job's family is itself and those. */
const isFamily = (id: string, of: string) => id === of || (id.startsWith(of) && /^-c\d+$/.test(id.slice(of.length)));

/**
 * The jobs this process is running, each with its way to stop. A cancel or
 * delete names the job the caller knows; its frames (child jobs) running here
 * stop with it, instead of running on for a job that is gone.
 */
export class RunningJobs {
  private readonly stops = new Map<string, () => void>();

  add(id: string, stop: () => void): void {
    this.stops.set(id, stop);
  }

  remove(id: string): void {
    this.stops.delete(id);
  }

  /** Stops the job and its children running in this process. */
  cancel(id: string): void {
    for (const [running, stop] of this.stops) if (isFamily(running, id)) stop();
  }
}

/**
 * BullMQ's answer when a script finds the job's key gone (`Missing key for job <id>. <command>`):
 * the job was deleted under a call still made for it. Only that job's answer counts.
 */
export function isMissingJobKey(err: unknown, jobId: string): boolean {
  if (!(err instanceof Error)) return false;
  return err.message.startsWith(`Missing key for job ${jobId}.`) || (err.message.startsWith('Missing key for parent job ') && err.message.includes(`:${jobId}.`));
}
