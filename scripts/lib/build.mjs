import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Builds the service's packages; Turborepo's cache makes this near-instant when
 * nothing changed. Its output is shown only when the build fails.
 */
export function ensureBuilt() {
  // An installed image (npm prune --omit=dev) has the packages built and no turbo to rebuild them.
  if (!existsSync(path.join(ROOT, 'node_modules/turbo/bin/turbo'))) {
    if (existsSync(path.join(ROOT, 'packages/core/dist/index.js'))) return;
    console.error('the packages are not built and turbo is not installed: run npm ci && npm run build');
    process.exit(1);
  }
  const result = spawnSync(
    process.execPath,
    ['node_modules/turbo/bin/turbo', 'run', 'build', '--filter=@crs/api...', '--filter=@crs/worker...', '--output-logs=errors-only'],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' } },
  );
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    console.error('build failed; see the errors above');
    process.exit(result.status ?? 1);
  }
}

/**
 * The same build for `npm start`, saying what it does as it goes: a first build
 * takes a minute or more and silence looks like a hang. Each package is named as
 * Turborepo starts it; compiler errors are shown if it fails.
 */
export function buildWithProgress(log = console.log) {
  const started = Date.now();
  log('building the API, the worker and their packages (the first time takes a minute or two)…');
  const child = spawn(
    process.execPath,
    ['node_modules/turbo/bin/turbo', 'run', 'build', '--filter=@crs/api...', '--filter=@crs/worker...', '--output-logs=hash-only'],
    { cwd: ROOT, env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let pending = '';
  let built = 0;
  child.stdout.on('data', (chunk) => {
    output += chunk;
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^(@[\w-]+\/[\w-]+):build: cache (hit|miss)/.exec(line);
      if (!m) continue;
      built++;
      log(m[2] === 'hit' ? `  ${m[1]} up to date` : `  compiling ${m[1]}…`);
    }
  });
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      if (code !== 0) {
        process.stderr.write(output);
        console.error('build failed; see the errors above');
        process.exit(code ?? 1);
      }
      log(`built ${built} packages in ${Math.round((Date.now() - started) / 1000)} s`);
      resolve();
    });
  });
}
