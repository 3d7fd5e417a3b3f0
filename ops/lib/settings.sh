# Settings of a local stack: where it lives and which ports it uses. Every value can be set in the
# environment; STACK_PORT_OFFSET shifts all default ports at once (the end-to-end tests use it to run
# beside a developer's own stack).
# shellcheck shell=bash

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STACK_DIR=${STACK_DIR:-$REPO_DIR/.stack}
STACK_DIR=$(mkdir -p "$STACK_DIR" && cd "$STACK_DIR" && pwd)
STACK_TIMEOUT=${STACK_TIMEOUT:-180}
STACK_HOST=127.0.0.1
# On one machine every engine shares the cores. What a user waits on (ingest, reads, alerting:
# Kafka, Pinot's broker and server, the API, the alerting job and scheduler) keeps normal priority;
# work that can lag by a second without anyone noticing runs at this niceness, so that a burst of
# it (a checkpoint, a compaction, a scrape) never stalls a read. 0 turns it off.
STACK_BACKGROUND_NICE=${STACK_BACKGROUND_NICE:-10}
BACKGROUND_COMPONENTS=" preagg-flink archive-flink archive-service pinot-controller pinot-minion monitor prometheus alertmanager "

# A stack remembers the ports it was started with, so `status` and `down` find it again.
if [[ -f $STACK_DIR/stack.env ]]; then
  # shellcheck disable=SC1091
  source "$STACK_DIR/stack.env"
fi

# single: one process per role (the default). cluster: replicated, the way production runs it
# (`ops/stack up --cluster`; README "The cluster topology"). A run directory keeps the topology it was
# started with.
STACK_TOPOLOGY=${STACK_TOPOLOGY:-single}

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
port STACK_ALERTING_UI_PORT 8087
port STACK_SCHEDULER_PORT 8088
port STACK_SCHEDULER_ADMIN_PORT 8089
port STACK_API_PORT 8080
port STACK_API_ADMIN_PORT 8081
port STACK_ARCHIVE_PORT 8090
port STACK_ARCHIVE_UI_PORT 8091
# Prometheus' endpoints of the components that have none of their own (ops/conf/*-jmx.yml), of the
# Flink jobs, and the monitoring itself.
port STACK_PREAGG_METRICS_PORT 9249
port STACK_ALERTING_METRICS_PORT 9250
port STACK_ARCHIVE_METRICS_PORT 9251
port STACK_KAFKA_METRICS_PORT 9252
port STACK_PINOT_CONTROLLER_METRICS_PORT 9253
port STACK_PINOT_BROKER_METRICS_PORT 9254
port STACK_PINOT_SERVER_METRICS_PORT 9255
port STACK_PINOT_MINION_METRICS_PORT 9256
port STACK_MONITOR_PORT 9096
port STACK_PROMETHEUS_PORT 9090
port STACK_ALERTMANAGER_PORT 9095
# The Flink session cluster of the cluster topology (its REST API and UI is STACK_FLINK_UI_PORT).
port STACK_FLINK_JM_RPC_PORT 6123
port STACK_FLINK_BLOB_PORT 6124
port STACK_FLINK_TM_RPC_PORT 6125
port STACK_FLINK_TM_DATA_PORT 6126
port STACK_FLINK_JM_METRICS_PORT 9258
port STACK_FLINK_TM_METRICS_PORT 9259

PORT_VARS=(STACK_POSTGRES_PORT STACK_KAFKA_PORT STACK_KAFKA_CONTROLLER_PORT STACK_REGISTRY_PORT
  STACK_REGISTRY_MGMT_PORT STACK_ZOOKEEPER_PORT STACK_PINOT_CONTROLLER_PORT STACK_PINOT_BROKER_PORT
  STACK_PINOT_SERVER_PORT STACK_PINOT_SERVER_ADMIN_PORT STACK_PINOT_MINION_PORT STACK_FLINK_UI_PORT
  STACK_API_PORT STACK_API_ADMIN_PORT STACK_ALERTING_UI_PORT STACK_SCHEDULER_PORT STACK_SCHEDULER_ADMIN_PORT
  STACK_ARCHIVE_PORT STACK_ARCHIVE_UI_PORT STACK_PREAGG_METRICS_PORT STACK_ALERTING_METRICS_PORT
  STACK_ARCHIVE_METRICS_PORT STACK_KAFKA_METRICS_PORT STACK_PINOT_CONTROLLER_METRICS_PORT
  STACK_PINOT_BROKER_METRICS_PORT STACK_PINOT_SERVER_METRICS_PORT STACK_PINOT_MINION_METRICS_PORT
  STACK_MONITOR_PORT STACK_PROMETHEUS_PORT STACK_ALERTMANAGER_PORT STACK_FLINK_JM_RPC_PORT STACK_FLINK_BLOB_PORT
  STACK_FLINK_TM_RPC_PORT STACK_FLINK_TM_DATA_PORT STACK_FLINK_JM_METRICS_PORT STACK_FLINK_TM_METRICS_PORT)

# Instance n of a replicated role (kafka-2, metrics-api-2) uses the first instance's ports plus
# 100 per instance after it.
instance_port() { # port-variable [instance]
  local var=$1 instance=${2:-${INSTANCE:-1}}
  echo $((${!var} + 100 * (instance - 1)))
}

save_settings() {
  : >"$STACK_DIR/stack.env"
  echo "STACK_TOPOLOGY=$STACK_TOPOLOGY" >>"$STACK_DIR/stack.env"
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
if [[ $STACK_TOPOLOGY == cluster ]]; then
  KAFKA_BOOTSTRAP=$STACK_HOST:$STACK_KAFKA_PORT,$STACK_HOST:$(instance_port STACK_KAFKA_PORT 2),$STACK_HOST:$(instance_port STACK_KAFKA_PORT 3)
fi
REGISTRY_URL=http://$STACK_HOST:$STACK_REGISTRY_PORT
PINOT_CONTROLLER_URL=http://$STACK_HOST:$STACK_PINOT_CONTROLLER_PORT
PINOT_BROKER_URL=http://$STACK_HOST:$STACK_PINOT_BROKER_PORT
API_URL=http://$STACK_HOST:$STACK_API_PORT
SCHEDULER_URL=http://$STACK_HOST:$STACK_SCHEDULER_PORT
PROMETHEUS_URL=http://$STACK_HOST:$STACK_PROMETHEUS_PORT
ALERTMANAGER_URL=http://$STACK_HOST:$STACK_ALERTMANAGER_PORT
# How often Prometheus scrapes and evaluates its rules: 5 s here, so that the tests see an alert
# within a minute; production keeps Prometheus' usual 15 s (README: "Monitoring").
STACK_PROMETHEUS_INTERVAL=${STACK_PROMETHEUS_INTERVAL:-5s}
