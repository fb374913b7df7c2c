#!/usr/bin/env bash
# `docker compose config -q` on a machine with no Docker engine: validates docker-compose.yml.
# Where the Compose v2 plugin is missing (this machine: no plugin in any registry we reach), Debian's
# docker-compose 1.29 is installed and exposed to the docker CLI as its `compose` plugin.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! docker compose version >/dev/null 2>&1; then
  command -v docker-compose >/dev/null || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose
  }
  plugins="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins"
  mkdir -p "$plugins"
  cat > "$plugins/docker-compose" <<'SHIM'
#!/bin/sh
if [ "$1" = docker-cli-plugin-metadata ]; then
  echo '{"SchemaVersion":"0.1.0","Vendor":"Debian","Version":"1.29.2","ShortDescription":"Docker Compose"}'
  exit 0
fi
shift
exec docker-compose "$@"
SHIM
  chmod +x "$plugins/docker-compose"
fi

# The file requires these secrets (compose refuses to start without them); any value validates.
ELASTIC_PASSWORD="${ELASTIC_PASSWORD:-check}" DENGAR_SEARCH_PASSWORD="${DENGAR_SEARCH_PASSWORD:-check}" docker compose config -q
echo "docker-compose.yml: valid"
