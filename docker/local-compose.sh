#!/usr/bin/env bash
# The compose stack under podman, with locally built images (no Docker daemon, no image registry needed):
#
#   docker/local-compose.sh images [--skip-jars]   # Maven jars, then podman build --pull=never of the 4 images
#   docker/local-compose.sh up -d                  # any docker-compose arguments, e.g. ps, logs -f app, down
#   docker/local-compose.sh --profile simulator up simulator
#
# = docker-compose -p flagstream -f compose.yaml -f compose.podman.yaml ARGS, against podman's Docker API
# (docker/podman-setup.sh starts it; as root). Debian's docker-compose 1.29 refuses compose.yaml's top-level
# "name" (a newer Compose Specification key), so it reads a copy without that line and gets the name from -p;
# a Compose v2 ("docker compose") reads the files as they are.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
eval "$("$root/docker/podman-setup.sh")"    # DOCKER_HOST=unix:///run/podman/podman.sock

if [ "${1:-}" = images ]; then
  cd "$root"
  if [ "${2:-}" != --skip-jars ]; then
    mvn -B -q -pl local-kafka -am package -DskipTests     # streams-app/target/flagstream.jar, tools/target/flagstream-tools.jar, local-kafka/target/
    rm -rf docker/kafka/target/libs
    mvn -B -q -f docker/kafka/pom.xml package             # docker/kafka/target/libs: Kafka from Maven Central
  fi
  kafka_version=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' docker/kafka/pom.xml)
  podman build --pull=never -q --format docker -f docker/Dockerfile -t localhost/flagstream:local .
  podman build --pull=never -q --format docker -f docker/tools.Dockerfile -t localhost/flagstream-tools:local .
  podman build --pull=never -q -f docker/kafka/Dockerfile -t "localhost/flagstream-kafka:$kafka_version" docker/kafka
  podman build --pull=never -q -f docker/registry/Dockerfile -t localhost/flagstream-registry:local .
  podman images --filter reference='localhost/flagstream*' --format '{{.Repository}}:{{.Tag}} {{.Size}}'
  exit 0
fi

cd "$root/docker"
if docker compose version > /dev/null 2>&1; then
  exec docker compose -f compose.yaml -f compose.podman.yaml "$@"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed '/^name:/d' compose.yaml > "$tmp/compose.yaml"
docker-compose -p flagstream --project-directory . -f "$tmp/compose.yaml" -f compose.podman.yaml "$@"
