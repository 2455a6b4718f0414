import { UnauthorizedError, type ApiKeyIdentity, type ApiKeyStore } from '@crs/core';

/** Who is calling, or why not, with the `WWW-Authenticate` challenge to send back. */
export type Authentication = { identity: ApiKeyIdentity } | { error: UnauthorizedError; challenge: string };

/** `Authorization: Bearer <key>` → the key's tenant and limits. */
export async function authenticate(apiKeys: ApiKeyStore, authorization: string | undefined): Promise<Authentication> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) return { error: new UnauthorizedError('send your API key as "Authorization: Bearer <key>"'), challenge: 'Bearer' };
  const identity = await apiKeys.resolve(match[1]!);
  if (!identity) return { error: new UnauthorizedError('the API key is not valid'), challenge: 'Bearer error="invalid_token"' };
  return { identity };
}
