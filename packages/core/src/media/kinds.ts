import { z } from 'zod';

export const MEDIA_KINDS = ['image', 'video', 'audio'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/**
 * Media types each kind accepts, as sniffed from the bytes. Anything else is
 * `unsupported_media`, whatever the client's Content-Type or file name says.
 */
const VIDEO_TYPES = [
  'video/mp4',
  'video/x-m4v',
  'video/quicktime',
  'video/webm',
  'video/matroska',
  'video/vnd.avi',
  'video/x-flv',
  'video/mpeg',
  'video/mp2t',
  'video/3gpp',
  'video/3gpp2',
  'video/ogg',
  'video/x-ms-asf',
];

export const ACCEPTED_TYPES: Record<MediaKind, readonly string[]> = {
  image: ['image/jpeg', 'image/png', 'image/apng', 'image/webp', 'image/gif', 'image/bmp', 'image/tiff', 'image/avif', 'image/heic', 'image/heif'],
  video: VIDEO_TYPES,
  // Audio moderation also takes the audio track of a video.
  audio: [
    'audio/mpeg',
    'audio/wav',
    'audio/aac',
    'audio/x-m4a',
    'audio/mp4',
    'audio/amr',
    'audio/ogg',
    'audio/ogg; codecs=opus',
    'audio/flac',
    'audio/aiff',
    'audio/x-ms-asf',
    ...VIDEO_TYPES,
  ],
};

/** Every type any kind accepts: what `POST /v1/files` lets in. */
export const ALL_ACCEPTED_TYPES = new Set(Object.values(ACCEPTED_TYPES).flat());

/** Ids the service gives files; checked on input so an id can never name a path. */
export const FILE_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A media input: exactly one of a file uploaded earlier, a URL the service
 * fetches, or the bytes themselves in base64 (a data URL is accepted too).
 * The API turns `url` and `base64` into a stored file, so workers only ever see `fileId`.
 */
export const mediaRefSchema = z.union([
  z.strictObject({ fileId: z.string().regex(FILE_ID_PATTERN, 'fileId must be an id returned by POST /v1/files') }),
  z.strictObject({ url: z.string().min(1).max(4096) }),
  z.strictObject({ base64: z.string().min(1) }),
]).meta({ description: 'Exactly one of fileId (from POST /v1/files), url or base64 (data URLs accepted)' });
export type MediaRef = z.infer<typeof mediaRefSchema>;

/** Describes a stored file; returned by `POST /v1/files`. */
export const storedFileSchema = z.object({
  id: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  sha256: z.string(),
  createdAt: z.string(),
});
export type StoredFileView = z.infer<typeof storedFileSchema>;
