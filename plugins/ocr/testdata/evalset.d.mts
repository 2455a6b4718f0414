export interface EvalCase {
  set: 'clean' | 'noisy' | 'textured';
  kind: 'zh' | 'en' | 'mixed';
  name: string;
  text: string;
  bytes: Buffer;
}
export function evaluationSet(): Promise<EvalCase[]>;
export function editDistance(a: string, b: string): number;
export function normalise(s: string): string;
