export const EXAMPLE_SIDE: number;
export const EXAMPLE_DESCRIPTOR: Record<string, unknown> & { name: string; model: string };
export function exampleModel(): Uint8Array;
export function writeExampleClassifier(modelsDir: string): { model: string; description: string };
