import type { Category, ClassifierStore } from '@crs/core';
import { AbuseModel } from '../model/abuseModel.js';
import { decodeModel } from '../model/modelFile.js';

/** A tenant's ready classifier, loaded: its hits count under `category`. */
export interface TenantClassifier {
  name: string;
  category: Category;
  model: AbuseModel;
}

interface Loaded {
  version: number;
  classifiers: TenantClassifier[];
}

/** Tenants whose classifiers stay in memory; the least recently used go first. */
const MAX_CACHED = 200;

/**
 * Each tenant's ready classifiers, loaded once per version, as tenant
 * lexicons are (`tenantPolicies.ts`): a job costs one GET of the version, and
 * only a changed version (a classifier ready or deleted) reloads.
 */
export class TenantClassifiers {
  private readonly cache = new Map<string, Loaded>();
  private readonly loading = new Map<string, Promise<Loaded>>();

  constructor(private readonly store: ClassifierStore) {}

  async get(tenant: string): Promise<TenantClassifier[]> {
    const version = await this.store.version(tenant);
    const cached = this.cache.get(tenant);
    if (cached && cached.version === version) {
      this.cache.delete(tenant);
      this.cache.set(tenant, cached);
      return cached.classifiers;
    }
    if (version === 0) return [];
    let pending = this.loading.get(tenant);
    if (!pending) {
      pending = this.load(tenant).finally(() => this.loading.delete(tenant));
      this.loading.set(tenant, pending);
    }
    return (await pending).classifiers;
  }

  private async load(tenant: string): Promise<Loaded> {
    const { version, classifiers } = await this.store.ready(tenant);
    const loaded: Loaded = {
      version,
      classifiers: classifiers.map(({ record, weights }) => ({ name: record.name, category: record.category, model: new AbuseModel(decodeModel(weights)) })),
    };
    this.cache.delete(tenant);
    this.cache.set(tenant, loaded);
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    return loaded;
  }

  clear(): void {
    this.cache.clear();
  }
}
