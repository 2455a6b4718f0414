import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import { ModelNotInstalledError } from './errors/index.js';

/**
 * A model file by its path under the models directory: `MODELS_DIR` first, then
 * each of `MODELS_EXTRA_DIRS`. Missing everywhere: `model_not_installed`, naming
 * the command that installs it.
 */
export function findModel(config: Pick<Config, 'modelsDir' | 'modelsExtraDirs'>, relativePath: string, fetchName: string): string {
  for (const dir of [config.modelsDir, ...config.modelsExtraDirs]) {
    const file = path.join(dir, relativePath);
    if (fs.existsSync(file)) return file;
  }
  throw new ModelNotInstalledError(`model ${relativePath} is not installed; run: npm run models -- fetch ${fetchName}`, {
    details: { model: relativePath, fetch: `npm run models -- fetch ${fetchName}` },
  });
}
