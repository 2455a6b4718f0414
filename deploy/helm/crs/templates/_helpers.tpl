{{/* Names and labels. */}}
{{- define "crs.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "crs.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "crs.selectorLabels" -}}
app.kubernetes.io/name: {{ include "crs.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "crs.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "crs.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "crs.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "crs.secretName" -}}
{{- default (include "crs.fullname" .) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* The job catalog's tasks (queue, timeoutMs, concurrency), generated from packages/core. */}}
{{- define "crs.tasks" -}}
{{- .Files.Get "files/tasks.json" -}}
{{- end -}}

{{/*
A worker pool's figures, derived from the catalog: its longest job timeout, the shutdown grace that
follows from it, and the jobs one pod runs at once. Call with (dict "root" $ "name" $name "pool" $pool);
returns JSON.
*/}}
{{- define "crs.poolFigures" -}}
{{- $tasks := include "crs.tasks" .root | fromJson -}}
{{- $pool := .pool -}}
{{- if not $pool.tasks -}}
{{- fail (printf "workers.pools.%s.tasks is empty: list the tasks this pool runs (known: %s)" .name (keys $tasks | sortAlpha | join ", ")) -}}
{{- end -}}
{{- $maxTimeoutMs := 0 -}}
{{- $capacity := 0 -}}
{{- $overrides := default dict $pool.concurrency -}}
{{- range $task := $pool.tasks -}}
{{- $def := get $tasks $task -}}
{{- if not $def -}}
{{- fail (printf "workers.pools.%s.tasks names unknown task %q (known: %s)" $.name $task (keys $tasks | sortAlpha | join ", ")) -}}
{{- end -}}
{{- $maxTimeoutMs = max $maxTimeoutMs (int64 $def.timeoutMs) -}}
{{- $capacity = add $capacity (int64 (default $def.concurrency (get $overrides $task))) -}}
{{- end -}}
{{- $drainSeconds := int64 (default .root.Values.workers.drainSeconds $pool.drainSeconds) -}}
{{- $shutdownMs := add $maxTimeoutMs (mul $drainSeconds 1000) -}}
{{- $queues := list -}}
{{- range $task := $pool.tasks -}}
{{- $queues = append $queues (get (get $tasks $task) "queue") -}}
{{- end -}}
{{- dict "maxTimeoutMs" $maxTimeoutMs "shutdownMs" $shutdownMs "graceSeconds" (add (div $shutdownMs 1000) 10) "capacity" $capacity "queues" $queues | toJson -}}
{{- end -}}

{{/* Checks of values that would give a release that cannot work. */}}
{{- define "crs.validate" -}}
{{- if and .Values.redis.sentinels .Values.redis.clusterNodes -}}
{{- fail "redis.sentinels and redis.clusterNodes cannot both be set" -}}
{{- end -}}
{{- if and .Values.redis.clusterNodes (not (regexMatch "\\{[^}]+\\}" .Values.redis.prefix)) -}}
{{- fail "redis.clusterNodes needs a hash tag in redis.prefix, such as {crs}" -}}
{{- end -}}
{{- if regexMatch "^rediss?://[^/@]*:[^/@]*@" .Values.redis.url -}}
{{- fail "redis.url holds a password: put it in secrets.redisPassword (or REDIS_PASSWORD of secrets.existingSecret)" -}}
{{- end -}}
{{- if and (eq .Values.blobStore.type "s3") (not .Values.blobStore.s3.bucket) -}}
{{- fail "blobStore.s3.bucket is required with blobStore.type=s3" -}}
{{- end -}}
{{- if and (eq .Values.blobStore.type "fs") (not .Values.blobStore.fs.existingClaim) -}}
{{- fail "blobStore.type=fs needs blobStore.fs.existingClaim, a ReadWriteMany volume every pod mounts (or use s3)" -}}
{{- end -}}
{{- if not (has .Values.blobStore.type (list "s3" "fs")) -}}
{{- fail (printf "blobStore.type must be s3 or fs, not %q" .Values.blobStore.type) -}}
{{- end -}}
{{- if lt (int .Values.api.drainSeconds) 65 -}}
{{- fail "api.drainSeconds must be at least 65: the API holds sync requests up to 60 s and drains for 65 s" -}}
{{- end -}}
{{- $running := 0 -}}
{{- range $name, $pool := .Values.workers.pools -}}
{{- if and $pool (ne (toString $pool.enabled) "false") (gt (int (default 0 $pool.minReplicas)) 0) -}}
{{- $running = add1 $running -}}
{{- end -}}
{{- end -}}
{{- if eq (int $running) 0 -}}
{{- fail "no worker pool has minReplicas ≥ 1: /readyz answers 503 while no worker runs, so the API would never be ready" -}}
{{- end -}}
{{- end -}}

{{/* Settings every API and worker container shares (plain values: no secret is ever among them). */}}
{{- define "crs.commonEnv" -}}
- name: NODE_ENV
  value: production
- name: LOG_LEVEL
  value: {{ .Values.config.logLevel | quote }}
- name: DATA_DIR
  value: /data
- name: CACHE_DIR
  value: /data/cache
- name: JOB_RETENTION_SECONDS
  value: {{ .Values.config.jobRetentionSeconds | quote }}
- name: REDIS_URL
  value: {{ .Values.redis.url | quote }}
- name: REDIS_PREFIX
  value: {{ .Values.redis.prefix | quote }}
{{- with .Values.redis.sentinels }}
- name: REDIS_SENTINELS
  value: {{ join "," . | quote }}
- name: REDIS_SENTINEL_NAME
  value: {{ $.Values.redis.sentinelName | quote }}
{{- end }}
{{- with .Values.redis.clusterNodes }}
- name: REDIS_CLUSTER_NODES
  value: {{ join "," . | quote }}
{{- end }}
{{- with .Values.redis.username }}
- name: REDIS_USERNAME
  value: {{ . | quote }}
{{- end }}
{{- if .Values.redis.tls }}
- name: REDIS_TLS
  value: "true"
{{- end }}
{{- if .Values.redis.tlsCaSecret }}
- name: REDIS_TLS_CA
  value: /etc/crs/redis-ca/{{ .Values.redis.tlsCaKey }}
{{- end }}
{{- if .Values.models.existingClaim }}
- name: MODELS_EXTRA_DIRS
  value: /models-extra
{{- end }}
- name: BLOB_STORE
  value: {{ .Values.blobStore.type | quote }}
{{- if eq .Values.blobStore.type "s3" }}
- name: S3_BUCKET
  value: {{ .Values.blobStore.s3.bucket | quote }}
{{- with .Values.blobStore.s3.endpoint }}
- name: S3_ENDPOINT
  value: {{ . | quote }}
{{- end }}
- name: S3_REGION
  value: {{ .Values.blobStore.s3.region | quote }}
- name: S3_FORCE_PATH_STYLE
  value: {{ .Values.blobStore.s3.forcePathStyle | quote }}
- name: S3_KEY_PREFIX
  value: {{ .Values.blobStore.s3.keyPrefix | quote }}
{{- end }}
{{- range $name, $value := .Values.config.extraEnv }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* A secret as an environment variable, read from the release's Secret (or secrets.existingSecret). */}}
{{- define "crs.secretEnv" -}}
- name: {{ .key }}
  valueFrom:
    secretKeyRef:
      name: {{ include "crs.secretName" .root }}
      key: {{ .key }}
      optional: true
{{- end -}}

{{- define "crs.workerSecretEnv" -}}
{{- range $key := list "REDIS_PASSWORD" "REDIS_SENTINEL_PASSWORD" "METRICS_TOKEN" "AWS_ACCESS_KEY_ID" "AWS_SECRET_ACCESS_KEY" }}
{{ include "crs.secretEnv" (dict "root" $ "key" $key) }}
{{- end }}
{{- end -}}

{{- define "crs.apiSecretEnv" -}}
{{- include "crs.workerSecretEnv" . }}
{{- range $key := list "API_KEYS" "ADMIN_TOKEN" "OPERATOR_TOKEN" }}
{{ include "crs.secretEnv" (dict "root" $ "key" $key) }}
{{- end }}
{{- end -}}

{{/* Writable places under a read-only root filesystem, plus the Redis CA and a shared media volume. */}}
{{- define "crs.volumes" -}}
- name: data
  emptyDir:
    sizeLimit: {{ .Values.storage.dataSizeLimit }}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.storage.tmpSizeLimit }}
{{- if .Values.redis.tlsCaSecret }}
- name: redis-ca
  secret:
    secretName: {{ .Values.redis.tlsCaSecret }}
{{- end }}
{{- if eq .Values.blobStore.type "fs" }}
- name: blobs
  persistentVolumeClaim:
    claimName: {{ .Values.blobStore.fs.existingClaim }}
{{- end }}
{{- if .Values.models.existingClaim }}
- name: models
  persistentVolumeClaim:
    claimName: {{ .Values.models.existingClaim }}
    readOnly: true
{{- end }}
{{- end -}}

{{- define "crs.volumeMounts" -}}
- name: data
  mountPath: /data
- name: tmp
  mountPath: /tmp
{{- if .Values.redis.tlsCaSecret }}
- name: redis-ca
  mountPath: /etc/crs/redis-ca
  readOnly: true
{{- end }}
{{- if eq .Values.blobStore.type "fs" }}
- name: blobs
  mountPath: /data/blobs
{{- end }}
{{- if .Values.models.existingClaim }}
- name: models
  mountPath: /models-extra
  readOnly: true
  {{- with .Values.models.subPath }}
  subPath: {{ . }}
  {{- end }}
{{- end }}
{{- end -}}
