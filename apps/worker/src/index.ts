export { createWorkerHost, type WorkerHost, type WorkerHostOptions } from './createWorkerHost.js';
export { assignTasks } from './plugins/assignTasks.js';
export { KNOWN_PLUGINS, loadPlugins } from './plugins/registry.js';
export { installGracefulShutdown } from './shutdown.js';
