#!/usr/bin/env bash
# Builds the local container images (firedrill/redis:local, firedrill/postgres:local,
# firedrill/node:local) for the containers backend and docker-compose.yml, where no
# image registry is reachable. Needs root (debootstrap) and a running Docker engine.
# Idempotent: existing images with the same recipe are reused.
set -euo pipefail
cd "$(dirname "$0")/.."
exec node bin/firedrill.js images build "$@"
