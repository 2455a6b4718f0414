import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobDraft, BlobInfo, BlobStore, ByteRange } from './blobStore.js';
import { measure } from './measure.js';

/*
 * Layout: <dir>/t_<tenant>/<id> holds the bytes and <id>.json the description.
 * The `t_` prefix keeps a tenant named "." or ".." from naming a parent
 * directory; ids are checked against FILE_ID_PATTERN before they get here.
 */
const META = '.json';

function isMissing(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

export class FsBlobStore implements BlobStore {
  readonly kind = 'fs' as const;

  constructor(private readonly dir: string) {}

  private paths(tenant: string, id: string) {
    const tenantDir = path.join(this.dir, `t_${tenant}`);
    return { tenantDir, data: path.join(tenantDir, id), meta: path.join(tenantDir, id + META) };
  }

  private async writeAtomically(file: string, content: Uint8Array | string): Promise<void> {
    const tmp = `${file}.${randomUUID()}.tmp`;
    await fs.writeFile(tmp, content, { mode: 0o600 });
    await fs.rename(tmp, file);
  }

  async put(info: BlobInfo, bytes: Uint8Array): Promise<void> {
    const p = this.paths(info.tenant, info.id);
    await fs.mkdir(p.tenantDir, { recursive: true, mode: 0o700 });
    // Bytes first: a description on disk always has its bytes beside it.
    await this.writeAtomically(p.data, bytes);
    await this.writeAtomically(p.meta, JSON.stringify(info));
  }

  async putStream(draft: BlobDraft, body: Readable): Promise<BlobInfo> {
    const p = this.paths(draft.tenant, draft.id);
    await fs.mkdir(p.tenantDir, { recursive: true, mode: 0o700 });
    const tmp = `${p.data}.${randomUUID()}.tmp`;
    const meter = measure();
    try {
      await pipeline(body, meter, createWriteStream(tmp, { mode: 0o600 }));
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
    const info: BlobInfo = { ...draft, size: meter.bytes, sha256: meter.sha256() };
    await fs.rename(tmp, p.data);
    await this.writeAtomically(p.meta, JSON.stringify(info));
    return info;
  }

  async head(tenant: string, id: string): Promise<BlobInfo | null> {
    try {
      const info = JSON.parse(await fs.readFile(this.paths(tenant, id).meta, 'utf8')) as BlobInfo;
      return info.tenant === tenant ? info : null;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async get(tenant: string, id: string): Promise<{ info: BlobInfo; bytes: Buffer } | null> {
    const info = await this.head(tenant, id);
    if (!info) return null;
    try {
      return { info, bytes: await fs.readFile(this.paths(tenant, id).data) };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async getStream(tenant: string, id: string, range?: ByteRange): Promise<{ info: BlobInfo; body: Readable } | null> {
    const info = await this.head(tenant, id);
    if (!info) return null;
    try {
      // Opened before returning, so a blob deleted meanwhile answers null rather than a failing stream.
      const handle = await fs.open(this.paths(tenant, id).data, 'r');
      return { info, body: handle.createReadStream(range ? { start: range.start, ...(range.end !== undefined ? { end: range.end } : {}) } : {}) };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async localPath(tenant: string, id: string): Promise<string | null> {
    return (await this.head(tenant, id)) ? this.paths(tenant, id).data : null;
  }

  async delete(tenant: string, id: string): Promise<boolean> {
    const p = this.paths(tenant, id);
    // Description first, so a half-finished delete leaves bytes nobody can name, which the sweep removes.
    const results = await Promise.allSettled([fs.unlink(p.meta)]);
    await fs.rm(p.data, { force: true });
    return results[0]!.status === 'fulfilled';
  }

  async sweep(cutoff: number): Promise<number> {
    let removed = 0;
    let tenants: string[];
    try {
      tenants = (await fs.readdir(this.dir)).filter((d) => d.startsWith('t_'));
    } catch (err) {
      if (isMissing(err)) return 0;
      throw err;
    }
    for (const t of tenants) {
      const tenantDir = path.join(this.dir, t);
      for (const name of await fs.readdir(tenantDir).catch(() => [] as string[])) {
        // Judged by modification time, so orphaned bytes and stale temporary files go too.
        const file = path.join(tenantDir, name);
        const stat = await fs.stat(file).catch(() => null);
        if (stat && stat.mtimeMs < cutoff) {
          await fs.rm(file, { force: true });
          if (!name.endsWith(META) && !name.endsWith('.tmp')) removed++;
        }
      }
    }
    return removed;
  }

  async close(): Promise<void> {}
}
