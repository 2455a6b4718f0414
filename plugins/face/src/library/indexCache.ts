import type { FaceLibrary } from '@crs/core';
import { ExactIndex, type FaceIndex } from './faceIndex.js';

interface Entry {
  version: number;
  model: string | null;
  index: FaceIndex;
  usedAt: number;
}

/**
 * Each worker keeps the collections it searched in memory and reloads one only
 * when its version in Redis has moved (any add or delete bumps it), so a
 * search costs one GET plus the scan. Least recently used collections are
 * dropped past `maxFaces` vectors in all.
 */
export class IndexCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly library: FaceLibrary,
    private readonly maxFaces = 1_000_000,
  ) {}

  async get(tenant: string, collection: string): Promise<{ index: FaceIndex; model: string | null }> {
    const key = `${tenant}\u0000${collection}`;
    const cached = this.entries.get(key);
    if (cached && cached.version === (await this.library.version(tenant, collection))) {
      cached.usedAt = Date.now();
      return cached;
    }
    const loaded = await this.library.vectors(tenant, collection);
    const entry: Entry = { version: loaded.version, model: loaded.model, index: new ExactIndex(loaded), usedAt: Date.now() };
    this.entries.set(key, entry);
    this.evict();
    return entry;
  }

  private evict(): void {
    let total = [...this.entries.values()].reduce((n, e) => n + e.index.size, 0);
    const byAge = [...this.entries.entries()].sort((a, b) => a[1].usedAt - b[1].usedAt);
    for (const [key, entry] of byAge) {
      if (total <= this.maxFaces || this.entries.size === 1) break;
      this.entries.delete(key);
      total -= entry.index.size;
    }
  }
}
