/** `denoise: true` means this level: measured on Gaussian noise of sigma 20 (npm run restore:eval). */
export const DEFAULT_DENOISE_LEVEL = 2;

export function denoiseLevel(denoise: boolean | number): number {
  if (denoise === true) return DEFAULT_DENOISE_LEVEL;
  return denoise === false ? 0 : denoise;
}

/** waifu2x ships noise levels 0, 1 and 3: medium uses the strong model, light the light one. */
const WAIFU2X_FOR_LEVEL = ['waifu2x-photo-noise0-x2', 'waifu2x-photo-noise1-x2', 'waifu2x-photo-noise3-x2', 'waifu2x-photo-noise3-x2'] as const;

/**
 * The model for a scale and noise level when the caller names none, chosen by
 * the figures of `npm run restore:eval` (README, Restoration):
 * - 2×: waifu2x, PSNR-trained, sharper than bicubic without inventing texture;
 * - 4×: Real-ESRGAN general x4v3 (its wdn variant when noise is to go), the
 *   only 4× model, with the aimed edge detail at a PSNR near bicubic's;
 * - 1× with denoise: waifu2x at the level asked, its 2× result scaled back down,
 *   which beats Real-ESRGAN wdn scaled down by 4 on PSNR and time.
 */
export function defaultModel(scale: 1 | 2 | 4, level: number): string {
  if (scale === 4) return level > 0 ? 'realesr-general-wdn-x4v3' : 'realesr-general-x4v3';
  return WAIFU2X_FOR_LEVEL[level]!;
}
