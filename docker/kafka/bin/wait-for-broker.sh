#!/bin/bash
# wait-for-broker.sh HOST:PORT COMMAND...: runs COMMAND once the broker answers (kafka-broker-api-versions.sh),
# giving up after WAIT_FOR_BROKER_SECONDS (default 120). The podman override puts it in front of the "topics"
# service, because podman without systemd never runs health checks (so no "service_healthy" to wait for).
set -euo pipefail
broker=$1; shift
deadline=$((SECONDS + ${WAIT_FOR_BROKER_SECONDS:-120}))
until /opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server "$broker" > /dev/null 2>&1; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "wait-for-broker: $broker did not answer within ${WAIT_FOR_BROKER_SECONDS:-120} s" >&2; exit 1
  fi
  sleep 2
done
echo "wait-for-broker: $broker answers after $SECONDS s" >&2
exec "$@"
