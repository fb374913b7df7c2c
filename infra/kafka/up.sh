#!/usr/bin/env bash
# Start a local single-node Kafka (KRaft, broker+controller) from Maven jars, in the background.
# Idempotent: if it already runs, prints the address and exits 0. Data survives restarts (run/data)
# until `down.sh --clean`. Env: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), KAFKA_RUN_DIR,
# KAFKA_HEAP_OPTS, KAFKA_START_TIMEOUT (s). With DENGAR_INFRA_DOCKER=1 and a Docker engine, starts
# the apache/kafka image instead (see infra/README.md).
set -euo pipefail
log_offset=1
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$KAFKA_HOME_DIR"

if [[ "${DENGAR_INFRA_DOCKER:-0}" == "1" ]] && docker info >/dev/null 2>&1; then
  docker start dengar-kafka >/dev/null 2>&1 || docker run -d --name dengar-kafka \
    -p "127.0.0.1:$KAFKA_PORT:9092" -e KAFKA_NODE_ID=1 -e KAFKA_PROCESS_ROLES=broker,controller \
    -e KAFKA_LISTENERS=PLAINTEXT://:9092,CONTROLLER://:9093 \
    -e KAFKA_ADVERTISED_LISTENERS="PLAINTEXT://127.0.0.1:$KAFKA_PORT" \
    -e KAFKA_CONTROLLER_LISTENER_NAMES=CONTROLLER -e KAFKA_CONTROLLER_QUORUM_VOTERS=1@localhost:9093 \
    -e KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR=1 -e KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR=1 \
    -e KAFKA_TRANSACTION_STATE_LOG_MIN_ISR=1 -e KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS=0 \
    -e KAFKA_AUTO_CREATE_TOPICS_ENABLE=false apache/kafka:4.1.1 >/dev/null
else
  if pid="$(kafka_pid)"; then
    echo "kafka: already running (pid $pid)" >&2
  else
    if kafka_port_open; then
      echo "kafka: port $KAFKA_PORT is taken by another process; set KAFKA_PORT" >&2
      exit 1
    fi
    if ! compgen -G "$KAFKA_LIB_DIR/kafka_2.13-*.jar" >/dev/null; then
      echo "kafka: fetching broker jars from Maven Central (first run only)" >&2
      mvn -q -B -f "$KAFKA_HOME_DIR/pom.xml" dependency:copy-dependencies >&2
    fi
    mkdir -p "$KAFKA_DATA_DIR" "$KAFKA_LOG_DIR"
    sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" -e "s|@KAFKA_CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
      -e "s|@KAFKA_DATA_DIR@|$KAFKA_DATA_DIR|g" server.properties >"$KAFKA_RUN_DIR/server.properties"

    CP="$KAFKA_LIB_DIR/*"
    # Only log lines written after this start count as "started" (the file keeps earlier runs).
    log_offset=$(( $(stat -c %s "$KAFKA_LOG_DIR/server.log" 2>/dev/null || echo 0) + 1 ))
    LOG_OPTS=(-Dlog4j2.configurationFile="$KAFKA_HOME_DIR/log4j2.yaml" -Dkafka.logs.dir="$KAFKA_LOG_DIR")
    # Format only once: a second format would refuse (or wipe, with --ignore-formatted) the log.
    if [[ ! -f "$KAFKA_DATA_DIR/meta.properties" ]]; then
      # A cluster id is 16 random bytes, base64url without padding (what `StorageTool random-uuid`
      # prints); made here to save a JVM start. KAFKA_CLUSTER_ID pins it if wanted.
      # TRICKY: like Kafka's Uuid.randomUuid, never start with '-' (the CLI would read it as an option).
      cluster_id="${KAFKA_CLUSTER_ID:-}"
      while [[ -z "$cluster_id" || "$cluster_id" == -* ]]; do
        cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
      done
      if ! "$JAVA_BIN" -cp "$CP" "${LOG_OPTS[@]}" kafka.tools.StorageTool format \
        --cluster-id "$cluster_id" --config "$KAFKA_RUN_DIR/server.properties" >>"$KAFKA_LOG_DIR/format.log" 2>&1; then
        echo "kafka: formatting storage failed:" >&2
        tail -n 20 "$KAFKA_LOG_DIR/format.log" >&2
        exit 1
      fi
      echo "kafka: formatted storage, cluster id $cluster_id" >&2
    fi

    # setsid: the broker outlives this script and the shell that ran it (jest globalSetup).
    # shellcheck disable=SC2086
    setsid "$JAVA_BIN" $KAFKA_HEAP_OPTS $KAFKA_JVM_OPTS "${LOG_OPTS[@]}" -cp "$CP" kafka.Kafka \
      "$KAFKA_RUN_DIR/server.properties" >>"$KAFKA_LOG_DIR/stdout.log" 2>&1 </dev/null &
    echo $! >"$KAFKA_PID_FILE"
    echo "kafka: started pid $(cat "$KAFKA_PID_FILE"), logs in $KAFKA_LOG_DIR" >&2
  fi
fi

# Ready = the client port accepts connections AND the server logged that it finished starting
# (the port opens a moment before the broker can serve metadata). NOTE: grep reads a process
# substitution, not a pipe: with pipefail, tail's SIGPIPE after an early grep match would count as failure.
started_at=$SECONDS
until kafka_port_open && { [[ "${DENGAR_INFRA_DOCKER:-0}" == "1" ]] || grep -q 'Kafka Server started' <(tail -c "+$log_offset" "$KAFKA_LOG_DIR/server.log" 2>/dev/null); }; do
  if [[ "${DENGAR_INFRA_DOCKER:-0}" != "1" ]] && ! kafka_pid >/dev/null; then
    echo "kafka: the broker exited during start; last log lines:" >&2
    tail -n 30 "$KAFKA_LOG_DIR/stdout.log" >&2 || true
    exit 1
  fi
  if (( SECONDS - started_at > KAFKA_START_TIMEOUT )); then
    echo "kafka: not ready after ${KAFKA_START_TIMEOUT}s; see $KAFKA_LOG_DIR" >&2
    exit 1
  fi
  sleep 0.2
done
echo "kafka: ready in $((SECONDS - started_at))s" >&2
echo "127.0.0.1:$KAFKA_PORT"
