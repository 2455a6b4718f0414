import { fileTypeFromBuffer } from 'file-type';
import { UnsupportedMediaError } from '../errors/index.js';
import { ACCEPTED_TYPES, ALL_ACCEPTED_TYPES, type MediaKind } from './kinds.js';

/**
 * The media type of `bytes`, judged from their content alone. With `kind`, the
 * type must be one that kind accepts; without it, any type the service accepts.
 */
export async function sniffMediaType(bytes: Uint8Array, kind?: MediaKind): Promise<string> {
  const found = await fileTypeFromBuffer(bytes);
  const accepted = kind ? ACCEPTED_TYPES[kind] : [...ALL_ACCEPTED_TYPES];
  if (!found || !accepted.includes(found.mime)) {
    const what = found ? `${found.mime} content` : 'content of no recognised media type';
    const wanted = kind ? `${kind}s (${accepted.join(', ')})` : 'images, video and audio';
    throw new UnsupportedMediaError(`the file holds ${what}; this accepts ${wanted}`, {
      details: { detected: found?.mime ?? null, ...(kind ? { kind } : {}) },
    });
  }
  return found.mime;
}

export function kindOfType(contentType: string): MediaKind | null {
  if (ACCEPTED_TYPES.image.includes(contentType)) return 'image';
  if (ACCEPTED_TYPES.video.includes(contentType)) return 'video';
  if (ACCEPTED_TYPES.audio.includes(contentType)) return 'audio';
  return null;
}
