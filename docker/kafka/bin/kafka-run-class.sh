#!/bin/bash
# As Apache Kafka's bin/kafka-run-class.sh, for the jars of this image: java -cp '/opt/kafka/libs/*' CLASS ARGS...
# KAFKA_HEAP_OPTS and KAFKA_OPTS as upstream; logging (slf4j-simple, to stderr) at KAFKA_LOG_LEVEL, else warn.
set -euo pipefail
# shellcheck disable=SC2086 # the *_OPTS hold several JVM flags
exec java ${KAFKA_HEAP_OPTS:--Xms128m -Xmx256m} -XX:+ExitOnOutOfMemoryError ${KAFKA_OPTS:-} \
  -Dorg.slf4j.simpleLogger.defaultLogLevel="${KAFKA_LOG_LEVEL:-warn}" -Dorg.slf4j.simpleLogger.showDateTime=true \
  -cp '/opt/kafka/libs/*' "$@"
