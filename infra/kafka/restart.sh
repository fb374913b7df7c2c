#!/usr/bin/env bash
# Stop and start the local Kafka keeping its data (integration tests restart the broker mid-stream).
set -euo pipefail
dir="$(dirname "${BASH_SOURCE[0]}")"
"$dir/down.sh"
exec "$dir/up.sh"
