export const NSFWJS_MODEL_JSON: string;
export function loadReference(modelJson?: string): Promise<{
  classify(pixels: Buffer, height: number, width: number): Promise<number[]>;
  dispose(): void;
}>;
