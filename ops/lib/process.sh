# Starting, watching and stopping the stack's processes. Each runs in its own session (setsid) so
# that stopping it also stops anything it started; its pid is in $RUN_DIR/<name>.pid and its output
# in $LOG_DIR/<name>.log.
# shellcheck shell=bash

pid_file() { echo "$RUN_DIR/$1.pid"; }
log_file() { echo "$LOG_DIR/$1.log"; }

pid_of() {
  local file
  file=$(pid_file "$1")
  [[ -f $file ]] && cat "$file"
}

# A job submitted to the cluster topology's Flink has no process of its own: it runs while the
# cluster runs it.
is_running() {
  if [[ ${SUBMITTED_JOBS:-} == *" $1 "* ]]; then
    cluster_job_submitted "$1"
    return
  fi
  local pid
  pid=$(pid_of "$1") || return 1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null
}

# launch <name> <command...>: runs the command detached, appending to the component's log; a
# background component (settings.sh) at lower CPU priority.
launch() {
  local name=$1
  shift
  if [[ $BACKGROUND_COMPONENTS == *" $name "* ]] && ((STACK_BACKGROUND_NICE > 0)); then
    set -- nice -n "$STACK_BACKGROUND_NICE" "$@"
  fi
  echo "--- $(date -u +%FT%TZ) starting: $*" >>"$(log_file "$name")"
  setsid "$@" >>"$(log_file "$name")" 2>&1 </dev/null &
  echo $! >"$(pid_file "$name")"
}

# stop_process <name> [grace seconds]: SIGTERM to the process group, SIGKILL after the grace period.
stop_process() {
  local name=$1 grace=${2:-30} pid
  pid=$(pid_of "$name") || return 0
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    local waited=0
    while kill -0 "$pid" 2>/dev/null && ((waited < grace * 5)); do
      sleep 0.2
      waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "  $name did not stop within ${grace}s; killing it"
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
    fi
  fi
  rm -f "$(pid_file "$name")"
}

# wait_healthy <name> <timeout>: polls health_<name> until it succeeds, the process dies, or time runs out.
wait_healthy() {
  local name=$1 timeout=$2 start=$SECONDS
  while ((SECONDS - start < timeout)); do
    if component health "$name" 2>/dev/null; then
      return 0
    fi
    if ! is_running "$name"; then
      echo "FAILED: $name exited during startup; see $(log_file "$name")" >&2
      tail -n 20 "$(log_file "$name")" | sed 's/^/    /' >&2
      return 1
    fi
    sleep 1
  done
  echo "FAILED: $name was not healthy within ${timeout}s; see $(log_file "$name")" >&2
  tail -n 20 "$(log_file "$name")" | sed 's/^/    /' >&2
  return 1
}

http_ok() { # url
  [[ $(curl -s -o /dev/null -m 3 -w '%{http_code}' "$1") == 200 ]]
}

tcp_open() { # port
  (exec 3<>"/dev/tcp/$STACK_HOST/$1") 2>/dev/null
}
