#!/usr/bin/env bash
# FlagStream's local demo: builds the project (tests skipped; `mvn -B verify` runs them), starts a real
# Apache Kafka broker in KRaft mode inside the JVM, streams seeded platform traffic with planted operator
# behaviour through FlagStream, prints the alerts and a scored summary, and exits. Extra arguments go to
# the demo command (e.g. --accounts 5000 --days 21; --help lists them).
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests package
exec java -jar local-kafka/target/flagstream-local.jar demo "$@"
