import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const range = z.tuple([z.number(), z.number()]);

/**
 * Describes an inpainting model so any ONNX export fits without code: a JSON
 * file in `inpainting/` under the models directory, or one of the built-ins.
 */
export const inpaintManifestSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/),
  /** The ONNX file, relative to the models directory. */
  file: z.string(),
  /** Input and output names; by position (image, mask; first output) when absent. */
  inputs: z.object({ image: z.string(), mask: z.string() }).optional(),
  output: z.string().optional(),
  /** A fixed square input side (LaMa: 512), or null for models that take any size. */
  size: z.number().int().min(8).nullable(),
  /** Any-size models: each side is rounded up to a multiple of this… */
  multipleOf: z.number().int().min(1).default(8),
  /** …and a crop with a longer side than this is scaled down first. */
  maxSide: z.number().int().min(64).default(1024),
  dtype: z.enum(['float32', 'uint8']),
  colorOrder: z.enum(['rgb', 'bgr']).default('rgb'),
  /** What 0 and 255 of a pixel become on input. */
  imageRange: range,
  /** Mask values for a pixel to fill and a pixel to keep. */
  mask: z.object({ fill: z.number(), keep: z.number() }),
  /** The output's black and white; `auto` reads [0, 1] or [0, 255] from the values. */
  outputRange: z.union([range, z.literal('auto')]),
});
export type InpaintManifest = z.infer<typeof inpaintManifestSchema>;

/** Where `npm run models -- fetch <name>` puts the built-in models. */
export const BUILTIN_MANIFESTS: Record<string, InpaintManifest> = {
  // LaMa (big-lama) as exported by Carve: fixed 512, float 0–1 image, mask 1 = hole.
  lama: inpaintManifestSchema.parse({
    name: 'lama',
    file: 'inpainting/lama_fp32.onnx',
    inputs: { image: 'image', mask: 'mask' },
    size: 512,
    dtype: 'float32',
    imageRange: [0, 1],
    mask: { fill: 1, keep: 0 },
    outputRange: 'auto',
  }),
  // MI-GAN's pipeline export: any size, uint8 in and out, mask 0 = hole.
  migan: inpaintManifestSchema.parse({
    name: 'migan',
    file: 'inpainting/migan_pipeline_v2.onnx',
    size: null,
    multipleOf: 8,
    maxSide: 1024,
    dtype: 'uint8',
    imageRange: [0, 255],
    mask: { fill: 0, keep: 255 },
    outputRange: [0, 255],
  }),
};

/**
 * The built-ins plus manifests dropped into `inpainting/` of the models
 * directories; a dropped-in manifest replaces a built-in of the same name, and
 * the first directory wins between dropped-in ones.
 */
export function readManifests(dirs: readonly string[]): Map<string, InpaintManifest> {
  const found = new Map<string, InpaintManifest>(Object.entries(BUILTIN_MANIFESTS));
  const custom = new Set<string>();
  for (const dir of dirs) {
    const folder = path.join(dir, 'inpainting');
    if (!fs.existsSync(folder)) continue;
    for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.json'))) {
      const parsed = inpaintManifestSchema.safeParse(JSON.parse(fs.readFileSync(path.join(folder, file), 'utf8')));
      if (!parsed.success) throw new Error(`${path.join(folder, file)} is not an inpainting manifest: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      if (custom.has(parsed.data.name)) continue;
      custom.add(parsed.data.name);
      found.set(parsed.data.name, parsed.data);
    }
  }
  return found;
}
