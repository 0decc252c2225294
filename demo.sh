#!/usr/bin/env bash
# FlagStream's local demo: builds the project (tests skipped; `mvn -B verify` runs them), starts a real
# Apache Kafka broker in KRaft mode inside the JVM, streams seeded platform traffic with planted operator
# behaviour through FlagStream, prints the alerts and a scored summary, and exits. Extra arguments go to
# the demo command (e.g. --accounts 5000 --days 21; --help lists them).
set -euo pipefail
cd "$(dirname "$0")"
# Module by module, so a first run (which downloads the dependencies for a few minutes) shows it is moving.
echo "Building FlagStream (tests skipped)..."
MVN=mvn
command -v mvn > /dev/null || MVN=./mvnw
"$MVN" -B -ntp -DskipTests package | grep --line-buffered -E '^\[INFO\] Building FlagStream|BUILD|^\[ERROR\]'
exec java -jar local-kafka/target/flagstream-local.jar demo "$@"
