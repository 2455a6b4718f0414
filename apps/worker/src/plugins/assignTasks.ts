import { isTaskName, type TaskName, type TaskPlugin } from '@crs/core';

/**
 * Decides which plugin serves each task this worker runs, and refuses wiring
 * that cannot work: a task in the include list with no plugin or with two, or a
 * plugin claiming a task the catalog does not know.
 */
export function assignTasks(plugins: readonly TaskPlugin[], include?: readonly string[]): Map<TaskName, TaskPlugin> {
  const problems: string[] = [];
  const claims = new Map<string, TaskPlugin[]>();
  for (const plugin of plugins) {
    for (const task of plugin.tasks) {
      if (!isTaskName(task)) problems.push(`plugin ${plugin.name} claims task ${task}, which is not in the job catalog`);
      claims.set(task, [...(claims.get(task) ?? []), plugin]);
    }
  }
  const wanted = include ?? [...claims.keys()];
  const assigned = new Map<TaskName, TaskPlugin>();
  for (const task of wanted) {
    const owners = claims.get(task) ?? [];
    if (!isTaskName(task)) {
      if (!owners.length) problems.push(`WORKER_TASKS names ${task}, which is not in the job catalog`);
    } else if (owners.length === 0) {
      problems.push(`task ${task} has no plugin; install or enable the plugin that provides it`);
    } else if (owners.length > 1) {
      problems.push(`task ${task} is claimed by more than one plugin: ${owners.map((p) => p.name).join(', ')}`);
    } else {
      assigned.set(task, owners[0]!);
    }
  }
  if (!wanted.length) problems.push('no tasks to run: no plugin is installed or enabled');
  if (problems.length) throw new Error(`worker wiring is wrong:\n- ${problems.join('\n- ')}`);
  return assigned;
}
