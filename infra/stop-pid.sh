# Sourced by infra/*/down.sh. stop_pid NAME PID TIMEOUT: SIGTERM, wait for the process to exit,
# SIGKILL once TIMEOUT seconds have passed. Progress goes to stderr.
stop_pid() {
  local name=$1 pid=$2 timeout=$3 started_at=$SECONDS
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if (( SECONDS - started_at > timeout )); then
      echo "$name: pid $pid did not stop in ${timeout}s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.1
  done
  echo "$name: stopped pid $pid in $((SECONDS - started_at))s" >&2
}
