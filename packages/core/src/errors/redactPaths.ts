/*
 * An absolute filesystem path starts after a boundary (start, space, quote, bracket,
 * `=`, `,`, `;`, `:`) and has at least two segments, so "image/png", "1/2" and a URL's
 * "//host/x" (the slash follows a slash) are left alone. The API's own routes (`/v1/…`)
 * are not server paths and stay readable.
 */
const BOUNDARY = String.raw`(?<=^|[\s'"\x60(\[{<=,;:])`;
const SEGMENT = String.raw`[\w.@+~%-]+`;
const POSIX_PATH = new RegExp(String.raw`${BOUNDARY}/(?!v1/)${SEGMENT}(?:/${SEGMENT})+/?`, 'g');
const WINDOWS_PATH = new RegExp(String.raw`${BOUNDARY}[A-Za-z]:\\[^\s'"\x60)\]}>,;]*`, 'g');

export const REDACTED_PATH = '[path]';

/**
 * A message with every absolute filesystem path replaced by `[path]`: the last guard
 * before a message leaves the service, for errors whose text came from a tool, a
 * library or the filesystem. `keep` lists strings the caller sent (its own request
 * path, say), which are echoed as they are.
 */
export function redactPaths(message: string, keep: readonly string[] = []): string {
  const redact = (found: string) => (keep.some((k) => k.startsWith(found)) ? found : REDACTED_PATH);
  return message.replace(POSIX_PATH, redact).replace(WINDOWS_PATH, redact);
}
