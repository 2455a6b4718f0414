export { AbuseModel, calibrate, MODEL_SCORE_CAP, type ModelScore, type ModelSpan } from './abuseModel.js';
export { BUILT_IN_MODEL_FILE, readModelFile, decodeModel, type AbuseModelData } from './modelFile.js';
export { readCorpora, seededSplit, SPLIT_SEED, type Corpus, type Example } from './datasets.js';
export { binaryFigures, type BinaryFigures } from './metrics.js';
export { languageOf, type ModelLanguage } from './language.js';
