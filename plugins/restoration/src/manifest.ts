import fs from 'node:fs';
import path from 'node:path';
import { RESTORE_MODEL_NAME } from '@crs/core';
import { z } from 'zod';

const range = z.tuple([z.number(), z.number()]);

/**
 * Describes a restoration model so any image-to-image ONNX export fits without
 * code (a face restorer, a colouriser, another upscaler): a JSON file in
 * `restoration/` under a models directory, or one of the built-ins below.
 */
export const restoreManifestSchema = z
  .object({
    name: z.string().regex(RESTORE_MODEL_NAME),
    description: z.string().optional(),
    /** The ONNX file, relative to the models directory. */
    file: z.string(),
    /** Input and output names; the first of each when absent. */
    input: z.string().optional(),
    output: z.string().optional(),
    /** Element type of the input and output tensors (NCHW, batch 1). */
    dtype: z.enum(['float32', 'float16']),
    colorOrder: z.enum(['rgb', 'bgr']).default('rgb'),
    /** What pixel values 0 and 255 become on input, and what the output's black and white are. */
    inputRange: range.default([0, 1]),
    outputRange: range.default([0, 1]),
    /** Output side ÷ input side (exact: the model returns scale·H × scale·W). */
    scale: z.number().int().min(1).max(8),
    /** The noise level the model removes, 0 for none (the level scale and denoise choose by). */
    denoise: z.number().int().min(0).max(3).default(0),
    tile: z
      .object({
        /** Input pixels per tile side, context and overlap included. */
        size: z.number().int().min(32).max(2048),
        /** Context read around each tile and thrown away: the model's border artefacts fall there. */
        padding: z.number().int().min(0).max(256),
        /** Input pixels neighbouring tiles share, blended with linear weights so no seam shows. */
        overlap: z.number().int().min(0).max(256),
      })
      .default({ size: 256, padding: 16, overlap: 8 }),
    /** Tile sides are rounded up to a multiple of this (models that downsample inside). */
    multipleOf: z.number().int().min(1).max(64).default(1),
  })
  .refine((m) => m.tile.size >= 4 * m.tile.overlap + 2 * m.tile.padding, {
    message: 'tile.size must be at least 4 × overlap + 2 × padding, so at most two tiles share a pixel per axis',
    path: ['tile'],
  });
export type RestoreManifest = z.infer<typeof restoreManifestSchema>;

const realEsrgan = (name: string, file: string, denoise: number, description: string) =>
  restoreManifestSchema.parse({
    name,
    description,
    file,
    input: 'input',
    output: 'output',
    dtype: 'float16',
    scale: 4,
    denoise,
    // SRVGGNetCompact: 32 3×3 convolutions at input resolution, a reach of 33 px; 16 px of context keeps the
    // difference from one pass within ±4 levels and the ramps hide it. 384 px tiles: a fifth of the work is
    // context (at 192 px it was 60 %) and one tile still takes seconds, so a cancel is noticed soon.
    tile: { size: 384, padding: 16, overlap: 8 },
  });

const waifu2x = (noise: 0 | 1 | 3) =>
  restoreManifestSchema.parse({
    name: `waifu2x-photo-noise${noise}-x2`,
    description: `waifu2x upconv_7 photo model, 2×, ${noise ? `noise level ${noise}` : 'no noise removal'} (MIT)`,
    file: `restoration/waifu2x-upconv7-photo-noise${noise}-x2.onnx`,
    input: 'input',
    output: 'output',
    dtype: 'float32',
    scale: 2,
    denoise: noise,
    // upconv_7: a reflecting Pad of 7, six valid 3×3 convolutions and a 4×4 transposed one, a reach of 7 px:
    // 7 px of context makes tiles identical to one pass, so they need no overlap to blend. The restore thread
    // removes the Pad from the graph and reads those 7 px from the image instead (graphPasses.ts), so a tile's
    // context is paid once (a 1,000 px photo: 15 % of the work on context, 32 % with the Pad kept). 256 px: 384
    // and 528 px tiles cost the same CPU per photo (fewer tiles, slower per pixel), and the widest layer (256
    // channels, float32) holds 67 MB per tile instead of 150 or 285.
    tile: { size: 256, padding: 7, overlap: 0 },
  });

/** The models in the repository's `models/restoration` (see models/manifest.json for sources and licences). */
export const BUILTIN_MANIFESTS: Record<string, RestoreManifest> = Object.fromEntries(
  [
    realEsrgan('realesr-general-x4v3', 'restoration/realesr-general-x4v3.fp16.onnx', 0, 'Real-ESRGAN general x4v3, 4×, GAN-trained for detail (BSD-3-Clause)'),
    realEsrgan('realesr-general-wdn-x4v3', 'restoration/realesr-general-wdn-x4v3.fp16.onnx', 3, 'Real-ESRGAN general x4v3 trained to remove noise too, 4× (BSD-3-Clause)'),
    waifu2x(0),
    waifu2x(1),
    waifu2x(3),
  ].map((m) => [m.name, m]),
);

/**
 * The built-ins plus manifests dropped into `restoration/` of the models
 * directories; a dropped-in manifest replaces a built-in of the same name, and
 * the first directory wins between dropped-in ones.
 */
export function readManifests(dirs: readonly string[]): Map<string, RestoreManifest> {
  const found = new Map<string, RestoreManifest>(Object.entries(BUILTIN_MANIFESTS));
  const custom = new Set<string>();
  for (const dir of dirs) {
    const folder = path.join(dir, 'restoration');
    if (!fs.existsSync(folder)) continue;
    for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.json')).sort()) {
      const where = path.join(folder, file);
      const parsed = restoreManifestSchema.safeParse(JSON.parse(fs.readFileSync(where, 'utf8')));
      if (!parsed.success) throw new Error(`${where} is not a restoration manifest: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      if (custom.has(parsed.data.name)) continue;
      custom.add(parsed.data.name);
      found.set(parsed.data.name, parsed.data);
    }
  }
  return found;
}
