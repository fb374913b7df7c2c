#!/usr/bin/env bash
# Stop the local OpenSearch started by up.sh: SIGTERM (clean shutdown, flushes the translog), wait
# for the process to exit, SIGKILL after OPENSEARCH_STOP_TIMEOUT seconds. `--clean` also deletes
# run/ (indices, logs, the laid-out home; the Maven download in target/ stays). Stopping a node
# that is not running is not an error.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

clean=0
for arg in "$@"; do
  case "$arg" in
    --clean) clean=1 ;;
    *) echo "usage: down.sh [--clean]" >&2; exit 2 ;;
  esac
done

if pid="$(opensearch_pid)"; then
  kill -TERM "$pid" 2>/dev/null || true
  started_at=$SECONDS
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS - started_at > OPENSEARCH_STOP_TIMEOUT )); then
      echo "opensearch: pid $pid did not stop in ${OPENSEARCH_STOP_TIMEOUT}s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.1
  done
  echo "opensearch: stopped pid $pid in $((SECONDS - started_at))s" >&2
else
  echo "opensearch: not running" >&2
fi
rm -f "$OPENSEARCH_PID_FILE"

if [[ $clean == 1 ]]; then
  rm -rf "$OPENSEARCH_RUN_DIR"
  echo "opensearch: removed $OPENSEARCH_RUN_DIR" >&2
fi
