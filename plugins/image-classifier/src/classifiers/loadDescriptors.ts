import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@crs/core';
import { classifierDescriptorSchema, NSFW_DESCRIPTOR, NSFW_INCEPTION_DESCRIPTOR, type ClassifierDescriptor } from './descriptor.js';

export const DESCRIPTOR_DIR = 'classifiers';

/**
 * The built-in classifiers (nsfwjs' MobileNetV2, and its InceptionV3 where installed) plus every `classifiers/*.json` of the model
 * directories (`MODELS_DIR`, `MODELS_EXTRA_DIRS`, `DATA_DIR/models`); the first
 * directory wins for a name. A file named `nsfw.json` replaces the built-in one.
 * A broken file stops start-up with a message naming the file and field: a
 * classifier silently missing would let content through.
 */
export async function loadDescriptors(modelDirs: readonly string[], logger: Logger): Promise<ClassifierDescriptor[]> {
  const byName = new Map<string, ClassifierDescriptor>([NSFW_DESCRIPTOR, NSFW_INCEPTION_DESCRIPTOR].map((d) => [d.name, d]));
  const found: string[] = [];
  // Last directory first, so an earlier one's file of the same name replaces it.
  for (const modelsDir of [...modelDirs].reverse()) {
    const dir = path.join(modelsDir, DESCRIPTOR_DIR);
    const files = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
    found.push(...files.map((f) => path.join(dir, f)));
  }
  for (const full of found) {
    let raw: unknown;
    try {
      raw = JSON.parse(await fs.readFile(full, 'utf8'));
    } catch (err) {
      throw new Error(`classifier description ${full} is not valid JSON: ${(err as Error).message}`);
    }
    const parsed = classifierDescriptorSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(`classifier description ${full}: ${issue.path.join('.') || 'file'}: ${issue.message}`);
    }
    byName.set(parsed.data.name, parsed.data);
    logger.info({ classifier: parsed.data.name, file: full }, 'classifier description loaded');
  }
  return [...byName.values()];
}
