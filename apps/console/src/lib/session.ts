/** Who is signed in: a tenant by its API key, or an operator by the operator (or admin) token. */
export interface Session {
  kind: 'tenant' | 'operator';
  secret: string;
}

const KEY = 'crs-console-session';

// sessionStorage: the secret lives as long as the tab, never in a URL, a cookie or localStorage.
export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Session>;
    return (s.kind === 'tenant' || s.kind === 'operator') && typeof s.secret === 'string' && s.secret ? { kind: s.kind, secret: s.secret } : null;
  } catch {
    return null;
  }
}

export function saveSession(session: Session): void {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

/** API keys go as a bearer token; the operator pages take HTTP Basic with the token as the password. */
export function authorization(session: Session): string {
  if (session.kind === 'tenant') return `Bearer ${session.secret}`;
  const bytes = new TextEncoder().encode(`console:${session.secret}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}
