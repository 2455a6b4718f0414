import { findModel, ModelNotInstalledError, NoFaceFoundError, type Config, type DetectedFace, type Logger } from '@crs/core';
import { prepareImage } from '@crs/core/image';
import { estimateSimilarity, warpSimilarity } from './align/similarity.js';
import { nonMaxSuppression, type RawFace } from './detect/rawFace.js';
import { YuNet } from './detect/yunet.js';
import { Embedder } from './embed/embedder.js';
import { LivenessNet } from './liveness/liveness.js';
import { MOBILEFACENET, readEmbedderManifest } from './models/embedderManifest.js';
import { DETECTOR_MODEL, FACE_FETCH_NAME, LIVENESS_MODELS } from './models/files.js';
import { qualityOf, sharpnessOf } from './quality.js';
import type { Rgb } from './raster.js';

export interface AnalyseOptions {
  maxFaces: number;
  minFaceSize?: number;
  embed?: boolean;
  liveness?: boolean;
}

export interface AnalysedFace {
  face: DetectedFace;
  embedding?: Float32Array;
  /** The aligned crop the embedding was taken from. */
  aligned?: Rgb;
  liveness?: { score: number; models: { name: string; score: number }[] };
}

export interface Analysis {
  image: { width: number; height: number };
  faces: AnalysedFace[];
}

type Loaded<T> = { ok: T } | { missing: ModelNotInstalledError };

async function load<T>(config: Config, file: string, open: (path: string) => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: await open(findModel(config, file, FACE_FETCH_NAME)) };
  } catch (err) {
    if (err instanceof ModelNotInstalledError) return { missing: err };
    throw err;
  }
}

function need<T>(part: Loaded<T>): T {
  if ('missing' in part) throw part.missing;
  return part.ok;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

export function noFaceIn(what: string): NoFaceFoundError {
  return new NoFaceFoundError(`no face was found in ${what}; send a photo where a face is visible and at least about 20 pixels across`);
}

/**
 * Detection, alignment, embedding and liveness over one decoded image. Each
 * model loads once per process; a model that is not installed makes only the
 * tasks that need it answer `model_not_installed`.
 */
export class FaceEngine {
  private constructor(
    private readonly config: Config,
    private readonly detector: Loaded<YuNet>,
    private readonly embedder: Loaded<Embedder>,
    private readonly liveness: Loaded<LivenessNet[]>,
  ) {}

  static async load(config: Config, logger: Logger): Promise<FaceEngine> {
    const threads = config.onnx.intraOpThreads;
    const manifest = config.face.embedder ? readEmbedderManifest(findModel(config, config.face.embedder, FACE_FETCH_NAME)) : MOBILEFACENET;
    const detector = await load(config, DETECTOR_MODEL, (f) => YuNet.load(f, threads));
    const embedder = await load(config, manifest.file, (f) => Embedder.load(manifest, f, threads));
    const nets = await Promise.all(LIVENESS_MODELS.map((m) => load(config, m.file, (f) => LivenessNet.load(m, f, threads))));
    const absent = nets.find((n): n is { missing: ModelNotInstalledError } => 'missing' in n);
    const liveness: Loaded<LivenessNet[]> = absent ?? { ok: nets.map((n) => need(n)) };
    for (const [part, loaded] of [['detector', detector], ['embedder', embedder], ['liveness', liveness]] as const) {
      if ('missing' in loaded) logger.warn({ part, model: loaded.missing.details?.model }, `face ${part} model not installed: run npm run models -- fetch ${FACE_FETCH_NAME}`);
    }
    return new FaceEngine(config, detector, embedder, liveness);
  }

  /** The embedding model's name, or the error a task that needs it should give. */
  get embedderName(): string {
    return need(this.embedder).name;
  }

  async analyse(bytes: Buffer, options: AnalyseOptions): Promise<Analysis> {
    const detector = need(this.detector);
    const embedder = options.embed ? need(this.embedder) : null;
    const liveness = options.liveness ? need(this.liveness) : null;
    const { maxPixels } = this.config.image;
    const prepared = await prepareImage(bytes, { maxPixels, maxFrames: 1 }, { modelSide: 0, maxSide: this.config.face.maxSide });
    const frame = prepared.frames[0]!;
    const image: Rgb = { data: frame.data, width: frame.width, height: frame.height };
    const toOriginal = prepared.width / frame.width;
    const { detectSide, detectThreshold } = this.config.face;
    let raw: RawFace[] = await detector.detect(image, { side: detectSide, threshold: detectThreshold });
    // Small faces in a large picture vanish at the detection side: look again at full working size.
    if (Math.max(image.width, image.height) > detectSide * 1.5) {
      const fine = await detector.detect(image, { side: Math.max(image.width, image.height), threshold: detectThreshold });
      raw = nonMaxSuppression([...raw, ...fine], 0.3);
    }
    const minSize = (options.minFaceSize ?? 1) / toOriginal;
    const chosen = raw
      .filter((f) => Math.min(f.width, f.height) >= minSize)
      .sort((a, b) => b.width * b.height - a.width * a.height)
      .slice(0, options.maxFaces);
    const faces: AnalysedFace[] = [];
    for (const f of chosen) {
      const out: AnalysedFace = { face: undefined as unknown as DetectedFace };
      let aligned: Rgb;
      if (embedder) {
        const embedded = await embedder.embed(image, f.landmarks);
        out.embedding = embedded.vector;
        aligned = embedded.aligned;
      } else {
        // Quality needs an aligned crop even when no embedding is asked for.
        aligned = warpSimilarity(image, estimateSimilarity(f.landmarks, MOBILEFACENET.template), MOBILEFACENET.size);
      }
      out.aligned = aligned;
      const box = { x: round1(f.x * toOriginal), y: round1(f.y * toOriginal), width: round1(f.width * toOriginal), height: round1(f.height * toOriginal) };
      const points = f.landmarks.map(([x, y]) => [round1(x * toOriginal), round1(y * toOriginal)] as [number, number]);
      out.face = {
        box,
        landmarks: { rightEye: points[0]!, leftEye: points[1]!, nose: points[2]!, mouthRight: points[3]!, mouthLeft: points[4]! },
        score: Math.round(f.score * 10000) / 10000,
        quality: qualityOf(box, points, sharpnessOf(aligned)),
      };
      if (liveness) {
        const models = [];
        for (const net of liveness) models.push({ name: net.model.name, score: Math.round((await net.score(image, f)) * 10000) / 10000 });
        out.liveness = { score: Math.round((models.reduce((a, m) => a + m.score, 0) / models.length) * 10000) / 10000, models };
      }
      faces.push(out);
    }
    return { image: { width: prepared.width, height: prepared.height }, faces };
  }

  /** The main (largest) face, embedded; `no_face_found` when there is none. */
  async mainFace(bytes: Buffer, what: string): Promise<AnalysedFace & { embedding: Float32Array }> {
    const { faces } = await this.analyse(bytes, { maxFaces: 1, embed: true });
    const face = faces[0];
    if (!face?.embedding) throw noFaceIn(what);
    return face as AnalysedFace & { embedding: Float32Array };
  }

  async close(): Promise<void> {
    const parts: { close(): Promise<void> }[] = [];
    if ('ok' in this.detector) parts.push(this.detector.ok);
    if ('ok' in this.embedder) parts.push(this.embedder.ok);
    if ('ok' in this.liveness) parts.push(...this.liveness.ok);
    await Promise.all(parts.map((p) => p.close()));
  }
}
