# Shared settings for up.sh / down.sh / smoke.sh (sourced, not run).
OPENSEARCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OPENSEARCH_PORT="${OPENSEARCH_PORT:-9200}"
OPENSEARCH_TRANSPORT_PORT="${OPENSEARCH_TRANSPORT_PORT:-9300}"
OPENSEARCH_RUN_DIR="${OPENSEARCH_RUN_DIR:-$OPENSEARCH_DIR/run}"
OPENSEARCH_HOME_DIR="$OPENSEARCH_RUN_DIR/home"
OPENSEARCH_DATA_DIR="$OPENSEARCH_RUN_DIR/data"
OPENSEARCH_LOG_DIR="$OPENSEARCH_RUN_DIR/logs"
OPENSEARCH_PID_FILE="$OPENSEARCH_RUN_DIR/opensearch.pid"
OPENSEARCH_FETCH_DIR="$OPENSEARCH_DIR/target/opensearch"
OPENSEARCH_START_TIMEOUT="${OPENSEARCH_START_TIMEOUT:-120}"
OPENSEARCH_STOP_TIMEOUT="${OPENSEARCH_STOP_TIMEOUT:-60}"
OPENSEARCH_URL="http://127.0.0.1:$OPENSEARCH_PORT"
# The version in pom.xml (one source of truth; the module descriptors must name it exactly).
OPENSEARCH_VERSION="$(sed -n 's|.*<opensearch.version>\(.*\)</opensearch.version>.*|\1|p' "$OPENSEARCH_DIR/pom.xml")"

# OpenSearch 2.x installs a Java SecurityManager, which JDK 24+ no longer has: it needs Java 11-23.
# OPENSEARCH_JAVA_HOME wins, then JAVA_HOME, then the system Java 17.
opensearch_java() {
  local candidate major
  for candidate in "${OPENSEARCH_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 ""; do
    local bin="${candidate:+$candidate/bin/}java"
    command -v "$bin" >/dev/null 2>&1 || continue
    major="$("$bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    if [[ -n "$major" ]] && (( major >= 11 && major <= 23 )); then
      echo "$bin"
      return 0
    fi
  done
  echo "opensearch: no Java 11-23 found (OpenSearch $OPENSEARCH_VERSION needs the SecurityManager); set OPENSEARCH_JAVA_HOME" >&2
  return 1
}

opensearch_pid() {
  [[ -f "$OPENSEARCH_PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$OPENSEARCH_PID_FILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# TCP connect to the HTTP port, with bash's /dev/tcp (no nc needed).
opensearch_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$OPENSEARCH_PORT") 2>/dev/null
}
