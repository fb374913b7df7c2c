#!/usr/bin/env bash
# Stop the local OpenSearch started by up.sh: SIGTERM (clean shutdown, flushes the translog), wait
# for the process to exit, SIGKILL after OPENSEARCH_STOP_TIMEOUT seconds. `--clean` also deletes
# run/ (indices, logs, the laid-out home; the Maven download in target/ stays). Stopping a node
# that is not running is not an error.
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

if pid="$(opensearch_pid)"; then
  stop_pid opensearch "$pid" "$OPENSEARCH_STOP_TIMEOUT"
else
  echo "opensearch: not running" >&2
fi
rm -f "$OPENSEARCH_PID_FILE"

if [[ $clean == 1 ]]; then
  rm -rf "$OPENSEARCH_RUN_DIR"
  echo "opensearch: removed $OPENSEARCH_RUN_DIR" >&2
fi
