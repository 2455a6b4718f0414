export const NSFWJS_MODEL_JSON: string;
export interface Reference {
  classify(pixels: Buffer, height: number, width: number): Promise<number[]>;
  dispose(): void;
}
export function loadReference(modelJson?: string): Promise<Reference>;
export function loadReferenceFrom(source: { json: unknown; shards: Uint8Array[] }, size: number): Promise<Reference>;
