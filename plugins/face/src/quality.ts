import type { DetectedFace } from '@crs/core';
import type { Rgb } from './raster.js';

export const QUALITY_LIMITS = {
  /** Below this many pixels (shorter box side) recognition gets unreliable. */
  minSize: 48,
  minSharpness: 0.3,
  /** Beyond this yaw or pitch (degrees) a frontal embedding is a poor match. */
  maxTurn: 35,
};

/** Variance of a 4-neighbour Laplacian over the grey image. */
export function laplacianVariance(image: Rgb): number {
  const { width, height, data } = image;
  const grey = new Float32Array(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = 0.299 * data[i * 3]! + 0.587 * data[i * 3 + 1]! + 0.114 * data[i * 3 + 2]!;
  let sum = 0, sumSq = 0, n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const l = grey[i - 1]! + grey[i + 1]! + grey[i - width]! + grey[i + width]! - 4 * grey[i]!;
      sum += l; sumSq += l * l; n++;
    }
  }
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

/** Maps the Laplacian variance of the aligned face onto 0–1; 100 (a soft but usable face) gives 0.5. */
export function sharpnessOf(alignedFace: Rgb): number {
  const v = laplacianVariance(alignedFace);
  return Math.round((v / (v + 100)) * 1000) / 1000;
}

const deg = (rad: number) => Math.round((rad * 180) / Math.PI * 10) / 10;

/**
 * A pose estimate from the five landmarks alone: roll is the eye line's tilt;
 * yaw comes from how far the nose sits from the eyes' midpoint across the
 * face; pitch from where the nose sits between the eye line and the mouth.
 * Rough (±10°), enough to flag turned faces.
 */
export function poseOf(landmarks: readonly (readonly [number, number])[]): DetectedFace['quality']['pose'] {
  const [re, le, nose, rm, lm] = landmarks as [number, number][];
  const roll = Math.atan2(le![1] - re![1], le![0] - re![0]);
  const cos = Math.cos(-roll), sin = Math.sin(-roll);
  // Undo the roll about the eyes' midpoint so yaw and pitch are measured upright.
  const mx = (re![0] + le![0]) / 2, my = (re![1] + le![1]) / 2;
  const upright = (p: [number, number]): [number, number] => [cos * (p[0] - mx) - sin * (p[1] - my), sin * (p[0] - mx) + cos * (p[1] - my)];
  const eyeHalf = Math.hypot(le![0] - re![0], le![1] - re![1]) / 2 || 1;
  const n = upright(nose!);
  const mouthY = (upright(rm!)[1] + upright(lm!)[1]) / 2 || 1;
  const yaw = Math.asin(Math.max(-1, Math.min(1, n[0] / eyeHalf)));
  // The nose tip sits about 55% of the way from the eye line to the mouth on a frontal face.
  const pitch = Math.asin(Math.max(-1, Math.min(1, (n[1] / mouthY - 0.55) * 2.5)));
  return { yaw: deg(yaw), pitch: deg(pitch), roll: deg(roll) };
}

export function qualityOf(box: { width: number; height: number }, landmarks: readonly (readonly [number, number])[], sharpness: number): DetectedFace['quality'] {
  const size = Math.round(Math.min(box.width, box.height));
  const pose = poseOf(landmarks);
  const issues: DetectedFace['quality']['issues'] = [];
  if (size < QUALITY_LIMITS.minSize) issues.push('small');
  if (sharpness < QUALITY_LIMITS.minSharpness) issues.push('blurry');
  if (Math.abs(pose.yaw) > QUALITY_LIMITS.maxTurn || Math.abs(pose.pitch) > QUALITY_LIMITS.maxTurn) issues.push('turned');
  return { size, sharpness, pose, usable: issues.length === 0, issues };
}
