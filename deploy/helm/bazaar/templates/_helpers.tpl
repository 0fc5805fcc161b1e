{{/* Names and labels. */}}
{{- define "bazaar.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}{{ .Release.Name | trunc 50 | trimSuffix "-" }}{{- else -}}{{ printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "bazaar.componentName" -}}
{{ include "bazaar.fullname" .root }}-{{ .name }}
{{- end -}}

{{- define "bazaar.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .name }}
{{- end -}}

{{- define "bazaar.labels" -}}
{{ include "bazaar.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "bazaar.image" -}}
{{- $image := .root.Values.image -}}
{{- $registry := ternary "" (printf "%s/" $image.registry) (empty $image.registry) -}}
{{ $registry }}{{ $image.repositoryPrefix }}{{ .name }}:{{ default .root.Chart.AppVersion $image.tag }}
{{- end -}}

{{/*
What each service needs, as in its env schema (apps/<name>/src/<name>.env.ts): the data stores
it owns and the services it calls over TCP. Fixed by the code, so not a value.
*/}}
{{- define "bazaar.topology" -}}
gateway: { stores: [redis], calls: [catalog, cart, order, payments] }
catalog: { stores: [mongodb, redis, kafka], calls: [] }
cart: { stores: [redis, kafka], calls: [catalog] }
order: { stores: [mongodb, kafka], calls: [catalog, cart] }
payments: { stores: [mongodb, kafka], calls: [] }
{{- end -}}

{{- define "bazaar.connectionsSecret" -}}
{{ include "bazaar.fullname" . }}-connections
{{- end -}}
