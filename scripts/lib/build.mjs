import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Builds the service's packages; Turborepo's cache makes this near-instant when
 * nothing changed. Its output is shown only when the build fails.
 */
export function ensureBuilt() {
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
