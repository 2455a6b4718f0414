import type { CollectionVectors } from '@crs/core';

export interface IndexHit {
  faceId: string;
  subjectId: string;
  /** Cosine similarity of the normalised vectors, −1 to 1. */
  cosine: number;
}

/**
 * Nearest faces of one collection. The exact index below suits collections
 * up to `MAX_FACES_PER_COLLECTION`; an approximate index (HNSW) fits behind the
 * same interface for larger ones.
 */
export interface FaceIndex {
  readonly size: number;
  search(query: Float32Array, k: number): IndexHit[];
}

/** Brute-force cosine over one contiguous matrix: 100k × 128 floats is 51 MB and ~13 M multiply-adds per query. */
export class ExactIndex implements FaceIndex {
  private readonly matrix: Float32Array;
  private readonly dim: number;

  constructor(private readonly data: Pick<CollectionVectors, 'faceIds' | 'subjectIds' | 'vectors'>) {
    this.dim = data.vectors[0]?.length ?? 0;
    this.matrix = new Float32Array(this.dim * data.vectors.length);
    data.vectors.forEach((v, i) => this.matrix.set(v, i * this.dim));
  }

  get size(): number {
    return this.data.faceIds.length;
  }

  search(query: Float32Array, k: number): IndexHit[] {
    const n = this.size;
    if (!n) return [];
    if (query.length !== this.dim) throw new Error(`query has ${query.length} dimensions, the index ${this.dim}`);
    // Keep the k best in a small sorted array: k is tiny next to n.
    const bestScore: number[] = [];
    const bestIndex: number[] = [];
    const { matrix, dim } = this;
    for (let i = 0; i < n; i++) {
      let dot = 0;
      const base = i * dim;
      for (let d = 0; d < dim; d++) dot += matrix[base + d]! * query[d]!;
      if (bestScore.length === k && dot <= bestScore[k - 1]!) continue;
      let at = bestScore.length;
      while (at > 0 && bestScore[at - 1]! < dot) at--;
      bestScore.splice(at, 0, dot);
      bestIndex.splice(at, 0, i);
      if (bestScore.length > k) {
        bestScore.pop();
        bestIndex.pop();
      }
    }
    return bestIndex.map((i, r) => ({ faceId: this.data.faceIds[i]!, subjectId: this.data.subjectIds[i]!, cosine: bestScore[r]! }));
  }
}
