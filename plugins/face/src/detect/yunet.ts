import * as ort from 'onnxruntime-node';
import { rgbToTensor } from '@crs/core/image';
import { RAW_BGR, resizeRgb, type Rgb } from '../raster.js';
import { nonMaxSuppression, type RawFace } from './rawFace.js';

const STRIDES = [8, 16, 32] as const;

export interface DetectOptions {
  /** Faces below this score (0–1) are dropped. */
  threshold: number;
  /** Long side the image is scaled to for detection; YuNet finds faces of about 10–300 px at that scale. */
  side: number;
}

/**
 * YuNet (libfacedetection): BGR, raw 0–255, padded right and bottom to a
 * multiple of 32; per stride, cells in row-major order carry class and
 * objectness scores, a box relative to the cell and five landmarks.
 */
export class YuNet {
  private constructor(private readonly session: ort.InferenceSession) {}

  static async load(file: string, threads: number): Promise<YuNet> {
    return new YuNet(await ort.InferenceSession.create(file, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' }));
  }

  /** Faces in `image` coordinates, best first. */
  async detect(image: Rgb, options: DetectOptions): Promise<RawFace[]> {
    const scale = Math.min(1, options.side / Math.max(image.width, image.height));
    const width = Math.max(1, Math.round(image.width * scale));
    const height = Math.max(1, Math.round(image.height * scale));
    const small = await resizeRgb(image, width, height);
    const padW = Math.ceil(width / 32) * 32;
    const padH = Math.ceil(height / 32) * 32;
    const input = new Float32Array(3 * padW * padH);
    const planar = rgbToTensor(small.data, width, height, RAW_BGR);
    for (let c = 0; c < 3; c++) {
      for (let y = 0; y < height; y++) {
        input.set(planar.subarray(c * width * height + y * width, c * width * height + (y + 1) * width), c * padW * padH + y * padW);
      }
    }
    const out = await this.session.run({ input: new ort.Tensor('float32', input, [1, 3, padH, padW]) });
    const faces: RawFace[] = [];
    for (const s of STRIDES) {
      const cls = out[`cls_${s}`]!.data as Float32Array;
      const obj = out[`obj_${s}`]!.data as Float32Array;
      const bbox = out[`bbox_${s}`]!.data as Float32Array;
      const kps = out[`kps_${s}`]!.data as Float32Array;
      const cols = padW / s;
      for (let i = 0; i < cls.length; i++) {
        // OpenCV's FaceDetectorYN takes the geometric mean of the two scores.
        const score = Math.sqrt(Math.min(1, Math.max(0, cls[i]!)) * Math.min(1, Math.max(0, obj[i]!)));
        if (score < options.threshold) continue;
        const r = Math.floor(i / cols);
        const c = i % cols;
        const cx = (c + bbox[i * 4]!) * s;
        const cy = (r + bbox[i * 4 + 1]!) * s;
        const w = Math.exp(bbox[i * 4 + 2]!) * s;
        const h = Math.exp(bbox[i * 4 + 3]!) * s;
        const landmarks: [number, number][] = [];
        for (let k = 0; k < 5; k++) landmarks.push([((kps[i * 10 + 2 * k]! + c) * s) / scale, ((kps[i * 10 + 2 * k + 1]! + r) * s) / scale]);
        faces.push({ x: (cx - w / 2) / scale, y: (cy - h / 2) / scale, width: w / scale, height: h / scale, score, landmarks });
      }
    }
    return nonMaxSuppression(faces, 0.3);
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
