/**
 * Readers for the labelled corpora the abuse model trains and is measured on
 * (COLD, Davidson, SWSR; see the datasets' README). The data stays outside
 * the repository: every reader takes the directory that holds it.
 *
 * COLD ships its own train and dev splits. Davidson and SWSR ship none, so
 * each gets a seeded 80/20 split stratified by label: within each label the
 * rows are ordered by a hash of (seed, row number) and the first fifth is dev.
 * The same files always give the same split.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ModelLanguage } from './language.js';

export interface Example {
  text: string;
  /** 1 offensive (abuse, hate, sexism), 0 not. */
  label: 0 | 1;
}

export interface Corpus {
  name: string;
  language: ModelLanguage;
  /** How labels were mapped to offensive / not, for the report. */
  mapping: string;
  train: Example[];
  dev: Example[];
}

export const SPLIT_SEED = 29;
const DEV_FRACTION = 0.2;

function splitHash(seed: number, row: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x01000193);
  h = Math.imul(h ^ row, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Rows `[row number, stratum, example]` split 80/20 within each stratum by the seeded hash of the row number. */
export function seededSplit(rows: { row: number; stratum: string; example: Example }[], seed = SPLIT_SEED): { train: Example[]; dev: Example[] } {
  const dev = new Set<number>();
  const strata = new Map<string, { row: number; hash: number }[]>();
  for (const r of rows) {
    let list = strata.get(r.stratum);
    if (!list) strata.set(r.stratum, (list = []));
    list.push({ row: r.row, hash: splitHash(seed, r.row) });
  }
  for (const list of strata.values()) {
    list.sort((a, b) => a.hash - b.hash || a.row - b.row);
    for (const r of list.slice(0, Math.round(list.length * DEV_FRACTION))) dev.add(r.row);
  }
  return {
    train: rows.filter((r) => !dev.has(r.row)).map((r) => r.example),
    dev: rows.filter((r) => dev.has(r.row)).map((r) => r.example),
  };
}

const readCsv = (file: string): Record<string, string>[] =>
  parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true, relax_quotes: true }) as Record<string, string>[];

function readCold(dir: string): Corpus {
  const read = (file: string) => readCsv(join(dir, 'cold', file)).map((r) => ({ text: r.TEXT ?? '', label: r.label === '1' ? 1 : 0 }) as Example);
  return {
    name: 'COLD',
    language: 'zh',
    mapping: 'label 1 offensive, 0 safe (COLD\'s own train/dev split)',
    train: read('train.csv'),
    dev: read('dev.csv'),
  };
}

function readDavidson(dir: string): Corpus {
  const rows = readCsv(join(dir, 'davidson', 'labeled_data.csv')).map((r, row) => ({
    row,
    stratum: r.class ?? '',
    example: { text: r.tweet ?? '', label: r.class === '2' ? 0 : 1 } as Example,
  }));
  return {
    name: 'Davidson',
    language: 'en',
    mapping: 'class 0 hate or 1 offensive → offensive, 2 neither → not; seeded 80/20 split stratified by class',
    ...seededSplit(rows),
  };
}

function readSwsr(dir: string): Corpus {
  const rows = readCsv(join(dir, 'swsr', 'SexComment.csv')).map((r, row) => ({
    row,
    stratum: r.label ?? '',
    example: { text: r.comment_text ?? '', label: r.label === '1' ? 1 : 0 } as Example,
  }));
  return {
    name: 'SWSR',
    language: 'zh',
    mapping: 'SexComment label 1 sexist → offensive, 0 → not; seeded 80/20 split stratified by label',
    ...seededSplit(rows),
  };
}

const READERS: Record<string, (dir: string) => Corpus> = { cold: readCold, davidson: readDavidson, swsr: readSwsr };

/** Every corpus whose folder is under `dir` (`cold/`, `davidson/`, `swsr/`), in that order. */
export function readCorpora(dir: string): Corpus[] {
  return Object.entries(READERS)
    .filter(([folder]) => existsSync(join(dir, folder)))
    .map(([, read]) => read(dir));
}
