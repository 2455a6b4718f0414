import { ClassifierStore, definePlugin, redisKeys, TextPolicyStore, withSpan, type TaskPlugin } from '@crs/core';
import { TenantClassifiers } from './classifiers/tenantClassifiers.js';
import { trainTenantClassifier } from './classifiers/trainHandler.js';
import { LexiconLibrary } from './lexicon/library.js';
import { moderateText } from './moderate.js';
import { AbuseModel } from './model/abuseModel.js';
import { BUILT_IN_MODEL_FILE, readModelFile } from './model/modelFile.js';
import { requestMatcher } from './requestWords.js';
import { TenantPolicies } from './tenantPolicies.js';

export { moderateText, type ModerateOptions } from './moderate.js';
export { normalize, originalSlice } from './engine/normalize.js';
export { compileLexicon, type Matcher } from './lexicon/compile.js';
export { parseLexicon } from './lexicon/parse.js';
export { BUILT_IN_LEXICON_DIR, listLexiconFiles, readLexiconFiles } from './lexicon/files.js';
export { LexiconLibrary } from './lexicon/library.js';
export type { LexiconEntry } from './lexicon/entry.js';
export * from './model/index.js';
export { trainClassifier, CLASSIFIER_SPLIT, type LabelledText, type TrainedClassifier } from './model/train/trainClassifier.js';
export { TenantClassifiers, type TenantClassifier } from './classifiers/tenantClassifiers.js';

/** The abuse model the configuration names (`builtin`, `off` or a file), loaded once. */
export function loadAbuseModel(setting: string): AbuseModel | null {
  if (setting === 'off') return null;
  return new AbuseModel(readModelFile(setting === 'builtin' ? BUILT_IN_MODEL_FILE : setting));
}

/** A fresh plugin instance; each worker host (or test) gets its own state. */
export function createTextModerationPlugin(): TaskPlugin {
  let library: LexiconLibrary | null = null;
  let tenants: TenantPolicies | null = null;
  let classifierStore: ClassifierStore | null = null;
  let classifiers: TenantClassifiers | null = null;
  let model: AbuseModel | null = null;
  let pinyin = true;
  return definePlugin({
    name: 'text-moderation',
    async init({ logger, config, redis }) {
      pinyin = config.text.pinyin;
      library = new LexiconLibrary({ dir: config.text.lexiconDir, logger, pinyin });
      await library.refresh();
      model = loadAbuseModel(config.text.abuseModel);
      if (model) logger.info({ model: model.name, bytes: model.data.bytes }, 'abuse model loaded');
      // One moderation at start-up builds the per-character tables (folding, contact view, whole-word
      // ends, flood layout), so the first job does not wait on them: the text is long enough for the
      // information measure and has a Latin hit.
      moderateText('warm-up: 预热一次，让每个检测器都建好它的字符表 porn 0123456789 a@b.cn', [library.matcher], { model });
      library.watch(config.text.lexiconReloadMs);
      const keys = redisKeys(config.redis.prefix);
      tenants = new TenantPolicies(new TextPolicyStore(redis, keys), { pinyin });
      classifierStore = new ClassifierStore(redis, keys);
      classifiers = new TenantClassifiers(classifierStore);
    },
    handlers: {
      async 'text.moderate'(input, ctx) {
        if (!library || !tenants || !classifiers) throw new Error('text-moderation used before init');
        const [tenant, own] = await Promise.all([tenants.get(ctx.tenant), classifiers.get(ctx.tenant)]);
        ctx.signal.throwIfAborted();
        const words = requestMatcher(input, { pinyin });
        const matchers = [library.matcher, tenant.matcher, words].filter((m) => m !== null);
        // The request's thresholds win over the tenant's, category by category, as they do for images.
        const thresholds = { ...tenant.thresholds, ...input.thresholds };
        return withSpan(
          'text match',
          () => moderateText(input.text, matchers, { categories: input.categories, thresholds, model, classifiers: own, mask: input.mask }),
          { attributes: { 'crs.text.length': input.text.length, 'crs.text.matchers': matchers.length } },
        );
      },
      async 'text.classifier.train'(input, ctx) {
        if (!classifierStore) throw new Error('text-moderation used before init');
        return trainTenantClassifier(input, ctx, classifierStore);
      },
    },
    async close() {
      await library?.close();
      tenants?.clear();
      classifiers?.clear();
      library = null;
      tenants = null;
      classifiers = null;
      classifierStore = null;
      model = null;
    },
  });
}

export default createTextModerationPlugin();
