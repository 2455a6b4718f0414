import sharp from 'sharp';

/**
 * Same-person copies of a photo for evaluation and tests: what changes between
 * two real shots of one person (framing, size, light, a tilt) without needing
 * a second photo of them.
 */
export const AUGMENTATIONS: Record<string, (image: sharp.Sharp, width: number, height: number) => sharp.Sharp> = {
  crop: (img, w, h) => img.extract({ left: Math.round(w * 0.08), top: Math.round(h * 0.06), width: Math.round(w * 0.84), height: Math.round(h * 0.88) }),
  smaller: (img, w) => img.resize(Math.round(w * 0.6)),
  brighter: (img) => img.modulate({ brightness: 1.3 }),
  darker: (img) => img.modulate({ brightness: 0.7 }),
  tilted: (img) => img.rotate(8, { background: '#808080' }),
  mirrored: (img) => img.flop(),
};

export async function augment(bytes: Buffer, name: keyof typeof AUGMENTATIONS): Promise<Buffer> {
  const upright = await sharp(bytes).rotate().toBuffer({ resolveWithObject: true });
  return AUGMENTATIONS[name]!(sharp(upright.data), upright.info.width, upright.info.height).jpeg({ quality: 88 }).toBuffer();
}

/** The region around a face, padded, as its own JPEG: a single-face photo cut from a group photo. */
export async function cutFace(bytes: Buffer, box: { x: number; y: number; width: number; height: number }, pad = 0.6): Promise<Buffer> {
  const upright = await sharp(bytes).rotate().toBuffer({ resolveWithObject: true });
  const { width, height } = upright.info;
  const left = Math.max(0, Math.round(box.x - box.width * pad));
  const top = Math.max(0, Math.round(box.y - box.height * pad));
  const right = Math.min(width, Math.round(box.x + box.width * (1 + pad)));
  const bottom = Math.min(height, Math.round(box.y + box.height * (1 + pad)));
  return sharp(upright.data).extract({ left, top, width: right - left, height: bottom - top }).jpeg({ quality: 92 }).toBuffer();
}
