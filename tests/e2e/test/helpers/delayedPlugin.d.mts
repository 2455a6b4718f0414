import type { TaskPlugin } from '@crs/core';
export declare function delayed(plugin: TaskPlugin, ms: number): TaskPlugin;
