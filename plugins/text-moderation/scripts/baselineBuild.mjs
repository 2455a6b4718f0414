// The text engine as it was before issue 32's folding work (leetspeak symbols, combining marks, confusables,
// boundary rules), built from git into a temporary directory, so the bench can measure it beside today's
// engine in the same run. BASELINE is the first parent of the merge that brought that work in
// ("Merge text: leetspeak with symbols and digits, …"); TEXT_BENCH_BASELINE=<commit> picks another one,
// TEXT_BENCH_BASELINE=none skips the comparison.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const BASELINE = '0835514';

/**
 * The baseline's dist directory (built once per commit, then reused), or null with the reason when git or
 * the commit is not at hand (a source tarball has no history).
 */
export function baselineDist(commit = process.env.TEXT_BENCH_BASELINE ?? BASELINE) {
  if (commit === 'none') return { dist: null, commit, why: 'TEXT_BENCH_BASELINE=none' };
  let full;
  try {
    full = execFileSync('git', ['rev-parse', '--verify', `${commit}^{commit}`], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return { dist: null, commit, why: `commit ${commit} is not in this checkout's history` };
  }
  const dir = path.join(os.tmpdir(), `crs-text-engine-${full.slice(0, 12)}`);
  const plugin = path.join(dir, 'plugins/text-moderation');
  const dist = path.join(plugin, 'dist');
  if (existsSync(path.join(dist, 'index.js'))) return { dist, commit: full.slice(0, 12), why: null };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // The plugin's own sources and data at that commit; @crs/core and the packages come from today's
  // node_modules (the engine has not changed what it uses of them).
  const archive = execFileSync('git', ['archive', full, 'plugins/text-moderation', 'tsconfig.base.json'], { cwd: ROOT, maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: plugin, stdio: 'inherit' });
  return { dist, commit: full.slice(0, 12), why: null };
}
