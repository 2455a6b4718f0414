import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AbuseModel, decodeModel, loadAbuseModel, moderateText, normalize, trainClassifier, type LabelledText } from '../src/index.js';
import { trainInThread } from '../src/classifiers/trainThread.js';
import { builtInMatcher } from './helpers.js';

// Real labelled data: the 400 SWSR comments the API's end-to-end test trains on (their provenance and
// licence are beside them), and one more sexist comment from the other side of the split.
const FIXTURES = new URL('../../../tests/e2e/test/fixtures/classifier/', import.meta.url);
const examples = readFileSync(new URL('swsr-sexism.jsonl', FIXTURES), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as LabelledText);
const probe = (JSON.parse(readFileSync(new URL('probe.json', FIXTURES), 'utf8')) as { text: string }).text;

describe("a tenant's classifier", () => {
  const trained = trainClassifier('sexism', examples);

  it('trains reproducibly: the same examples give the same bytes, in a worker thread as in line', async () => {
    expect(trainClassifier('sexism', examples).file.equals(trained.file)).toBe(true);
    expect(trainClassifier('sexism', examples, { seed: 30 }).file.equals(trained.file)).toBe(false);
    const progress: number[] = [];
    const threaded = await trainInThread({ name: 'sexism', examples }, { onProgress: (f) => progress.push(f) });
    expect(threaded.file.equals(trained.file)).toBe(true);
    expect(threaded.figures).toEqual(trained.figures);
    expect(progress).toEqual([0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('stops its thread when the job is aborted', async () => {
    const controller = new AbortController();
    const running = trainInThread({ name: 'sexism', examples }, { signal: controller.signal });
    controller.abort(new Error('canceled'));
    await expect(running).rejects.toThrow('canceled');
  });

  it('reports figures on a seeded, label-stratified fifth it did not train on', () => {
    const f = trained.figures;
    expect({ train: f.trainExamples, heldOut: f.heldOutExamples }).toEqual({ train: 320, heldOut: 80 });
    expect(f.truePositives + f.falseNegatives).toBe(40);
    expect(f.falsePositives + f.trueNegatives).toBe(40);
    expect(f.accuracy).toBeCloseTo((f.truePositives + f.trueNegatives) / 80, 9);
    expect(f.threshold).toBeGreaterThanOrEqual(0.5);
    // Better than a guess on real sexism labels, from 320 examples.
    expect(f.f1).toBeGreaterThan(0.55);
    expect(trained.language).toBe('zh');
    const model = decodeModel(trained.file);
    expect(model.everyScript?.threshold).toBe(f.threshold);
  });

  it('scores the tenant’s texts under its category beside the built-in model, with the spans that weighed most', async () => {
    const matcher = await builtInMatcher();
    const builtIn = loadAbuseModel('builtin');
    const classifier = { name: 'sexism', category: 'custom' as const, model: new AbuseModel(decodeModel(trained.file)) };
    expect(moderateText(probe, [matcher], { model: builtIn }).verdict).toBe('pass');
    const result = moderateText(probe, [matcher], { model: builtIn, classifiers: [classifier] });
    expect(result.verdict).toBe('review');
    expect(result.decidedBy).toBe('model');
    const hits = result.hits.filter((h) => h.lexicon === 'classifier:sexism');
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) {
      expect(h).toMatchObject({ category: 'custom', source: 'model' });
      expect(h.matched).toBe([...probe].slice(h.start, h.end).join(''));
    }
    // A category not asked for is not scored; text in another script is still read by the one model.
    expect(moderateText(probe, [matcher], { model: builtIn, classifiers: [classifier], categories: ['abuse'] }).verdict).toBe('pass');
    expect(classifier.model.score(normalize('an english sentence'))).not.toBeNull();
  });
});
