import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_DRAIN_MS } from '@crs/api';
import { loadConfig } from '@crs/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHART_DIR } from './helpers/helm.js';

/**
 * The image cannot be built on the test machine (no Docker daemon), so these tests read the
 * Dockerfile and the compose file for what a build on amd64 and arm64 depends on.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface Instruction {
  stage: number;
  op: string;
  args: string;
}
/** The Dockerfile's instructions (continuation lines joined, comments dropped), each with its stage. */
function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  let stage = -1;
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    pending += `${line.replace(/\\$/, '').trim()} `;
    if (line.endsWith('\\')) continue;
    const [op, ...rest] = pending.trim().split(/\s+/);
    if (op!.toUpperCase() === 'FROM') stage++;
    out.push({ stage, op: op!.toUpperCase(), args: rest.join(' ') });
    pending = '';
  }
  return out;
}

/** A compose duration (`70s`, `1m30s`, `500ms`) in milliseconds. */
function durationMs(value: string): number {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1, us: 0.001 };
  let total = 0;
  const rest = value.replace(/(\d+(?:\.\d+)?)(ms|us|h|m|s)/g, (_, n: string, unit: string) => {
    total += Number(n) * units[unit]!;
    return '';
  });
  if (rest) throw new Error(`not a duration: ${value}`);
  return total;
}

describe('Dockerfile', () => {
  const dockerfile = instructions(read('Dockerfile'));
  const last = Math.max(...dockerfile.map((i) => i.stage));

  it('names no architecture: no platform pins, no per-architecture packages or paths', () => {
    for (const { op, args } of dockerfile) {
      expect(`${op} ${args}`).not.toMatch(/x64|x86_64|amd64|arm64|aarch64|--platform/i);
    }
    for (const { args } of dockerfile.filter((i) => i.op === 'FROM')) expect(args).toMatch(/^node:20-bookworm-slim\b/); // a multi-arch official image
    // The host's node_modules and dist (built for the host's architecture) never enter the build.
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim());
    for (const entry of ['**/node_modules', '**/dist']) expect(ignored).toContain(entry);
  });

  it('the lockfile has an arm64 build beside every amd64 one, and onnxruntime-node carries both', () => {
    interface Locked {
      cpu?: string[];
      os?: string[];
      libc?: string[];
      optionalDependencies?: Record<string, string>;
    }
    const locked = (JSON.parse(read('package-lock.json')) as { packages: Record<string, Locked> }).packages;
    const glibcLinux = (p: Locked, cpu: string) => !!p.cpu?.includes(cpu) && !!p.os?.includes('linux') && !p.libc?.includes('musl');
    const amd64 = Object.entries(locked).filter(([, p]) => glibcLinux(p, 'x64'));
    expect(amd64.length).toBeGreaterThan(5);
    for (const [where] of amd64) {
      const name = where.replace(/^.*node_modules\//, '');
      // The package that pulls this platform build in as an optional dependency pulls in its arm64 sibling
      // too (a platform build's own platform dependencies, as sharp-linux-x64's libvips, follow it).
      const parents = Object.entries(locked).filter(([, p]) => p.optionalDependencies && name in p.optionalDependencies && !p.cpu);
      expect(parents.length, name).toBeGreaterThan(0);
      for (const [parent, p] of parents) {
        const arm = Object.keys(p.optionalDependencies!).filter((dep) => {
          const entry = locked[`node_modules/${dep}`] ?? locked[`${parent}/node_modules/${dep}`];
          return entry !== undefined && glibcLinux(entry, 'arm64');
        });
        expect(arm, `${parent || 'the root'} has ${name} but no linux-arm64 counterpart`).not.toEqual([]);
      }
    }
    const ort = path.join(ROOT, 'node_modules/onnxruntime-node/bin/napi-v6/linux');
    for (const arch of ['x64', 'arm64']) expect(existsSync(path.join(ort, arch, 'onnxruntime_binding.node')), arch).toBe(true);
  });

  it('uses the system ffmpeg and leaves the npm-packaged static builds out', () => {
    const runtimeRuns = dockerfile.filter((i) => i.stage === last && i.op === 'RUN').map((i) => i.args).join('\n');
    expect(runtimeRuns).toMatch(/apt-get install -y --no-install-recommends ffmpeg/);
    const buildRuns = dockerfile.filter((i) => i.op === 'RUN').map((i) => i.args).join('\n');
    expect(buildRuns).toMatch(/rm -rf node_modules\/@ffmpeg-installer node_modules\/@ffprobe-installer/);
    expect(dockerfile.some((i) => i.op === 'ENV' && /FFMPEG_PATH|FFPROBE_PATH/.test(i.args))).toBe(false);
  });

  it('copies every workspace the lockfile names (npm ci needs them) and the operator scripts keys, models and ops', () => {
    const copied = dockerfile.filter((i) => i.op === 'COPY' && !i.args.startsWith('--from')).map((i) => i.args.split(/\s+/)[0]!);
    const workspaces = (JSON.parse(read('package.json')) as { workspaces: string[] }).workspaces;
    for (const ws of workspaces) {
      const dir = ws.replace(/\/\*$/, '');
      expect(copied.some((src) => src === dir || src.startsWith(`${dir}/`)), `workspace ${ws}`).toBe(true);
    }
    expect(copied).toContain('scripts');
    for (const script of ['keys', 'models', 'ops']) {
      expect(existsSync(path.join(ROOT, 'scripts', `${script}.mjs`))).toBe(true);
      expect((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts[script]).toBe(`node scripts/${script}.mjs`);
    }
    expect(dockerfile.filter((i) => i.stage === last && i.op === 'COPY').map((i) => i.args)).toContain('--from=build /app /app');
  });

  it('runs as the non-root user the chart expects', () => {
    const users = dockerfile.filter((i) => i.stage === last && i.op === 'USER').map((i) => i.args);
    expect(users.at(-1)).toBe('node'); // uid 1000 in the node images
    const values = parse(readFileSync(path.join(CHART_DIR, 'values.yaml'), 'utf8')) as { podSecurityContext: { runAsUser: number } };
    expect(values.podSecurityContext.runAsUser).toBe(1000);
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml')) as { services: Record<string, { stop_grace_period?: string; command?: string[]; healthcheck?: { test: string[] } }> };

  it('gives the API a stop grace period as long as its drain, and the worker one longer than its shutdown timeout', () => {
    const api = compose.services.api!;
    expect(api.command).toEqual(['node', 'apps/api/dist/main.js']);
    expect(durationMs(api.stop_grace_period!)).toBeGreaterThanOrEqual(API_DRAIN_MS);
    expect(api.healthcheck!.test.join(' ')).toContain('/readyz');
    const worker = compose.services.worker!;
    expect(durationMs(worker.stop_grace_period!)).toBeGreaterThan(loadConfig({}).worker.shutdownTimeoutMs);
  });

  it('reads durations the way compose does', () => {
    expect(durationMs('70s')).toBe(70_000);
    expect(durationMs('1m30s')).toBe(90_000);
    expect(() => durationMs('70 seconds')).toThrow(/not a duration/);
  });
});
