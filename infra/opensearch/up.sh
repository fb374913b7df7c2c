#!/usr/bin/env bash
# Start a local single-node OpenSearch (loopback only, no security plugin) from Maven jars, in the
# background, and wait until the cluster is at least yellow. Idempotent: if it already runs, prints
# the URL and exits 0. Indices survive restarts (run/data) until `down.sh --clean`.
# Env: OPENSEARCH_PORT (9200), OPENSEARCH_TRANSPORT_PORT (9300), OPENSEARCH_RUN_DIR,
# OPENSEARCH_JAVA_HOME (a Java 11-23), OPENSEARCH_JAVA_OPTS (appended to config/jvm.options),
# OPENSEARCH_START_TIMEOUT (s). Prints the base URL on stdout; progress goes to stderr.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$OPENSEARCH_DIR"

# name|plugin class|extended plugins. Maven publishes the module jars without the
# plugin-descriptor.properties the distribution has, so we write it; classes checked in the jars.
MODULES=(
  "transport-netty4|org.opensearch.transport.Netty4Plugin|"
  "lang-painless|org.opensearch.painless.PainlessPlugin|"
  "analysis-common|org.opensearch.analysis.common.CommonAnalysisPlugin|lang-painless"
  "mapper-extras|org.opensearch.index.mapper.MapperExtrasPlugin|"
  "reindex|org.opensearch.index.reindex.ReindexPlugin|"
  "parent-join|org.opensearch.join.ParentJoinPlugin|"
  "aggs-matrix-stats|org.opensearch.search.aggregations.matrix.MatrixAggregationPlugin|"
  "lang-mustache|org.opensearch.script.mustache.MustachePlugin|"
  "percolator|org.opensearch.percolator.PercolatorPlugin|"
  "rank-eval|org.opensearch.index.rankeval.RankEvalPlugin|"
)

fetch_jars() {
  # Fetch again if anything is missing (an interrupted first fetch leaves some folders empty).
  local complete=1 entry
  [[ -f "$OPENSEARCH_FETCH_DIR/lib/opensearch-$OPENSEARCH_VERSION.jar" ]] || complete=0
  for entry in "${MODULES[@]}"; do
    compgen -G "$OPENSEARCH_FETCH_DIR/modules/${entry%%|*}/*-$OPENSEARCH_VERSION.jar" >/dev/null || complete=0
  done
  if [[ $complete == 0 ]]; then
    echo "opensearch: fetching $OPENSEARCH_VERSION jars from Maven Central (first run only)" >&2
    # Debian's Maven 3.8 prints bare colour resets even with -q; strip them (pipefail keeps mvn's status).
    mvn -q -B -Dstyle.color=never -f "$OPENSEARCH_DIR/pom.xml" generate-resources 2>&1 \
      | sed 's/\x1b\[0m//g' >&2
  fi
}

# Lay out OPENSEARCH_HOME the way the tarball does: lib/, modules/<name>/, plugins/, config/.
layout_home() {
  local stamp="$OPENSEARCH_HOME_DIR/.version"
  if [[ "$(cat "$stamp" 2>/dev/null)" != "$OPENSEARCH_VERSION" ]]; then
    rm -rf "$OPENSEARCH_HOME_DIR"
    mkdir -p "$OPENSEARCH_HOME_DIR/plugins" "$OPENSEARCH_HOME_DIR/config"
    cp -r "$OPENSEARCH_FETCH_DIR/lib" "$OPENSEARCH_FETCH_DIR/modules" "$OPENSEARCH_HOME_DIR/"
    local entry name class extended dir
    for entry in "${MODULES[@]}"; do
      IFS='|' read -r name class extended <<<"$entry"
      dir="$OPENSEARCH_HOME_DIR/modules/$name"
      [[ -d "$dir" ]] || { echo "opensearch: module $name missing from $OPENSEARCH_FETCH_DIR; check pom.xml" >&2; exit 1; }
      cat >"$dir/plugin-descriptor.properties" <<PROPS
description=$name module (OpenSearch $OPENSEARCH_VERSION, jars from Maven Central)
version=$OPENSEARCH_VERSION
name=$name
classname=$class
java.version=11
opensearch.version=$OPENSEARCH_VERSION
extended.plugins=$extended
has.native.controller=false
PROPS
      if [[ -f "$OPENSEARCH_DIR/modules/$name/plugin-security.policy" ]]; then
        cp "$OPENSEARCH_DIR/modules/$name/plugin-security.policy" "$dir/"
      fi
    done
    echo "$OPENSEARCH_VERSION" >"$stamp"
  fi
  # Config is rewritten on every start so edits to config/ and port changes take effect.
  local f
  for f in opensearch.yml jvm.options log4j2.properties; do
    sed -e "s|@HTTP_PORT@|$OPENSEARCH_PORT|g" -e "s|@TRANSPORT_PORT@|$OPENSEARCH_TRANSPORT_PORT|g" \
      -e "s|@DATA_DIR@|$OPENSEARCH_DATA_DIR|g" -e "s|@LOG_DIR@|$OPENSEARCH_LOG_DIR|g" \
      "config/$f" >"$OPENSEARCH_HOME_DIR/config/$f"
  done
}

