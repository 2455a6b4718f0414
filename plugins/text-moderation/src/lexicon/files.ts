import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LexiconEntry } from './entry.js';
import { parseLexicon } from './parse.js';

/** The starter lexicons shipped with the plugin, one file per category. */
export const BUILT_IN_LEXICON_DIR = fileURLToPath(new URL('../../data/lexicons', import.meta.url));

const LEXICON_FILE = /\.(tsv|txt)$/;

export interface LexiconFile {
  /** File name without extension; hits name it as their `lexicon`. */
  name: string;
  file: string;
  /** Changes whenever the file is replaced or edited. */
  stamp: string;
}

/** Lexicon files of a directory, sorted by name; a missing directory has none. */
export async function listLexiconFiles(dir: string): Promise<LexiconFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const files: LexiconFile[] = [];
  for (const entry of names.filter((n) => LEXICON_FILE.test(n)).sort()) {
    const file = path.join(dir, entry);
    const s = await stat(file);
    if (s.isFile()) files.push({ name: entry.replace(LEXICON_FILE, ''), file, stamp: `${s.size}:${s.mtimeMs}` });
  }
  return files;
}

/**
 * The operator's files replace built-in files of the same name, and add to the
 * rest: dropping a `porn.tsv` into the lexicon directory swaps out the starter
 * porn list, `brand.tsv` adds a list.
 */
export function mergeLexiconFiles(builtIn: LexiconFile[], operator: LexiconFile[]): LexiconFile[] {
  const byName = new Map(builtIn.map((f) => [f.name, f]));
  for (const f of operator) byName.set(f.name, f);
  return [...byName.values()];
}

export async function readLexiconFiles(files: LexiconFile[]): Promise<LexiconEntry[]> {
  const all: LexiconEntry[] = [];
  for (const f of files) all.push(...parseLexicon(f.name, await readFile(f.file, 'utf8')));
  return all;
}
