import { useState } from 'preact/hooks';
import { call, describeError } from '../lib/api';
import type { Session } from '../lib/session';

/** Checks the secret against the service before keeping it: a wrong one is said at once, not on the first page. */
export function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }) {
  const [kind, setKind] = useState<Session['kind']>('tenant');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = (e: Event) => {
    e.preventDefault();
    const session: Session = { kind, secret: secret.trim() };
    if (!session.secret) {
      setError(kind === 'tenant' ? 'Enter your API key.' : 'Enter the operator token.');
      return;
    }
    setBusy(true);
    setError('');
    call(session, 'GET', kind === 'tenant' ? '/v1/lexicons?limit=1' : '/ops/dashboard?hours=1')
      .then(() => onSignedIn(session))
      .catch((err: unknown) => setError(`Sign-in failed: ${describeError(err)}`))
      .finally(() => setBusy(false));
  };
  return (
    <main id="main" class="signin">
      <h1>CRS console</h1>
      <form onSubmit={submit} aria-describedby="signin-help">
        <fieldset>
          <legend>Sign in as</legend>
          <label class="check">
            <input type="radio" name="kind" value="tenant" checked={kind === 'tenant'} onChange={() => setKind('tenant')} /> Tenant (API key)
          </label>
          <label class="check">
            <input type="radio" name="kind" value="operator" checked={kind === 'operator'} onChange={() => setKind('operator')} /> Operator (operator token)
          </label>
        </fieldset>
        <label for="secret">{kind === 'tenant' ? 'API key' : 'Operator token'}</label>
        <input id="secret" type="password" autocomplete="off" value={secret} onInput={(e) => setSecret(e.currentTarget.value)} required />
        <p id="signin-help" class="muted">
          Kept in this tab only (session storage) and sent as a header; closing the tab signs you out.
        </p>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        {error && (
          <p role="alert" class="error" data-testid="signin-error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
