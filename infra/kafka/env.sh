# Shared settings for up.sh / down.sh / restart.sh (sourced, not run).
KAFKA_HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_RUN_DIR="${KAFKA_RUN_DIR:-$KAFKA_HOME_DIR/run}"
KAFKA_DATA_DIR="$KAFKA_RUN_DIR/data"
KAFKA_LOG_DIR="$KAFKA_RUN_DIR/logs"
KAFKA_PID_FILE="$KAFKA_RUN_DIR/kafka.pid"
KAFKA_LIB_DIR="$KAFKA_HOME_DIR/target/lib"
# 2 cores on the reference machine: a modest heap and few GC threads.
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:--XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:ParallelGCThreads=2 -XX:ConcGCThreads=1 -Djava.awt.headless=true}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-60}"
JAVA_BIN="${JAVA_HOME:+$JAVA_HOME/bin/}java"

kafka_pid() {
  [[ -f "$KAFKA_PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$KAFKA_PID_FILE")"
  # The pid must still be our broker: after a reboot the number may belong to something else.
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null && grep -q 'kafka\.Kafka' "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

# TCP connect to the client listener, with bash's /dev/tcp (no nc needed).
kafka_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null
}
