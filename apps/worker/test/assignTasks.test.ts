import { definePlugin, type TaskPlugin } from '@crs/core';
import { createTextModerationPlugin } from '@crs/plugin-text-moderation';
import { describe, expect, it } from 'vitest';
import { assignTasks } from '../src/plugins/assignTasks.js';
import { KNOWN_PLUGINS, loadPlugins } from '../src/plugins/registry.js';

const claiming = (name: string, tasks: string[]): TaskPlugin => ({ ...createTextModerationPlugin(), name, tasks: tasks as never });

describe('assignTasks (start-up wiring check)', () => {
  it('assigns each task to its one plugin', () => {
    const plugin = createTextModerationPlugin();
    const assigned = assignTasks([plugin]);
    expect([...assigned.keys()]).toEqual(['text.moderate', 'text.classifier.train']);
    expect(assigned.get('text.moderate')).toBe(plugin);
    expect(assigned.get('text.classifier.train')).toBe(plugin);
  });

  it('refuses a task claimed by two plugins', () => {
    expect(() => assignTasks([createTextModerationPlugin(), claiming('copy', ['text.moderate'])])).toThrow(
      /text\.moderate is claimed by more than one plugin: text-moderation, copy/,
    );
  });

  it('refuses an included task with no plugin, and a plugin claiming an unknown task', () => {
    expect(() => assignTasks([], ['text.moderate'])).toThrow(/task text\.moderate has no plugin/);
    expect(() => assignTasks([claiming('odd', ['text.translate'])])).toThrow(/not in the job catalog/);
    expect(() => assignTasks([])).toThrow(/no tasks to run/);
  });

  it('runs only the included tasks', () => {
    expect(() => assignTasks([createTextModerationPlugin()], ['image.moderate'])).toThrow(/image\.moderate/);
  });
});

describe('loadPlugins', () => {
  it('loads every installed plugin by default, and the named ones when asked', async () => {
    const all = await loadPlugins(undefined);
    expect(all.map((p) => p.name)).toContain('text-moderation');
    expect((await loadPlugins(['text-moderation'])).map((p) => p.name)).toEqual(['text-moderation']);
    expect(Object.keys(KNOWN_PLUGINS)).toContain('text-moderation');
  });

  it('stops on an unknown plugin name', async () => {
    await expect(loadPlugins(['text-moderation', 'telepathy'])).rejects.toThrow(/unknown plugins: telepathy/);
  });
});

describe('definePlugin', () => {
  it('derives the task list from the handlers', () => {
    const plugin = definePlugin({
      name: 'p',
      handlers: { 'text.moderate': async () => ({ verdict: 'pass', labels: [], hits: [] }) },
      init: async () => undefined,
      close: async () => undefined,
    });
    expect(plugin.tasks).toEqual(['text.moderate']);
  });
});
