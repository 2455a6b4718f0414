// The model manifest (models/manifest.json): the one list of model files, their checksums and sources.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './build.mjs';

export const MANIFEST_FILE = path.join(ROOT, 'models', 'manifest.json');

/** `{ name, bundled, description, files: [{ path, sha256|null, bytes?, url }] }[]` */
export function readManifest(file = MANIFEST_FILE) {
  return JSON.parse(fs.readFileSync(file, 'utf8')).models;
}

/** A file's sha256, streamed: the optional models run to hundreds of megabytes. */
export function sha256File(file) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    fs.createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Where each of a model's files is, searching the directories in order; `null` for one that is nowhere. */
export function locate(model, dirs) {
  return model.files.map((f) => {
    const dir = dirs.find((d) => fs.existsSync(path.join(d, f.path)));
    return { ...f, found: dir ? path.join(dir, f.path) : null };
  });
}

/**
 * The checksum each file must have: the manifest's, else the one the user gave with
 * `--sha256 HEX` (a model of one file) or `--sha256 FILE=HEX` (several).
 * Throws naming the flag when neither says.
 */
export function expectedChecksums(model, given) {
  return model.files.map((f) => {
    const base = path.basename(f.path);
    const named = given.find((g) => g.startsWith(`${base}=`));
    const sha256 = f.sha256 ?? (named ? named.slice(base.length + 1) : given.length === 1 && !given[0].includes('=') ? given[0] : undefined);
    if (!/^[0-9a-f]{64}$/.test(sha256 ?? '')) {
      const flag = model.files.length > 1 ? `--sha256 ${base}=<64 hex digits>` : '--sha256 <64 hex digits>';
      throw new UsageError(
        `${model.name}: no published sha256 is pinned for ${f.path}; run again with ${flag} of the file you verified${f.url ? ` (${f.url})` : ''}`,
      );
    }
    return { ...f, sha256 };
  });
}

/** A failure the user can fix, reported as one line without a stack trace. */
export class UsageError extends Error {}