started_at=$SECONDS
log_offset=1
if pid="$(opensearch_pid)"; then
  echo "opensearch: already running (pid $pid)" >&2
else
  if opensearch_port_open; then
    echo "opensearch: port $OPENSEARCH_PORT is taken by another process; set OPENSEARCH_PORT" >&2
    exit 1
  fi
  java_bin="$(opensearch_java)"
  fetch_jars
  mkdir -p "$OPENSEARCH_DATA_DIR" "$OPENSEARCH_LOG_DIR" "$OPENSEARCH_RUN_DIR/tmp"
  layout_home

  jvm_opts=()
  while IFS= read -r line; do
    [[ -z "$line" || "$line" == \#* ]] || jvm_opts+=("$line")
  done <"$OPENSEARCH_HOME_DIR/config/jvm.options"
  # shellcheck disable=SC2206
  jvm_opts+=(${OPENSEARCH_JAVA_OPTS:-})

  # OpenSearch refuses to start as root (it asks geteuid through JNA). CI and these dev machines
  # run as root, so root starts it inside a new user namespace where its uid reads as 65534
  # ("nobody"); to the kernel it is still root, so run/ stays root-owned and writable.
  as_user=()
  if [[ $EUID -eq 0 ]]; then
    if ! unshare --user true 2>/dev/null; then
      echo "opensearch: refusing root and user namespaces are unavailable; run up.sh as a non-root user" >&2
      exit 1
    fi
    as_user=(unshare --user)
  fi

  # Only what this start prints counts when reporting a failed start (the file keeps earlier runs).
  log_offset=$(( $(stat -c %s "$OPENSEARCH_LOG_DIR/stdout.log" 2>/dev/null || echo 0) + 1 ))
  # setsid: the node outlives this script and the shell that ran it (jest globalSetup, CI).
  setsid "${as_user[@]}" "$java_bin" "${jvm_opts[@]}" \
    -Djava.io.tmpdir="$OPENSEARCH_RUN_DIR/tmp" \
    -Dopensearch.path.home="$OPENSEARCH_HOME_DIR" \
    -Dopensearch.path.conf="$OPENSEARCH_HOME_DIR/config" \
    -Dopensearch.distribution.type=tar -Dopensearch.bundled_jdk=false \
    -cp "$OPENSEARCH_HOME_DIR/lib/*" org.opensearch.bootstrap.OpenSearch \
    >>"$OPENSEARCH_LOG_DIR/stdout.log" 2>&1 </dev/null &
  echo $! >"$OPENSEARCH_PID_FILE"
  echo "opensearch: started pid $(cat "$OPENSEARCH_PID_FILE") ($java_bin), logs in $OPENSEARCH_LOG_DIR" >&2
fi

# Ready = the cluster health API answers yellow or green (indices that ask for replicas stay
# yellow on one node; the cluster is usable either way).
until curl -fsS -o /dev/null "$OPENSEARCH_URL/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null; do
  if ! opensearch_pid >/dev/null; then
    echo "opensearch: the node exited during start; last log lines:" >&2
    tail -c "+$log_offset" "$OPENSEARCH_LOG_DIR/stdout.log" | tail -n 40 >&2 || true
    exit 1
  fi
  if (( SECONDS - started_at > OPENSEARCH_START_TIMEOUT )); then
    echo "opensearch: not healthy after ${OPENSEARCH_START_TIMEOUT}s; see $OPENSEARCH_LOG_DIR" >&2
    exit 1
  fi
  sleep 0.5
done
# One node cannot hold replicas: default new indices to none so they (and the cluster) are green,
# not yellow. Persistent (kept in run/data); an index or template that asks for replicas wins.
curl -fsS -o /dev/null -X PUT "$OPENSEARCH_URL/_cluster/settings" -H 'content-type: application/json' \
  -d '{"persistent":{"cluster.default_number_of_replicas":0}}'
echo "opensearch: ready in $((SECONDS - started_at))s" >&2
echo "$OPENSEARCH_URL"
