/** Where a caller reads a file a job made (`GET /v1/files/:id` with the caller's key). */
export function fileUrl(fileId: string): string {
  return `/v1/files/${fileId}`;
}
