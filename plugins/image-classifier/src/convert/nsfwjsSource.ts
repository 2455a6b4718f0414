import { createHash } from 'node:crypto';
import type { TfjsModelJson } from './tfjsLayersModel.js';

export interface TfjsModelSource {
  json: TfjsModelJson;
  shards: Uint8Array[];
  /** Hash of the topology and weights, so a cached conversion is redone when the package changes. */
  sha256: string;
}

interface BundledModel {
  modelJson: () => Promise<{ default: unknown }>;
  weightBundles: (() => Promise<{ default: unknown }>)[];
}

/**
 * The MobileNetV2 NSFW model that the `nsfwjs` npm package bundles: its
 * model.json and weight shard ship as JS modules (the shard base64-encoded), so
 * the model is read from the installed package, never downloaded.
 */
export async function readNsfwjsMobileNetV2(): Promise<TfjsModelSource> {
  const { MobileNetV2Model } = (await import('nsfwjs/models/mobilenet_v2')) as unknown as { MobileNetV2Model: BundledModel };
  const json = (await MobileNetV2Model.modelJson()).default as TfjsModelJson;
  const shards: Uint8Array[] = [];
  for (const load of MobileNetV2Model.weightBundles) {
    const encoded = (await load()).default;
    if (typeof encoded !== 'string') throw new Error('nsfwjs weight bundle is not a base64 string');
    shards.push(Buffer.from(encoded, 'base64'));
  }
  const hash = createHash('sha256').update(JSON.stringify(json));
  for (const s of shards) hash.update(s);
  return { json, shards, sha256: hash.digest('hex') };
}
