import { describe, expect, it } from 'vitest';
import { requires as requiresWith, requiresAll, type RequirementOptions } from '../src/testing/index.js';

/** The helper under test, its skip reports kept out of the run's output. */
const requires = (available: boolean, what: string, options: RequirementOptions = {}) => requiresWith(available, what, { report: () => undefined, ...options });

describe('test requirements', () => {
  it('runs a suite whose requirement is there, under its own title', () => {
    expect(requires(true, 'redis-server', { env: { CI: 'true' } })).toMatchObject({ skip: false });
    expect(requires(true, 'redis-server').title('suite')).toBe('suite');
  });

  it('skips outside CI, naming what is missing in the title and in the output', () => {
    const lines: string[] = [];
    const r = requires(false, 'pocketsphinx', { env: {}, report: (l) => lines.push(l) });
    expect(lines).toEqual(['skipped: pocketsphinx is not installed']);
    expect(r.skip).toBe(true);
    expect(r.title('speech to text')).toBe('speech to text [skipped: pocketsphinx is not installed]');
  });

  it('fails under CI=true for anything CI installs or the repository ships', () => {
    expect(() => requires(false, 'pocketsphinx', { env: { CI: 'true' } })).toThrow('CI must provide pocketsphinx');
  });

  it('lets a model CI cannot have skip under CI=true, saying so', () => {
    const r = requires(false, 'the SenseVoice model', { env: { CI: 'true' }, unavailableInCi: true });
    expect(r.skip).toBe(true);
    expect(r.title('sherpa')).toContain('cannot be had offline');
  });

  it('combines requirements, naming every missing one', () => {
    const both = requiresAll(requires(true, 'a', { env: {} }), requires(false, 'b', { env: {} }), requires(false, 'c', { env: {} }));
    expect(both.skip).toBe(true);
    expect(both.title('t')).toBe('t [skipped: b is not installed] [skipped: c is not installed]');
  });
});
