import { useState } from 'preact/hooks';
import { describeError } from '../lib/api';
import { addTerm } from '../lib/lexicons';
import { useSession } from '../lib/sessionContext';
import type { Hit } from '../lib/types';

/** Turns a hit into list entries of the tenant: deny (always flag it) or allow (never flag it). */
export function AddTermButtons({ hit }: { hit: Hit }) {
  const session = useSession();
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const add = (kind: 'deny' | 'allow') => {
    setBusy(true);
    addTerm(session, kind, hit.category, hit.word)
      .then((name) => setMessage(`“${hit.word}” added to “${name}”.`))
      .catch((err: unknown) => setMessage(`Could not add it: ${describeError(err)}`))
      .finally(() => setBusy(false));
  };
  return (
    <div class="add-term">
      <button type="button" disabled={busy} onClick={() => add('deny')}>
        Add “{hit.word}” to deny list
      </button>
      <button type="button" disabled={busy} onClick={() => add('allow')}>
        Add “{hit.word}” to allow list
      </button>
      {message && <span data-testid="add-term-message">{message}</span>}
    </div>
  );
}
