/** `denoise: true` means this level (see defaultModel for why). */
export const DEFAULT_DENOISE_LEVEL = 2;

export function denoiseLevel(denoise: boolean | number): number {
  if (denoise === true) return DEFAULT_DENOISE_LEVEL;
  return denoise === false ? 0 : denoise;
}

const WAIFU2X = ['waifu2x-photo-noise0-x2', 'waifu2x-photo-noise1-x2', 'waifu2x-photo-noise3-x2'] as const;
const WDN = 'realesr-general-wdn-x4v3';

/**
 * The model for a scale and noise level when the caller names none, chosen by
 * the figures of `npm run restore:eval` (seven photos, README › Restoration):
 * - 4×: Real-ESRGAN wdn at every level. It is 0.8 dB under bicubic with 3.8×
 *   bicubic's edge detail; plain x4v3 has a little more detail (4.3×) but is
 *   1.5 dB under, outside the 1 dB a user notices as "not the same picture".
 * - 2×: waifu2x (noise0 / noise1 / noise3 by level), PSNR-trained: 7 dB over
 *   bicubic with 1.6× its edge detail, at a third of Real-ESRGAN's CPU time.
 * - 1× (denoise only): the same models, their result scaled back down.
 *   Level 2 (`true`) is waifu2x noise3: +5.4 dB on sigma-20 noise at 1.6 s of
 *   CPU per 0.1 MP; level 3 is Real-ESRGAN wdn: +6.9 dB at 4.5× the CPU time.
 *   Level 1 (waifu2x noise1, +1.7 dB) is for light noise only.
 */
export function defaultModel(scale: 1 | 2 | 4, level: number): string {
  if (scale === 4 || level >= 3) return WDN;
  return WAIFU2X[Math.min(level, 2)]!;
}
