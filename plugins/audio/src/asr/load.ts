import { ModelNotInstalledError, type Config, type Logger, type TaskOutput } from '@crs/core';
import type { AsrEngine } from './engine.js';
import { loadPocketsphinxEngine } from './pocketsphinx.js';
import { loadSherpaEngine } from './sherpa.js';

export type AsrReport = TaskOutput<'audio.moderate'>['asr'];

export type LoadedAsr = { engine: AsrEngine; unavailable: null } | { engine: null; unavailable: AsrReport };

const unavailable = (message: string): LoadedAsr => ({ engine: null, unavailable: { status: 'unavailable', code: 'asr_unavailable', message } });

/**
 * The engine `ASR_ENGINE` asks for. A missing model is not a crash: the worker
 * serves voice detection and says in every result why the words were not checked.
 * `auto` never falls back to pocketsphinx, which knows English only and would
 * turn Chinese speech into confident nonsense.
 */
export async function loadAsr(config: Pick<Config, 'modelsDir' | 'modelsExtraDirs' | 'asr'>, logger: Logger): Promise<LoadedAsr> {
  const wanted = config.asr.engine;
  if (wanted === 'none') return unavailable('speech to text is switched off on this worker (ASR_ENGINE=none); speech segments are listed for review, their words were not checked');
  try {
    const engine = wanted === 'pocketsphinx' ? loadPocketsphinxEngine(config) : await loadSherpaEngine(config);
    logger.info({ engine: engine.name }, 'speech-to-text engine loaded');
    return { engine, unavailable: null };
  } catch (err) {
    if (err instanceof ModelNotInstalledError) {
      logger.warn({ engine: wanted }, `speech to text unavailable: ${err.message}`);
      // The result goes to callers: the install hint, never the server paths the log has.
      const install = err.details?.fetch ?? err.details?.install;
      const hint = typeof install === 'string' ? `; an operator can install it with: ${install}` : '';
      return unavailable(`no speech-to-text engine is installed on this worker${hint}; speech segments are listed for review, their words were not checked`);
    }
    // A damaged or foreign model file: the worker still serves voice detection and every other task.
    logger.error({ engine: wanted, err }, 'speech-to-text model could not be loaded');
    return unavailable(`the speech-to-text model could not be loaded; replace it (npm run models -- fetch ${config.asr.model}); speech segments are listed for review, their words were not checked`);
  }
}
