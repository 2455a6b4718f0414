// Wraps a real plugin so each job takes at least `ms` (honouring the job's abort
// signal); the result still comes from the real plugin. Used where a test needs
// a job to be running long enough to cancel it or to stop its worker.
export function delayed(plugin, ms) {
  return {
    ...plugin,
    name: plugin.name,
    tasks: plugin.tasks,
    init: (ctx) => plugin.init(ctx),
    close: () => plugin.close(),
    async process(task, input, ctx) {
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
    },
  };
}
