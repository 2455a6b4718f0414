{{/*
The enabled worker pools, each merged over the `workers` settings, as JSON:
{ name: { ...settings, figures: {maxTimeoutMs, shutdownMs, graceSeconds, capacity, queues} } }.
*/}}
{{- define "crs.pools" -}}
{{- $out := dict -}}
{{- $common := omit .Values.workers "pools" -}}
{{- range $name, $pool := .Values.workers.pools -}}
{{- if and $pool (ne (toString $pool.enabled) "false") -}}
{{- if not (regexMatch "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$" $name) -}}
{{- fail (printf "worker pool name %q must be lower-case letters, digits and dashes" $name) -}}
{{- end -}}
{{- $merged := merge (deepCopy $pool) (deepCopy $common) -}}
{{- $figures := include "crs.poolFigures" (dict "root" $ "name" $name "pool" $merged) | fromJson -}}
{{- $_ := set $merged "figures" $figures -}}
{{- $_ := set $out $name $merged -}}
{{- end -}}
{{- end -}}
{{- $out | toJson -}}
{{- end -}}
