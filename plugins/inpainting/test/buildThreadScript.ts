import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Builds the package before its tests: the raster pool's worker thread loads dist/rasterWorker.js and what it imports. */
export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: path.resolve(import.meta.dirname, '..'), stdio: 'inherit' });
}
