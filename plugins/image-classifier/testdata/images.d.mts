export function testImages(): Promise<{ name: string; bytes: Buffer }[]>;
export function modelPixels(bytes: Buffer): Promise<Buffer>;
