import { prepareImage, type ImageLimits, type PreparedFrame } from '@crs/core/image';
import {
  mergeLabels,
  type Thresholds,
  ModelNotInstalledError,
  worstVerdict,
  readMedia,
  type Category,
  type JobContext,
  type TaskInput,
  type TaskOutput,
  type Hit,
  type WatchlistCache,
} from '@crs/core';
import type { Classifier } from './classifiers/classifier.js';
import { DEFAULT_CLASSIFIER, type ClassifierDescriptor } from './classifiers/descriptor.js';
import type { CodeReader, DecodedCode } from './codes/codeReader.js';
import { codeFindings, presenceLabel } from './codes/codeFindings.js';
import { findCodes } from './codes/findCodes.js';
import { checkWatchlists } from './faceHook.js';
import { readTextInImage } from './ocrHook.js';
import { categoryScores, toLabels } from './score.js';

type Input = TaskInput<'image.moderate'>;
type Output = TaskOutput<'image.moderate'>;
type Scored = Map<Category, { score: number; descriptor: ClassifierDescriptor }>;

export interface ImageModerationDeps {
  /** Loaded classifiers by name. */
  classifiers: ReadonlyMap<string, Classifier>;
  /** Optional classifiers this worker knows but that are not installed, with the error naming the command that installs each. */
  notInstalled: ReadonlyMap<string, ModelNotInstalledError>;
  limits: ImageLimits;
  codes: CodeReader;
  /** The tenant's own thresholds (`PUT /v1/text/thresholds`), read only when a code is found. */
  tenantThresholds(tenant: string): Promise<Thresholds>;
  /** The tenants' watchlists; null on hosts without Redis (the bench), where no tenant has any. */
  watchlists: WatchlistCache | null;
}

function select(deps: ImageModerationDeps, names: string[] | undefined): Classifier[] {
  if (!names) return [...deps.classifiers.values()].filter((c) => c.descriptor.enabledByDefault);
  return names.map((name) => {
    const c = deps.classifiers.get(name);
    const missing = deps.notInstalled.get(name);
    if (!c && missing) throw new ModelNotInstalledError(missing.message, { details: missing.details });
    if (!c) {
      throw new ModelNotInstalledError(`no classifier ${name} on this worker; installed: ${[...deps.classifiers.keys()].join(', ')}`, {
        details: { classifier: name, installed: [...deps.classifiers.keys()] },
      });
    }
    return c;
  });
}

function keepHighest(into: Scored, from: Map<Category, number>, descriptor: ClassifierDescriptor): void {
  for (const [category, score] of from) {
    const current = into.get(category);
    if (!current || score > current.score) into.set(category, { score, descriptor });
  }
}

async function classifyFrame(frame: PreparedFrame, classifiers: Classifier[]) {
  const probabilities: Record<string, Record<string, number>> = {};
  const scored: Scored = new Map();
  for (const c of classifiers) {
    const p = await c.classify(frame);
    probabilities[c.descriptor.name] = p;
    keepHighest(scored, categoryScores(c.descriptor, p), c.descriptor);
  }
  return { probabilities, scored };
}

function rounded(p: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Math.round(v * 1e6) / 1e6]));
}

/** The tenant's `ad` thresholds, asked for only when the request sets none. */
async function tenantAd(input: Input, ctx: JobContext, deps: ImageModerationDeps): Promise<Thresholds | undefined> {
  return input.thresholds?.ad ? undefined : deps.tenantThresholds(ctx.tenant);
}

export async function moderateImage(input: Input, ctx: JobContext, deps: ImageModerationDeps): Promise<Output> {
  const classifiers = select(deps, input.classifiers);
  // Faces are checked by the face plugin's models while the classifiers run here.
  const watching = checkWatchlists(input, ctx, deps.watchlists);
  watching.catch(() => undefined);
  const { bytes } = await readMedia(ctx.blobs, ctx.tenant, input.image);
  const modelSide = Math.max(...classifiers.map((c) => Math.min(c.descriptor.input.width, c.descriptor.input.height)));
  const keepOriginal = classifiers.some((c) => c.descriptor.input.resampleFrom === 'original');
  const image = await prepareImage(bytes, deps.limits, { modelSide, keepOriginal });
  ctx.signal.throwIfAborted();

  const overall: Scored = new Map();
  const frames: NonNullable<Output['frames']> = [];
  const codes: (DecodedCode & { frame?: number })[] = [];
  const checkCodes = input.codes !== false;
  const original = { bytes, width: image.width, height: image.height, pages: image.pages, maxPixels: deps.limits.maxPixels };
  let probabilities: Record<string, Record<string, number>> = {};
  let best = -1;
  for (const frame of image.frames) {
    // The decoder's thread works while the classifier's session runs.
    const [result, frameCodes] = await Promise.all([classifyFrame(frame, classifiers), checkCodes ? findCodes(deps.codes, frame, original) : []]);
    ctx.signal.throwIfAborted();
    for (const c of frameCodes) {
      if (!codes.some((k) => k.format === c.format && k.text === c.text)) codes.push(image.pages > 1 ? { ...c, frame: frame.index } : c);
    }
    for (const [category, s] of result.scored) keepHighest(overall, new Map([[category, s.score]]), s.descriptor);
    // The frame that scores highest in any category is the one whose raw scores are reported.
    const top = Math.max(0, ...[...result.scored.values()].map((s) => s.score));
    if (top > best) {
      best = top;
      probabilities = result.probabilities;
    }
    if (image.pages > 1) {
      const scored = toLabels(result.scored, input.thresholds, input.categories);
      const wantAd = !input.categories || input.categories.includes('ad');
      const labels = frameCodes.length && wantAd ? mergeLabels([scored, [presenceLabel(input.thresholds, await tenantAd(input, ctx, deps))]]) : scored;
      frames.push({ index: frame.index, verdict: worstVerdict(labels.map((l) => l.verdict)), labels });
    }
  }

  let labels = toLabels(overall, input.thresholds, input.categories);
  let hits: Hit[] = [];
  if (codes.length) {
    const found = await codeFindings(codes, { categories: input.categories, thresholds: input.thresholds, tenantThresholds: () => deps.tenantThresholds(ctx.tenant) }, ctx);
    labels = mergeLabels([labels, found.labels]);
    hits = found.hits;
  }
  let ocr: Output['ocr'];
  if (input.ocr) {
    const read = await readTextInImage(input, ctx);
    ocr = read.ocr;
    if (read.moderation) {
      labels = mergeLabels([labels, read.moderation.labels]);
      hits = [...hits, ...read.moderation.hits.map((h) => ({ ...h, source: 'ocr' as const }))];
    }
  }
  const watched = await watching;
  if (watched) {
    labels = mergeLabels([labels, watched.labels]);
    hits = [...hits, ...watched.hits];
  }
  const classifierScores = Object.fromEntries(Object.entries(probabilities).map(([name, p]) => [name, rounded(p)]));
  return {
    verdict: worstVerdict(labels.map((l) => l.verdict)),
    labels,
    hits,
    scores: classifierScores[DEFAULT_CLASSIFIER] ?? Object.values(classifierScores)[0] ?? {},
    classifiers: classifierScores,
    image: { width: image.width, height: image.height, format: image.format, frames: image.pages },
    ...(image.pages > 1 ? { frames } : {}),
    ...(checkCodes ? { codes } : {}),
    ...(watched ? { watchlist: watched.check } : {}),
    ...(ocr ? { ocr } : {}),
  };
}
