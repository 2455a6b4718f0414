import type { TaskPlugin } from '@crs/core';
export declare function withProcess(plugin: TaskPlugin, process: TaskPlugin['process']): TaskPlugin;
export declare function delayed(plugin: TaskPlugin, ms: number): TaskPlugin;
