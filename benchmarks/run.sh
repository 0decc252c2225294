#!/usr/bin/env bash
# FlagStream benchmarks. Builds the benchmarks module and its dependencies (tests skipped), then:
#   benchmarks/run.sh [options]        the end-to-end harness on an embedded KRaft broker (--help lists options)
#   benchmarks/run.sh jmh [jmh args]   the JMH serde microbenchmarks (default: 1 fork, 3 warm-up + 5 measured 1-s iterations)
#   benchmarks/run.sh clusters [opts]  the cluster task alone on one thread with RocksDB stores (--help lists options)
#   benchmarks/run.sh adversarial [opts]  adversarial phases (hubs, hot account, power law) on the replay path (--help lists options)
#   benchmarks/run.sh soak [opts]      the app in a child JVM under a steady load (3,000 events/s) for 30 min: RSS, lag and state sampled (--help lists options)
# Run from anywhere; results go to benchmarks/target/results unless --results-dir says otherwise.
# JAVA_OPTS overrides the JVM settings (default -Xms1g -Xmx6g). SKIP_BUILD=1 reuses the last build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  mvn -B -q -pl benchmarks -am package -DskipTests
fi
JAR=benchmarks/target/flagstream-benchmarks.jar
if [[ "${1:-}" == "jmh" ]]; then
  shift
  exec java ${JAVA_OPTS:-} -cp "$JAR:benchmarks/target/lib/*" org.openjdk.jmh.Main "${@:-SerdeBenchmark}"
fi
if [[ "${1:-}" == "clusters" ]]; then
  shift
  exec java ${JAVA_OPTS:--Xms1g -Xmx6g} -cp "$JAR:benchmarks/target/lib/*" io.flagstream.bench.ClusterBenchCli "$@"
fi
if [[ "${1:-}" == "adversarial" ]]; then
  shift
  exec java ${JAVA_OPTS:--Xms1g -Xmx6g} -cp "$JAR:benchmarks/target/lib/*" io.flagstream.bench.adversarial.AdversarialCli "$@"
fi
if [[ "${1:-}" == "soak" ]]; then
  shift
  exec java ${JAVA_OPTS:-} -cp "$JAR:benchmarks/target/lib/*" io.flagstream.bench.SoakCli "$@"
fi
exec java ${JAVA_OPTS:--Xms1g -Xmx6g} -jar "$JAR" "$@"
