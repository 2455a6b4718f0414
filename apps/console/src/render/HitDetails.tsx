import type { Hit } from '../lib/types';
import { AddTermButtons } from './AddTermButtons';

/** What a person needs to judge one hit: the word, where it came from and what evasion was undone. */
export function HitDetails({ hit, canEditLists }: { hit: Hit | null; canEditLists: boolean }) {
  return (
    <div class="hit-details" role="status" aria-live="polite" data-testid="hit-details">
      {hit ? (
        <dl>
          <dt>Word</dt>
          <dd data-testid="hit-word">{hit.word}</dd>
          {hit.matched !== undefined && hit.matched !== hit.word && (
            <>
              <dt>As written</dt>
              <dd>{hit.matched}</dd>
            </>
          )}
          <dt>Category</dt>
          <dd>{hit.category}</dd>
          <dt>{hit.source === 'model' ? 'Model' : hit.source === 'detector' ? 'Detector' : 'Lexicon'}</dt>
          <dd data-testid="hit-source">
            {hit.lexicon}
            {hit.source && hit.source !== 'lexicon' ? ` (${hit.source})` : ''}
            {hit.score !== undefined ? `, score ${hit.score.toFixed(2)}` : ''}
          </dd>
          <dt>Evasion undone</dt>
          <dd data-testid="hit-evasion">{hit.evasion?.length ? hit.evasion.join(', ') : 'none (matched as written)'}</dd>
          {canEditLists && hit.source !== 'model' && hit.source !== 'detector' && (
            <dd class="hit-actions">
              <AddTermButtons hit={hit} />
            </dd>
          )}
        </dl>
      ) : (
        <p class="muted">Hover or focus a highlighted word to see why it was flagged.</p>
      )}
    </div>
  );
}
