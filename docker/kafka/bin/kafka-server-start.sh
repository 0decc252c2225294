#!/bin/bash
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} KAFKA_LOG_LEVEL=${KAFKA_LOG_LEVEL:-info} \
  exec /opt/kafka/bin/kafka-run-class.sh kafka.Kafka "$@"
