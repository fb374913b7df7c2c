#!/usr/bin/env bash
# Stop the local Kafka started by up.sh: SIGTERM (controlled shutdown, flushes the log), wait for
# the process to exit, SIGKILL after KAFKA_STOP_TIMEOUT seconds. `--clean` also deletes run/
# (topics, offsets, cluster id). Stopping a broker that is not running is not an error.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
source "$(dirname "${BASH_SOURCE[0]}")/../stop-pid.sh"

clean=0
for arg in "$@"; do
  case "$arg" in
    --clean) clean=1 ;;
    *) echo "usage: down.sh [--clean]" >&2; exit 2 ;;
  esac
done

if [[ "${DENGAR_INFRA_DOCKER:-0}" == "1" ]] && docker info >/dev/null 2>&1; then
  docker stop dengar-kafka >/dev/null 2>&1 || true
  [[ $clean == 1 ]] && docker rm -f dengar-kafka >/dev/null 2>&1 || true
  exit 0
fi

if pid="$(kafka_pid)"; then
  stop_pid kafka "$pid" "$KAFKA_STOP_TIMEOUT"
else
  echo "kafka: not running" >&2
fi
rm -f "$KAFKA_PID_FILE"

if [[ $clean == 1 ]]; then
  rm -rf "$KAFKA_RUN_DIR"
  echo "kafka: removed $KAFKA_RUN_DIR" >&2
fi
