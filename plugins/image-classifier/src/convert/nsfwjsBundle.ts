import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import vm from 'node:vm';
import type { TfjsModelSource } from './nsfwjsSource.js';
import type { TfjsModelJson } from './tfjsLayersModel.js';

/**
 * nsfwjs' InceptionV3 as the nsfwjs npm package ships it (`dist/models/inception_v3`), installed by
 * `npm run models -- fetch nsfw-inception-v3` under a models directory: the model JSON and each
 * weight shard wrapped in a small UMD script, `<shard path>.min.js`.
 */
export const NSFWJS_INCEPTION_SOURCE = 'nsfw/inception_v3/model.min.js';

/**
 * What one of nsfwjs' UMD wrappers exports, evaluated in an empty context: no
 * `require`, no process, no timers, only the literal it returns.
 */
function umdExports(code: string, file: string): unknown {
  const module = { exports: {} as unknown };
  try {
    vm.runInNewContext(code, { module, exports: module.exports }, { timeout: 10_000, filename: path.basename(file) });
  } catch (err) {
    throw new Error(`${path.basename(file)} is not one of nsfwjs' model scripts: ${(err as Error).message}`);
  }
  return module.exports;
}

/** The TF.js layers model in nsfwjs' bundled form: `model.min.js` and the `group*-shard*.min.js` beside it. */
export async function readNsfwjsBundle(modelScript: string): Promise<TfjsModelSource> {
  const text = await fs.readFile(modelScript, 'utf8');
  const hash = createHash('sha256').update(text);
  // Through JSON, so nothing of the other context's objects is kept.
  const json = JSON.parse(JSON.stringify(umdExports(text, modelScript))) as TfjsModelJson;
  if (!json?.modelTopology || !Array.isArray(json.weightsManifest)) throw new Error(`${path.basename(modelScript)} holds no TF.js layers model`);
  const shards: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    for (const shard of group.paths) {
      const file = path.join(path.dirname(modelScript), `${shard}.min.js`);
      const code = await fs.readFile(file, 'utf8');
      hash.update(code);
      const encoded = umdExports(code, file);
      if (typeof encoded !== 'string') throw new Error(`${path.basename(file)} holds no weight data`);
      shards.push(Buffer.from(encoded, 'base64'));
    }
  }
  return { json, shards, sha256: hash.digest('hex') };
}
