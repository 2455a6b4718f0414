import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findOnPath, ModelNotInstalledError, runTool, type Config } from '@crs/core';
import { toInt16 } from '../pcm.js';
import type { AsrEngine } from './engine.js';

const BINARY = 'pocketsphinx_batch';
const INSTALL = 'apt-get install pocketsphinx pocketsphinx-en-us';

/** `words (utt-id score)` per line of pocketsphinx's hypothesis file. */
export function parseHypotheses(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^(.*?)\s*\((\S+)\s+-?\d+\)\s*$/.exec(line);
    if (m) out.set(m[2]!, m[1]!.trim());
  }
  return out;
}

/**
 * CMU PocketSphinx from the distribution's packages, with its US English model:
 * English only and far less accurate than the sherpa-onnx models, but it runs
 * offline on any Debian machine. Every span of a call is decoded by one
 * `pocketsphinx_batch` process (one model load), each as its own utterance.
 */
export function loadPocketsphinxEngine(config: Pick<Config, 'asr'>): AsrEngine {
  const binary = findOnPath(BINARY);
  const dir = config.asr.pocketsphinxModelDir;
  const hmm = path.join(dir, 'en-us');
  const lm = path.join(dir, 'en-us.lm.bin');
  const dict = path.join(dir, 'cmudict-en-us.dict');
  if (!binary || ![hmm, lm, dict].every((f) => fs.existsSync(f))) {
    throw new ModelNotInstalledError(`pocketsphinx or its English model is not installed (${BINARY} on PATH, ${dir}); run: ${INSTALL}`, {
      details: { engine: 'pocketsphinx', install: INSTALL },
    });
  }
  return {
    name: 'pocketsphinx/en-us',
    async transcribe(pcm, spans, signal) {
      if (!spans.length) return [];
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'crs-sphinx-'));
      try {
        // Only the stretch these spans cover is written: a call is one batch of a long recording, not all of it.
        const first = Math.floor(Math.min(...spans.map((s) => s.startMs)) / 10);
        const last = Math.ceil(Math.max(...spans.map((s) => s.endMs)) / 10);
        fs.writeFileSync(path.join(work, 'utt.raw'), toInt16(pcm.subarray(first * 160, Math.min(pcm.length, last * 160))));
        // Frames are 10 ms (160 samples), counted from `first`; each span is one utterance of the same file.
        const ctl = spans.map((s, i) => {
          const start = Math.floor(s.startMs / 10) - first;
          return `utt ${start} ${Math.max(start + 1, Math.ceil(s.endMs / 10) - first)} s${i}`;
        });
        fs.writeFileSync(path.join(work, 'spans.ctl'), `${ctl.join('\n')}\n`);
        const hyp = path.join(work, 'out.hyp');
        const speechMs = spans.reduce((sum, s) => sum + s.endMs - s.startMs, 0);
        await runTool(
          binary,
          ['-adcin', 'yes', '-cepdir', work, '-cepext', '.raw', '-samprate', '16000', '-ctl', path.join(work, 'spans.ctl'), '-hyp', hyp, '-hmm', hmm, '-lm', lm, '-dict', dict, '-logfn', '/dev/null'],
          { timeoutMs: 30_000 + 3 * speechMs, signal },
        );
        const found = parseHypotheses(fs.readFileSync(hyp, 'utf8'));
        return spans.map((_, i) => found.get(`s${i}`) ?? '');
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
    },
    async close() {
      // Nothing stays loaded between calls.
    },
  };
}
