import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { TfjsModelJson } from './tfjsLayersModel.js';

export interface TfjsModelSource {
  json: TfjsModelJson;
  shards: Uint8Array[];
  /** Hash of the topology and weights, so a cached conversion is redone when the source changes. */
  sha256: string;
}

/** The nsfwjs MobileNetV2 TF.js layers model, relative to a models directory (see models/manifest.json). */
export const NSFWJS_SOURCE = 'nsfw/mobilenet_v2/model.json';

/**
 * A TF.js layers model read from its `model.json` and the weight shards it
 * names beside it: for the default classifier, nsfwjs' MobileNetV2 as shipped
 * in models/. Only read, never downloaded and never written.
 */
export async function readTfjsModelFiles(modelJson: string): Promise<TfjsModelSource> {
  const text = await fs.readFile(modelJson, 'utf8');
  const json = JSON.parse(text) as TfjsModelJson;
  const hash = createHash('sha256').update(text);
  const shards: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    for (const shard of group.paths) {
      const bytes = await fs.readFile(path.join(path.dirname(modelJson), shard));
      hash.update(bytes);
      shards.push(bytes);
    }
  }
  return { json, shards, sha256: hash.digest('hex') };
}
