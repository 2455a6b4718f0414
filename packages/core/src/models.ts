import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import { ModelNotInstalledError } from './errors/index.js';

/**
 * A model file by its path under the models directory: `MODELS_DIR` first (the
 * models shipped with the project unless set), then each of `MODELS_EXTRA_DIRS`,
 * then `DATA_DIR/models` where `npm run models` installs. Missing everywhere:
 * `model_not_installed`, naming the commands that install it.
 */
export function findModel(config: Pick<Config, 'modelsDir' | 'modelsExtraDirs'>, relativePath: string, fetchName: string): string {
  for (const dir of [config.modelsDir, ...config.modelsExtraDirs]) {
    const file = path.join(dir, relativePath);
    if (fs.existsSync(file)) return file;
  }
  const fetch = `npm run models -- fetch ${fetchName}`;
  const offline = `npm run models -- import <file, directory or tarball> --as ${fetchName}`;
  throw new ModelNotInstalledError(`model ${relativePath} is not installed; run: ${fetch} (without internet: ${offline})`, {
    details: { model: relativePath, fetch, import: offline },
  });
}
