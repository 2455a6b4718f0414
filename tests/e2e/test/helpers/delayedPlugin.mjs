/**
 * The plugin with its `process` replaced; the replacement usually calls the
 * real one. Tests use it to watch or slow a real plugin.
 */
export function withProcess(plugin, process) {
  return {
    name: plugin.name,
    tasks: plugin.tasks,
    init: (ctx) => plugin.init(ctx),
    close: () => plugin.close(),
    process,
  };
}

// Wraps a real plugin so each job takes at least `ms` (honouring the job's abort
// signal); the result still comes from the real plugin. Used where a test needs
// a job to be running long enough to cancel it or to stop its worker.
export function delayed(plugin, ms) {
  return withProcess(plugin, async (task, input, ctx) => {
    await ctx.progress(10);
    await new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, ms);
      ctx.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(ctx.signal.reason);
      });
    });
    await ctx.progress(90);
    return plugin.process(task, input, ctx);
  });
}
