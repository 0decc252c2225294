#!/usr/bin/env bash
# A container engine for the container tests on a Debian machine with no Docker daemon and no reachable
# image registry (our CI machines): Debian's podman, a JRE base image built from Debian packages, and
# podman's Docker-compatible API on a socket for Testcontainers.
#
#   eval "$(docker/podman-setup.sh)"      # as root; prints the DOCKER_HOST/Testcontainers exports
#
# Idempotent and cached: packages, the config file, the base image and a running API service are each
# skipped when already there, so a second run takes about a second. The app image itself is built by
# FlagStreamContainersIT from docker/Dockerfile through that API (always from the jar of the same
# build); by hand: podman build --pull=never -f docker/Dockerfile -t flagstream:local .
# Progress goes to stderr; stdout carries only the export lines.
set -euo pipefail
cd "$(dirname "$0")/.."

SOCKET_PATH=${FLAGSTREAM_PODMAN_SOCKET:-/run/podman/podman.sock}
BASE_IMAGE=localhost/debian-jre17:bookworm
# The image docker/Dockerfile starts FROM (eclipse-temurin:17-jre), fully qualified as podman stores it.
FROM_IMAGE=$(awk 'toupper($1) == "FROM" { print $2; exit }' docker/Dockerfile)
case "$FROM_IMAGE" in
  */*/*) ;;
  */*) FROM_IMAGE="docker.io/$FROM_IMAGE" ;;
  *) FROM_IMAGE="docker.io/library/$FROM_IMAGE" ;;
esac

log() { echo "podman-setup: $*" >&2; }
started=$SECONDS

if [ "$(id -u)" -ne 0 ]; then
  log "must run as root (rootful podman; debootstrap)"; exit 1
fi

# 1. Packages. The config below needs runc (crun fails on this host kind's hybrid cgroups).
missing=()
for tool in podman runc debootstrap; do
  command -v "$tool" > /dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq podman runc debootstrap >&2
fi

# 2. Engine settings: runc, and ulimits root may set here (the defaults are refused: setrlimit
#    RLIMIT_NOFILE/NPROC "Operation not permitted"; nproc above 32768 is refused too).
conf=/etc/containers/containers.conf
wanted='[containers]
default_ulimits = ["nofile=20000:20000", "nproc=16384:16384"]

[engine]
runtime = "runc"'
if [ "$(cat "$conf" 2> /dev/null)" != "$wanted" ]; then
  if [ -s "$conf" ]; then cp "$conf" "$conf.before-flagstream"; fi
  mkdir -p /etc/containers
  printf '%s\n' "$wanted" > "$conf"
  log "wrote $conf"
fi

# 3. Base image: Debian bookworm with a headless JRE 17 and curl, from the Debian mirror apt already
#    uses (no image registry is reachable). About 2 minutes the first time; cached as $BASE_IMAGE.
debian_mirror() {
  { grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{ for (i = 2; i <= NF; i++) print $i }'
    grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{ print ($2 ~ /^\[/) ? $3 : $2 }'
  } | grep -v -e security -e '^$' | head -n 1 || true   # no match is not an error: the default below
}
if ! podman image exists "$BASE_IMAGE"; then
  mirror=$(debian_mirror)
  mirror=${mirror:-http://deb.debian.org/debian}
  rootfs=$(mktemp -d /var/tmp/flagstream-rootfs.XXXXXX)
  trap 'rm -rf "$rootfs"' EXIT
  log "building $BASE_IMAGE with debootstrap from $mirror"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,curl bookworm "$rootfs" "$mirror" > /dev/null
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import --change 'CMD ["/bin/bash"]' - "$BASE_IMAGE" > /dev/null
  rm -rf "$rootfs"
  trap - EXIT
fi
if ! podman image exists "$FROM_IMAGE"; then
  podman tag "$BASE_IMAGE" "$FROM_IMAGE"
  log "tagged $BASE_IMAGE as $FROM_IMAGE (docker/Dockerfile's FROM)"
fi

# Each test run rebuilds localhost/flagstream:it; the image it replaced is left untagged: drop those.
podman image prune -f > /dev/null

# 4. The Docker API for Testcontainers, kept running after this script (detached from its session).
api_answers() { curl -fsS --max-time 2 --unix-socket "$SOCKET_PATH" http://d/_ping > /dev/null 2>&1; }
if ! api_answers; then
  mkdir -p "$(dirname "$SOCKET_PATH")"
  setsid nohup podman system service --time=0 "unix://$SOCKET_PATH" > /var/tmp/flagstream-podman-service.log 2>&1 < /dev/null &
  echo $! > "$(dirname "$SOCKET_PATH")/flagstream-service.pid"
  for _ in $(seq 1 100); do api_answers && break; sleep 0.1; done
  api_answers || { log "podman system service did not answer on $SOCKET_PATH"; exit 1; }
  log "podman API on unix://$SOCKET_PATH (pid $(cat "$(dirname "$SOCKET_PATH")/flagstream-service.pid"))"
fi

log "ready in $((SECONDS - started)) s"
# Ryuk (Testcontainers' reaper) is an image that cannot be pulled here; the tests stop their containers.
echo "export DOCKER_HOST=unix://$SOCKET_PATH"
echo "export TESTCONTAINERS_RYUK_DISABLED=true"
