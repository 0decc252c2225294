{{- define "flagstream.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "flagstream.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "flagstream.headless" -}}
{{- printf "%s-headless" (include "flagstream.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "flagstream.selectorLabels" -}}
app.kubernetes.io/name: {{ include "flagstream.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "flagstream.labels" -}}
{{ include "flagstream.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "flagstream.secretName" -}}
{{- default (include "flagstream.fullname" .) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* A setting of `config`, required: the chart refuses to render without it. */}}
{{- define "flagstream.setting" -}}
{{- $value := index .root.Values.config .key -}}
{{- required (printf "config.%s is required" .key) $value -}}
{{- end -}}
