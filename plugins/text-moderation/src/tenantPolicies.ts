import { combinationParts, type TextPolicySnapshot, type TextPolicyStore, type Thresholds } from '@crs/core';
import { compileLexiconInSlices, type CompileOptions, type Matcher } from './lexicon/compile.js';
import { withParts, type LexiconEntry } from './lexicon/entry.js';

export interface TenantPolicy {
  version: number;
  matcher: Matcher | null;
  thresholds: Thresholds;
}

/** Tenants whose compiled lists stay in memory; the least recently used go first. */
const MAX_CACHED = 1_000;

/** A tenant's lists as lexicon entries; `&` joins a combination's parts only in a list created with `combinations`. */
export function tenantEntries(snapshot: TextPolicySnapshot): LexiconEntry[] {
  return snapshot.lexicons.flatMap(({ lexicon, terms }) =>
    terms.map((word) =>
      withParts(
        { word, category: lexicon.category, weight: lexicon.weight, lexicon: `tenant:${lexicon.name}`, kind: lexicon.kind },
        lexicon.combinations ? combinationParts(word) : null,
      ),
    ),
  );
}

/**
 * Each tenant's lists compiled once per version. A job costs one GET of the
 * version; only a changed version reloads, and concurrent jobs of one tenant
 * share the load.
 */
export class TenantPolicies {
  private readonly cache = new Map<string, TenantPolicy>();
  private readonly loading = new Map<string, Promise<TenantPolicy>>();

  constructor(
    private readonly store: TextPolicyStore,
    private readonly options: CompileOptions,
  ) {}

  async get(tenant: string): Promise<TenantPolicy> {
    const version = await this.store.version(tenant);
    const cached = this.cache.get(tenant);
    if (cached && cached.version === version) {
      this.cache.delete(tenant);
      this.cache.set(tenant, cached);
      return cached;
    }
    if (version === 0) return { version, matcher: null, thresholds: {} };
    let pending = this.loading.get(tenant);
    if (!pending) {
      pending = this.load(tenant).finally(() => this.loading.delete(tenant));
      this.loading.set(tenant, pending);
    }
    return pending;
  }

  private async load(tenant: string): Promise<TenantPolicy> {
    const snapshot = await this.store.snapshot(tenant);
    const entries = tenantEntries(snapshot);
    const policy: TenantPolicy = {
      version: snapshot.version,
      matcher: entries.length ? await compileLexiconInSlices(entries, this.options) : null,
      thresholds: snapshot.thresholds,
    };
    this.cache.delete(tenant);
    this.cache.set(tenant, policy);
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    return policy;
  }

  clear(): void {
    this.cache.clear();
  }
}
