#!/bin/bash
# The image's entrypoint: apache/kafka's environment convention -> server.properties, format once, start.
#   KAFKA_FOO_BAR=v  ->  foo.bar=v   (and, as upstream, "__" -> "_" and "___" -> "-" in the name)
#   CLUSTER_ID       ->  kafka-storage.sh format --cluster-id (required)
# Variables that configure the JVM or this script, not the broker, are left out (upstream's list + KAFKA_LOG_LEVEL).
set -euo pipefail
: "${CLUSTER_ID:?CLUSTER_ID must be set (a Kafka Uuid, e.g. from kafka-storage.sh random-uuid)}"
config=/opt/kafka/config/server.properties
{
  echo "# written by run-from-env.sh from the KAFKA_* environment"
  [ -n "${KAFKA_LOG_DIRS:-}" ] || echo "log.dirs=/var/lib/kafka/data"
  for name in $(compgen -e | grep '^KAFKA_' | sort); do
    case "$name" in
      KAFKA_VERSION|KAFKA_HEAP_OPTS|KAFKA_OPTS|KAFKA_LOG_LEVEL|KAFKA_LOG4J_OPTS|KAFKA_JMX_OPTS|KAFKA_JVM_PERFORMANCE_OPTS\
      |KAFKA_GC_LOG_OPTS|KAFKA_LOG4J_ROOT_LOGLEVEL|KAFKA_LOG4J_LOGGERS|KAFKA_TOOLS_LOG4J_LOGLEVEL|KAFKA_JMX_HOSTNAME|KAFKA_JMX_PORT) continue ;;
    esac
    key=${name#KAFKA_}
    key=$(printf '%s' "$key" | tr '[:upper:]' '[:lower:]' | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g')
    printf '%s=%s\n' "$key" "${!name}"
  done
} > "$config"
echo "run-from-env: $config:" >&2
sed 's/^/  /' "$config" >&2
/opt/kafka/bin/kafka-storage.sh format --cluster-id "$CLUSTER_ID" --config "$config" --ignore-formatted >&2
exec /opt/kafka/bin/kafka-server-start.sh "$config"
