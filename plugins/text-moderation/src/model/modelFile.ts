/**
 * The abuse model's file: `CRSABUSE`, a little-endian uint32 header length,
 * a JSON header, then per language one Int16 weight per hashed gram (the
 * float weights over `scale`, 2 bytes each instead of 4; the rounding moves
 * a score by less than a thousandth). No clock, path or host in it, so the
 * same training run writes the same bytes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ModelLanguage } from './language.js';
import type { LinearWeights, Norm } from './train/trainers.js';

const MAGIC = 'CRSABUSE';

export const BUILT_IN_MODEL_FILE = fileURLToPath(new URL('../../data/models/abuse.bin', import.meta.url));

export interface LanguageHeader {
  language: ModelLanguage;
  bits: number;
  /** Character grams as well as words (Chinese), or words and word pairs only (English). */
  chars: boolean;
  norm: Norm;
  bias: number;
  /** weight = int16 × scale */
  scale: number;
  /** The probability at which the model alone sends a text to review (tuned on the dev split). */
  threshold: number;
  /** What it was trained and tuned on, for the record. */
  trainedOn: string;
  /** It reads text in any script (a tenant's classifier, trained on whatever its examples are in), not only its language's. */
  everyScript?: boolean;
}

export interface ModelHeader {
  format: 1;
  name: string;
  languages: LanguageHeader[];
  training: Record<string, unknown>;
}

export interface LanguageModel extends LanguageHeader {
  weights: Int16Array;
}

export interface AbuseModelData {
  name: string;
  languages: Map<ModelLanguage, LanguageModel>;
  training: Record<string, unknown>;
  bytes: number;
  /** The language model that reads every text, when the file has one. */
  everyScript?: LanguageModel;
}

/** Rounds float weights to Int16 with one scale for the language (the largest weight maps to ±32767). */
export function quantize(w: LinearWeights): { weights: Int16Array; scale: number } {
  let max = 0;
  for (const x of w.weights) max = Math.max(max, Math.abs(x));
  const scale = max === 0 ? 1 : max / 32767;
  return { weights: Int16Array.from(w.weights, (x) => Math.round(x / scale)), scale };
}

export function encodeModel(header: ModelHeader, weights: Int16Array[]): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  // Pad the header so the weights start on an even offset.
  const pad = (MAGIC.length + 4 + json.length) % 2;
  const head = Buffer.alloc(MAGIC.length + 4 + json.length + pad, 0x20);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(json.length + pad, MAGIC.length);
  json.copy(head, MAGIC.length + 4);
  const body = weights.map((w) => Buffer.from(w.buffer, w.byteOffset, w.byteLength));
  return Buffer.concat([head, ...body]);
}

export function decodeModel(file: Buffer): AbuseModelData {
  if (file.length < 12 || file.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error('not an abuse model file (no CRSABUSE header)');
  const length = file.readUInt32LE(MAGIC.length);
  const header = JSON.parse(file.toString('utf8', MAGIC.length + 4, MAGIC.length + 4 + length)) as ModelHeader;
  if (header.format !== 1) throw new Error(`abuse model format ${String(header.format)} is not supported`);
  let offset = MAGIC.length + 4 + length;
  const languages = new Map<ModelLanguage, LanguageModel>();
  for (const h of header.languages) {
    const size = 1 << h.bits;
    if (offset + size * 2 > file.length) throw new Error(`abuse model file is truncated (${h.language} weights)`);
    // A copy, so the weights are aligned whatever the header's length; the file is little-endian, as is every host Node runs on.
    const weights = new Int16Array(file.buffer.slice(file.byteOffset + offset, file.byteOffset + offset + size * 2));
    offset += size * 2;
    languages.set(h.language, { ...h, weights });
  }
  const everyScript = [...languages.values()].find((l) => l.everyScript);
  return { name: header.name, languages, training: header.training, bytes: file.length, ...(everyScript ? { everyScript } : {}) };
}

export function readModelFile(path: string): AbuseModelData {
  return decodeModel(readFileSync(path));
}
