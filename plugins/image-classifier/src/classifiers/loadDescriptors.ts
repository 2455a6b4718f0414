import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@crs/core';
import { classifierDescriptorSchema, NSFW_DESCRIPTOR, type ClassifierDescriptor } from './descriptor.js';

export const DESCRIPTOR_DIR = 'classifiers';

/**
 * The built-in classifier plus every `<modelsDir>/classifiers/*.json`. A file
 * named `nsfw.json` replaces the built-in one. A broken file stops start-up with
 * a message naming the file and field: a classifier silently missing would let content through.
 */
export async function loadDescriptors(modelsDir: string, logger: Logger): Promise<ClassifierDescriptor[]> {
  const dir = path.join(modelsDir, DESCRIPTOR_DIR);
  const files = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).sort();
  const byName = new Map<string, ClassifierDescriptor>([[NSFW_DESCRIPTOR.name, NSFW_DESCRIPTOR]]);
  for (const file of files) {
    const full = path.join(dir, file);
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
    logger.info({ classifier: parsed.data.name, file }, 'classifier description loaded');
  }
  return [...byName.values()];
}
