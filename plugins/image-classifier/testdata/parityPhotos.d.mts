export function parityPhotos(): Promise<{ name: string; bytes: Buffer }[]>;
