# Settings of a local stack: where it lives and which ports it uses. Every value can be set in the
# environment; STACK_PORT_OFFSET shifts all default ports at once (the end-to-end tests use it to run
# beside a developer's own stack).
# shellcheck shell=bash

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STACK_DIR=${STACK_DIR:-$REPO_DIR/.stack}
STACK_DIR=$(mkdir -p "$STACK_DIR" && cd "$STACK_DIR" && pwd)
STACK_TIMEOUT=${STACK_TIMEOUT:-180}
STACK_HOST=127.0.0.1

# A stack remembers the ports it was started with, so `status` and `down` find it again.
if [[ -f $STACK_DIR/stack.env ]]; then
  # shellcheck disable=SC1091
  source "$STACK_DIR/stack.env"
fi

port() { # name default
  local var=$1 default=$2
  printf -v "$var" '%s' "${!var:-$((default + ${STACK_PORT_OFFSET:-0}))}"
}
port STACK_POSTGRES_PORT 5432
port STACK_KAFKA_PORT 9092
port STACK_KAFKA_CONTROLLER_PORT 9093
port STACK_REGISTRY_PORT 8082
port STACK_REGISTRY_MGMT_PORT 9002
port STACK_ZOOKEEPER_PORT 2181
port STACK_PINOT_CONTROLLER_PORT 9000
port STACK_PINOT_BROKER_PORT 8099
port STACK_PINOT_SERVER_PORT 8098
port STACK_PINOT_SERVER_ADMIN_PORT 8097
port STACK_PINOT_MINION_PORT 9514
port STACK_FLINK_UI_PORT 8086
port STACK_API_PORT 8080
port STACK_API_ADMIN_PORT 8081

PORT_VARS=(STACK_POSTGRES_PORT STACK_KAFKA_PORT STACK_KAFKA_CONTROLLER_PORT STACK_REGISTRY_PORT
  STACK_REGISTRY_MGMT_PORT STACK_ZOOKEEPER_PORT STACK_PINOT_CONTROLLER_PORT STACK_PINOT_BROKER_PORT
  STACK_PINOT_SERVER_PORT STACK_PINOT_SERVER_ADMIN_PORT STACK_PINOT_MINION_PORT STACK_FLINK_UI_PORT
  STACK_API_PORT STACK_API_ADMIN_PORT)

save_settings() {
  : >"$STACK_DIR/stack.env"
  for var in "${PORT_VARS[@]}"; do
    echo "$var=${!var}" >>"$STACK_DIR/stack.env"
  done
}

LOG_DIR=$STACK_DIR/logs
RUN_DIR=$STACK_DIR/run
DATA_DIR=$STACK_DIR/data
CONF_DIR=$STACK_DIR/conf
mkdir -p "$LOG_DIR" "$RUN_DIR" "$DATA_DIR" "$CONF_DIR"

# The addresses the product's own processes use to reach each other.
KAFKA_BOOTSTRAP=$STACK_HOST:$STACK_KAFKA_PORT
REGISTRY_URL=http://$STACK_HOST:$STACK_REGISTRY_PORT
PINOT_CONTROLLER_URL=http://$STACK_HOST:$STACK_PINOT_CONTROLLER_PORT
PINOT_BROKER_URL=http://$STACK_HOST:$STACK_PINOT_BROKER_PORT
API_URL=http://$STACK_HOST:$STACK_API_PORT
