import { isTaskName, parseTaskInput, catalog, type JobContext, type LocalTasks, type TaskName, type TaskPlugin } from '@crs/core';

/** The tasks this process serves, callable in-process by other plugins. */
export function createLocalTasks(assigned: ReadonlyMap<TaskName, TaskPlugin>): LocalTasks {
  return {
    has: (task) => isTaskName(task) && assigned.has(task),
    async run(task, input, ctx: JobContext) {
      const plugin = isTaskName(task) ? assigned.get(task) : undefined;
      if (!plugin || !isTaskName(task)) throw new Error(`task ${task} is not served by this worker process`);
      const result = await plugin.process(task, parseTaskInput(task, input), ctx);
      return catalog[task].output.parse(result);
    },
  };
}
