import type { TaskPlugin } from '@crs/core';

/**
 * Plugin packages the worker knows by short name. A plugin is "installed" when
 * its package can be imported; deployments that leave a heavy plugin out simply
 * do not install its package.
 */
export const KNOWN_PLUGINS: Record<string, string> = {
  'text-moderation': '@crs/plugin-text-moderation',
  'image-classifier': '@crs/plugin-image-classifier',
  video: '@crs/plugin-video',
  ocr: '@crs/plugin-ocr',
  audio: '@crs/plugin-audio',
  face: '@crs/plugin-face',
  inpainting: '@crs/plugin-inpainting',
  restoration: '@crs/plugin-restoration',
};

function isPlugin(value: unknown): value is TaskPlugin {
  const p = value as TaskPlugin | undefined;
  return !!p && typeof p.name === 'string' && Array.isArray(p.tasks) && typeof p.process === 'function';
}

async function importPlugin(name: string, pkg: string): Promise<TaskPlugin | null> {
  try {
    const mod = (await import(pkg)) as { default?: unknown };
    if (!isPlugin(mod.default)) throw new Error(`package ${pkg} does not export a task plugin as its default export`);
    return mod.default;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String(err).includes(pkg)) return null;
    throw new Error(`plugin ${name} failed to load: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Loads the plugins named in `WORKER_PLUGINS`, or every installed one when it is
 * unset. Naming a plugin that is unknown or not installed stops start-up.
 */
export async function loadPlugins(names: string[] | undefined): Promise<TaskPlugin[]> {
  const wanted = names ?? Object.keys(KNOWN_PLUGINS);
  const unknown = wanted.filter((n) => !KNOWN_PLUGINS[n]);
  if (unknown.length) {
    throw new Error(`WORKER_PLUGINS names unknown plugins: ${unknown.join(', ')}; known: ${Object.keys(KNOWN_PLUGINS).join(', ')}`);
  }
  const plugins: TaskPlugin[] = [];
  for (const name of wanted) {
    const plugin = await importPlugin(name, KNOWN_PLUGINS[name]!);
    if (plugin) plugins.push(plugin);
    else if (names) throw new Error(`WORKER_PLUGINS names ${name}, but its package ${KNOWN_PLUGINS[name]} is not installed`);
  }
  return plugins;
}
