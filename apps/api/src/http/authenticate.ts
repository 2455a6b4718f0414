import { UnauthorizedError, type ApiKeyIdentity, type ApiKeyStore } from '@crs/core';

/** Who is calling, or why not, with the `WWW-Authenticate` challenge to send back. */
export type Authentication =
  | { identity: ApiKeyIdentity }
  /** `presented`: a key was sent and is wrong (a guess), as opposed to no key at all. */
  | { error: UnauthorizedError; challenge: string; presented: boolean };

/** `Authorization: Bearer <key>` → the key's tenant and limits. */
export async function authenticate(apiKeys: ApiKeyStore, authorization: string | undefined): Promise<Authentication> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return { error: new UnauthorizedError('send your API key as "Authorization: Bearer <key>"'), challenge: 'Bearer', presented: false };
  const identity = await apiKeys.resolve(match[1]!);
  if (!identity) return { error: new UnauthorizedError('the API key is not valid'), challenge: 'Bearer error="invalid_token"', presented: true };
  return { identity };
}
