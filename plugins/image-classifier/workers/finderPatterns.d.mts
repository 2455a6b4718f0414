export function luminance(rgb: Uint8Array, width: number, height: number): Uint8Array;
export function suspectQrRegions(gray: Uint8Array, width: number, height: number): { x: number; y: number; width: number; height: number; module: number }[];
