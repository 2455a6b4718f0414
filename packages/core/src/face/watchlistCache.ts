import type { FaceLibrary, Watchlist } from './faceLibrary.js';

/** Tenants whose watchlists stay in memory; the least recently used go first. */
const MAX_CACHED = 10_000;

/**
 * Each tenant's watchlists, read once per version, as `TenantPolicies` does
 * for word lists. A job costs one GET of the version; a tenant that never had
 * a watchlist (version 0) costs nothing more, so image moderation runs no face
 * model for it.
 */
export class WatchlistCache {
  private readonly cache = new Map<string, { version: number; watchlists: Watchlist[] }>();

  constructor(private readonly library: FaceLibrary) {}

  async get(tenant: string): Promise<Watchlist[]> {
    const version = await this.library.watchVersion(tenant);
    if (version === 0) return [];
    const cached = this.cache.get(tenant);
    if (cached?.version === version) {
      this.cache.delete(tenant);
      this.cache.set(tenant, cached);
      return cached.watchlists;
    }
    const loaded = await this.library.watchlists(tenant);
    this.cache.delete(tenant);
    this.cache.set(tenant, loaded);
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    return loaded.watchlists;
  }
}
