#!/usr/bin/env bash
# One-command quickstart: a real single-node Kafka broker (KRaft), a real Connect worker in distributed mode loading
# the packaged plugins, both API emulators seeded with a realistic data set, and the four connectors created through
# the Connect REST API from config-examples/quickstart/*.json. Shows progress until the flows complete, prints a
# summary, then keeps everything running until Ctrl-C (or exits with --once).
#
# Needs Java 17+, curl, and Maven when something has to be built. Everything it writes lives under .quickstart/.
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
QS="$ROOT/.quickstart"
LOGS="$QS/logs"
CONF="$QS/config"
DATA="$QS/kafka-data"
RENDERED="$QS/connectors"
INFO_FILE="$QS/emulators.env"
STATS_FILE="$QS/emulator-stats.tsv"
PID_FILE="$QS/pids"
# The Kafka version the project builds and tests against (the root pom's kafka.release); --kafka-version picks another.
DEFAULT_KAFKA_VERSION=$(sed -n 's:.*<kafka.release>\(.*\)</kafka.release>.*:\1:p' "$ROOT/pom.xml" | head -n 1)
KAFKA_VERSION="$DEFAULT_KAFKA_VERSION"
EMULATORS_JAR="$ROOT/emulators/target/emulators.jar"
PLUGIN_MODULES=(dynamics-source-connector dotdigital-sink-connector dotdigital-source-connector dynamics-sink-connector)
CONNECTOR_CLASSES=(io.dynamicsdotdigital.dynamics.source.DynamicsSourceConnector
                   io.dynamicsdotdigital.dotdigital.sink.DotdigitalSinkConnector
                   io.dynamicsdotdigital.dotdigital.source.DotdigitalSourceConnector
                   io.dynamicsdotdigital.dynamics.sink.DynamicsSinkConnector)

# The connector names in config-examples/quickstart/*.json, and the topics they use.
DYNAMICS_CONNECTOR=quickstart-dynamics-source
SINK_CONNECTOR=quickstart-dotdigital-sink
DOTDIGITAL_CONNECTOR=quickstart-dotdigital-source
WRITEBACK_CONNECTOR=quickstart-dynamics-writeback
WRITEBACK_TABLE=esc_emailsendsummary
WRITEBACK_DLQ_TOPIC=quickstart-dynamics-writeback-dlq
DYNAMICS_TOPIC_PREFIX=dynamics
DOTDIGITAL_TOPIC_PREFIX=dotdigital
DYNAMICS_TABLES=(contact lead account list listmember campaign)
SINK_DLQ_TOPIC=quickstart-dotdigital-sink-dlq

ONCE=false
KEEP_DATA=false
USE_HTTP=false
FLOW_TIMEOUT=600
POLL_SECONDS=5
STABLE_POLLS=3

usage() {
  cat <<EOF
Usage: ./quickstart.sh [--once] [--keep-data] [--http] [--timeout SECONDS] [--kafka-version VERSION]

Starts a Kafka broker, a Connect worker with the four plugins, the Dataverse and Dotdigital emulators (10,000
contacts, 2,000 leads, 500 accounts, 3 marketing lists, 5 campaigns with activity), creates the connectors from
config-examples/quickstart/*.json and shows progress until Dynamics -> Kafka -> Dotdigital and Dotdigital -> Kafka
have completed. Then prints a summary and keeps running until Ctrl-C. Files and logs: .quickstart/ (logs/ inside).

  --once            exit after the summary (0 only when every flow completed) and stop everything
  --keep-data       keep the Kafka data (topics, connectors, offsets) of the previous run; the emulators still
                    start from fresh data, so the counts then include the previous run's records (default: start
                    from empty topics)
  --http            run the emulators over plain HTTP (connectors get http.allow.plain.http=true)
  --timeout SECONDS how long to wait for the flows to complete (default $FLOW_TIMEOUT)
  --kafka-version V run the broker and the Connect worker of Kafka V (3.7.0 or later; default $DEFAULT_KAFKA_VERSION),
                    for example 3.9.2 as on Confluent Platform 7.9 or Amazon MSK Connect; its jars come from Maven
EOF
}

while [ $# -gt 0 ]; do
  case "$1" in
    --once) ONCE=true ;;
    --keep-data) KEEP_DATA=true ;;
    --http) USE_HTTP=true ;;
    --timeout)
      [ $# -ge 2 ] && [[ "$2" =~ ^[0-9]+$ ]] || { echo "--timeout needs a number of seconds" >&2; exit 2; }
      FLOW_TIMEOUT="$2"; shift ;;
    --kafka-version)
      [ $# -ge 2 ] && [[ "$2" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "--kafka-version needs a version such as 3.9.2" >&2; exit 2; }
      KAFKA_VERSION="$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "Unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

START_EPOCH=$(date +%s)
log() { printf '[quickstart %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { printf '[quickstart %s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }
elapsed() { echo $(( $(date +%s) - START_EPOCH )); }

# ---------------------------------------------------------------- processes we start, and stopping them

PIDS=()
NAMES=()

stop_all() {
  local status=$?
  trap - EXIT INT TERM
  if [ ${#PIDS[@]} -gt 0 ]; then
    log "Stopping everything this quickstart started ..."
    local i
    for (( i=${#PIDS[@]}-1; i>=0; i-- )); do
      local pid="${PIDS[$i]}" name="${NAMES[$i]}"
      if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        local waited=0
        while kill -0 "$pid" 2>/dev/null && [ $waited -lt 60 ]; do sleep 0.5; waited=$((waited + 1)); done
        if kill -0 "$pid" 2>/dev/null; then
          log "  $name (pid $pid) did not stop within 30 s; killing it"
          kill -KILL "$pid" 2>/dev/null || true
        fi
        log "  stopped $name (pid $pid)"
      fi
    done
  fi
  rm -f "$PID_FILE"
  exit $status
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_process NAME LOGFILE COMMAND...: runs COMMAND in the background, remembered for stop_all.
start_process() {
  local name="$1" logfile="$2"; shift 2
  "$@" >"$logfile" 2>&1 &
  local pid=$!
  PIDS+=("$pid"); NAMES+=("$name")
  echo "$pid $name" >> "$PID_FILE"
  log "Started $name (pid $pid, log ${logfile#"$ROOT"/})"
}

require_alive() {
  local i
  for i in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
      local logfile="$LOGS/${NAMES[$i]}.log"
      echo "---- last lines of ${logfile#"$ROOT"/} ----" >&2
      tail -n 30 "$logfile" >&2 || true
      die "${NAMES[$i]} (pid ${PIDS[$i]}) exited unexpectedly; see ${logfile#"$ROOT"/}"
    fi
  done
}

# wait_until SECONDS DESCRIPTION COMMAND...: polls COMMAND every second, fails naming DESCRIPTION on timeout.
wait_until() {
  local timeout="$1" what="$2"; shift 2
  local deadline=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    require_alive
    [ "$(date +%s)" -lt "$deadline" ] || die "timed out after ${timeout}s waiting for $what"
    sleep 1
  done
}

# ---------------------------------------------------------------- preconditions

command -v java >/dev/null || die "java is not on the PATH (Java 17 or later is needed)"
command -v curl >/dev/null || die "curl is not on the PATH"
JAVA_MAJOR=$(java -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}')
[ "${JAVA_MAJOR:-0}" -ge 17 ] 2>/dev/null || die "Java 17 or later is needed; 'java -version' reports ${JAVA_MAJOR:-unknown}"

mkdir -p "$QS" "$LOGS" "$CONF" "$RENDERED"
if [ -f "$PID_FILE" ]; then
  while read -r pid name; do
    if [ -n "${pid:-}" ] && kill -0 "$pid" 2>/dev/null && [[ "$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null)" == *"$QS"* ]]; then
      die "another quickstart is still running ($name, pid $pid); stop it with Ctrl-C in its terminal or 'kill $pid'"
    fi
  done < "$PID_FILE"
  rm -f "$PID_FILE"
fi

if [ "$KAFKA_VERSION" = "$DEFAULT_KAFKA_VERSION" ]; then
  CLASSPATH_FILE="$ROOT/system-tests/target/kafka-classpath.txt"
else
  # Another Kafka's broker, worker and tools, as that release depends on them (kafka-compat/worker/pom.xml).
  CLASSPATH_FILE="$ROOT/kafka-compat/worker/target/kafka-classpath-$KAFKA_VERSION.txt"
fi
need_build=false
for module in "${PLUGIN_MODULES[@]}"; do
  [ -d "$ROOT/$module/target/plugin/$module" ] || need_build=true
done
[ -f "$EMULATORS_JAR" ] || need_build=true
[ "$KAFKA_VERSION" != "$DEFAULT_KAFKA_VERSION" ] || [ -f "$CLASSPATH_FILE" ] || need_build=true
if $need_build; then
  command -v mvn >/dev/null || die "Maven (mvn) is needed to build the plugins and the emulators"
  log "Building the plugins, the emulators and the Kafka classpath (mvn -B -ntp -q -DskipTests package; a few minutes the first time) ..."
  (cd "$ROOT" && timeout 1800 mvn -B -ntp -q -DskipTests package) > "$LOGS/build.log" 2>&1 \
    || { tail -n 40 "$LOGS/build.log" >&2; die "the Maven build failed; see .quickstart/logs/build.log"; }
fi
for module in "${PLUGIN_MODULES[@]}"; do
  [ -d "$ROOT/$module/target/plugin/$module" ] || die "the plugin folder $module/target/plugin/$module is missing after the build"
done
if [ ! -f "$CLASSPATH_FILE" ]; then
  command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch Kafka $KAFKA_VERSION"
  log "Fetching Kafka $KAFKA_VERSION's broker and Connect worker (mvn -f kafka-compat/worker/pom.xml -Dworker.kafka.release=$KAFKA_VERSION) ..."
  (cd "$ROOT" && timeout 900 mvn -B -ntp -q -f kafka-compat/worker/pom.xml "-Dworker.kafka.release=$KAFKA_VERSION" generate-resources) \
    > "$LOGS/kafka-$KAFKA_VERSION-build.log" 2>&1 \
    || { tail -n 40 "$LOGS/kafka-$KAFKA_VERSION-build.log" >&2; die "Kafka $KAFKA_VERSION could not be fetched; see .quickstart/logs/kafka-$KAFKA_VERSION-build.log"; }
fi
log "Kafka $KAFKA_VERSION (broker, Connect worker and tools from ${CLASSPATH_FILE#"$ROOT"/})"
KAFKA_CP="$(cat "$CLASSPATH_FILE")"
# DumpLogSegments moved from kafka.tools (Scala, up to 4.2) to org.apache.kafka.tools (Java, 4.3+).
DUMP_LOG_SEGMENTS=kafka.tools.DumpLogSegments
KAFKA_TOOLS_JAR=$(tr ':' '\n' <<< "$KAFKA_CP" | grep -m1 '/kafka-tools-[0-9][^/]*\.jar$' || true)
if [ -n "$KAFKA_TOOLS_JAR" ] && command -v jar >/dev/null \
   && jar tf "$KAFKA_TOOLS_JAR" | grep -x 'org/apache/kafka/tools/DumpLogSegments.class' >/dev/null; then
  DUMP_LOG_SEGMENTS=org.apache.kafka.tools.DumpLogSegments
fi
[ -n "$KAFKA_CP" ] || die "$CLASSPATH_FILE is empty"

# ---------------------------------------------------------------- ports

CHOSEN_PORTS=" "
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() {
  local port="$1" tries=0
  while port_in_use "$port" || [[ "$CHOSEN_PORTS" == *" $port "* ]]; do
    port=$((port + 1)); tries=$((tries + 1))
    [ $tries -lt 200 ] || die "no free port found near $1"
  done
  CHOSEN_PORTS="$CHOSEN_PORTS$port "
  echo "$port"
}
BROKER_PORT=$(pick_port 9092); CHOSEN_PORTS="$CHOSEN_PORTS$BROKER_PORT "
CONTROLLER_PORT=$(pick_port 9093); CHOSEN_PORTS="$CHOSEN_PORTS$CONTROLLER_PORT "
CONNECT_PORT=$(pick_port 8083); CHOSEN_PORTS="$CHOSEN_PORTS$CONNECT_PORT "
DATAVERSE_PORT=$(pick_port 8081); CHOSEN_PORTS="$CHOSEN_PORTS$DATAVERSE_PORT "
DOTDIGITAL_PORT=$(pick_port 8082); CHOSEN_PORTS="$CHOSEN_PORTS$DOTDIGITAL_PORT "
JMX_PORT=$(pick_port 9999); CHOSEN_PORTS="$CHOSEN_PORTS$JMX_PORT "
BOOTSTRAP="127.0.0.1:$BROKER_PORT"
CONNECT_URL="http://127.0.0.1:$CONNECT_PORT"

# ---------------------------------------------------------------- Kafka broker (KRaft, combined broker + controller)

cat > "$CONF/log4j.properties" <<EOF
log4j.rootLogger=INFO, stdout
log4j.appender.stdout=org.apache.log4j.ConsoleAppender
log4j.appender.stdout.layout=org.apache.log4j.PatternLayout
log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.org.apache.kafka.clients=WARN
log4j.logger.org.apache.kafka.common.config.AbstractConfig=WARN
log4j.logger.org.reflections=ERROR
EOF
cat > "$CONF/tools-log4j.properties" <<EOF
log4j.rootLogger=ERROR, stderr
log4j.appender.stderr=org.apache.log4j.ConsoleAppender
log4j.appender.stderr.Target=System.err
log4j.appender.stderr.layout=org.apache.log4j.PatternLayout
log4j.appender.stderr.layout.ConversionPattern=%p %m%n
EOF

cat > "$CONF/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$BROKER_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$BROKER_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
# Keep every record for exploring, also across --keep-data runs that span days (the connectors' records carry their
# produce time, so the default 7-day retention would be safe too, but would drop old runs' data).
log.retention.ms=-1
EOF

if ! $KEEP_DATA; then
  rm -rf "$DATA"
fi
KAFKA_TOOL_OPTS=(-Xmx256m "-Dlog4j.configuration=file:$CONF/tools-log4j.properties")
if [ ! -f "$DATA/meta.properties" ]; then
  CLUSTER_ID=$(java "${KAFKA_TOOL_OPTS[@]}" -cp "$KAFKA_CP" kafka.tools.StorageTool random-uuid 2>>"$LOGS/storage-format.log" | tail -n 1)
  [ -n "$CLUSTER_ID" ] || die "kafka.tools.StorageTool random-uuid printed no cluster id; see .quickstart/logs/storage-format.log"
  log "Formatting Kafka storage in ${DATA#"$ROOT"/} (cluster id $CLUSTER_ID)"
  java "${KAFKA_TOOL_OPTS[@]}" -cp "$KAFKA_CP" kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$CONF/server.properties" \
    >> "$LOGS/storage-format.log" 2>&1 || die "formatting Kafka storage failed; see .quickstart/logs/storage-format.log"
fi

start_process kafka "$LOGS/kafka.log" \
  java -Xms256m -Xmx512m "-Dlog4j.configuration=file:$CONF/log4j.properties" -cp "$KAFKA_CP" kafka.Kafka "$CONF/server.properties"

# ---------------------------------------------------------------- emulators (started while the broker comes up)

EMULATOR_ARGS=(--dataverse-port "$DATAVERSE_PORT" --dotdigital-port "$DOTDIGITAL_PORT"
               --seed-contacts 10000 --seed-leads 2000 --seed-accounts 500 --seed-lists 4 --seed-campaigns 5
               --state-dir "$QS" --truststore-password changeit
               --info-file "$INFO_FILE" --stats-file "$STATS_FILE")
$USE_HTTP && EMULATOR_ARGS+=(--http)
rm -f "$INFO_FILE" "$STATS_FILE"
start_process emulators "$LOGS/emulators.log" java -Xmx768m -jar "$EMULATORS_JAR" "${EMULATOR_ARGS[@]}"

wait_until 120 "the Kafka broker on $BOOTSTRAP" port_in_use "$BROKER_PORT"
log "Kafka broker up on $BOOTSTRAP"

# ---------------------------------------------------------------- Connect worker (distributed mode)

PLUGIN_PATH=""
for module in "${PLUGIN_MODULES[@]}"; do
  PLUGIN_PATH="${PLUGIN_PATH:+$PLUGIN_PATH,}$ROOT/$module/target/plugin"
done
cat > "$CONF/connect-distributed.properties" <<EOF
bootstrap.servers=$BOOTSTRAP
group.id=quickstart-connect
listeners=http://127.0.0.1:$CONNECT_PORT
rest.advertised.host.name=127.0.0.1
rest.advertised.port=$CONNECT_PORT
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
config.storage.topic=quickstart-connect-configs
offset.storage.topic=quickstart-connect-offsets
status.storage.topic=quickstart-connect-status
config.storage.replication.factor=1
offset.storage.replication.factor=1
status.storage.replication.factor=1
offset.flush.interval.ms=5000
plugin.path=$PLUGIN_PATH
plugin.discovery=service_load
exactly.once.source.support=enabled
config.providers=file
config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider
EOF

start_process connect "$LOGS/connect.log" \
  java -Xms256m -Xmx1g "-Dlog4j.configuration=file:$CONF/log4j.properties" \
  -Dcom.sun.management.jmxremote.port="$JMX_PORT" -Dcom.sun.management.jmxremote.rmi.port="$JMX_PORT" \
  -Dcom.sun.management.jmxremote.host=127.0.0.1 -Djava.rmi.server.hostname=127.0.0.1 \
  -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false \
  -cp "$KAFKA_CP" org.apache.kafka.connect.cli.ConnectDistributed "$CONF/connect-distributed.properties"

rest() { curl -sS --max-time 30 "$@"; }
wait_until 240 "the Connect worker's REST API at $CONNECT_URL" rest -f "$CONNECT_URL/connector-plugins"
PLUGINS_JSON=$(rest -f "$CONNECT_URL/connector-plugins")
for cls in "${CONNECTOR_CLASSES[@]}"; do
  [[ "$PLUGINS_JSON" == *"\"$cls\""* ]] || die "the worker did not load $cls from plugin.path; see .quickstart/logs/connect.log"
done
log "Connect worker up at $CONNECT_URL with the four plugins loaded"

wait_until 240 "the emulators to write ${INFO_FILE#"$ROOT"/}" test -s "$INFO_FILE"
# shellcheck disable=SC1090
. "$INFO_FILE"
log "Emulators up: Dataverse $DATAVERSE_URL, Dotdigital $DOTDIGITAL_API_ENDPOINT (trust store ${TRUSTSTORE_PATH#"$ROOT"/})"

# ---------------------------------------------------------------- connectors, created through the REST API

# Placeholders in config-examples/quickstart/*.json: {{NAME}} for every NAME in .quickstart/emulators.env
# (DATAVERSE_URL, DATAVERSE_AUTHORITY, DATAVERSE_TENANT_ID, DATAVERSE_CLIENT_ID, DATAVERSE_CLIENT_SECRET,
# DOTDIGITAL_API_ENDPOINT, DOTDIGITAL_SOAP_URL, DOTDIGITAL_API_USER, DOTDIGITAL_API_PASSWORD, TRUSTSTORE_PATH,
# TRUSTSTORE_PASSWORD, ALLOW_PLAIN_HTTP, ...), and KAFKA_BOOTSTRAP_SERVERS (the local broker).
KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP"
render() {
  local template="$1" content key value
  content="$(cat "$template")"
  while IFS='=' read -r key _; do
    [ -n "$key" ] || continue
    value="${!key}"
    content="${content//"{{$key}}"/"$value"}"
  done < <(cat "$INFO_FILE"; echo "KAFKA_BOOTSTRAP_SERVERS=")
  if [[ "$content" =~ \{\{([A-Z_]+)\}\} ]]; then
    die "${template#"$ROOT"/} uses the placeholder {{${BASH_REMATCH[1]}}}, which the emulators do not provide"
  fi
  printf '%s\n' "$content"
}

declare -A CREATED_AT
# create_connectors DIR [NAME ...]: POST /connectors with the templates of DIR (NAME.json, or all), rendered.
create_connectors() {
  local dir="$1" template rendered name code templates=()
  shift
  if [ $# -gt 0 ]; then for name in "$@"; do templates+=("$dir/$name.json"); done; else templates=("$dir"/*.json); fi
  for template in "${templates[@]}"; do
    [ -f "$template" ] || die "no connector configs in ${1#"$ROOT"/}/"
    rendered="$RENDERED/$(basename "$template")"
    render "$template" > "$rendered"
    name=$(grep -o '"name"[[:space:]]*:[[:space:]]*"[^"]*"' "$rendered" | sed -n '1s/.*"\([^"]*\)"$/\1/p' || true)
    code=$(curl -sS --max-time 120 -o "$RENDERED/$name.response.json" -w '%{http_code}' \
             -X POST -H 'Content-Type: application/json' --data @"$rendered" "$CONNECT_URL/connectors") \
      || die "POST $CONNECT_URL/connectors failed for $name"
    case "$code" in
      201) log "Created connector $name (POST /connectors with ${template#"$ROOT"/})" ;;
      409) log "Connector $name already exists (kept from the previous run with --keep-data)" ;;
      *) cat "$RENDERED/$name.response.json" >&2; echo >&2
         die "creating $name answered HTTP $code (see above; config: ${rendered#"$ROOT"/})" ;;
    esac
    CREATED_AT[$name]=$(date +%s)
  done
}
create_connectors "$ROOT/config-examples/quickstart"
# The solution's entities too, each row linked to the contact or lead with its email (config-examples/writeback/).
LINKED_PRESETS=(email-send-summary email-click email-suppression)
create_connectors "$ROOT/config-examples/writeback" "${LINKED_PRESETS[@]}"
for name in "$DYNAMICS_CONNECTOR" "$SINK_CONNECTOR" "$DOTDIGITAL_CONNECTOR" "$WRITEBACK_CONNECTOR"; do
  [ -n "${CREATED_AT[$name]:-}" ] || die "config-examples/quickstart/ has no connector named $name"
done

# ---------------------------------------------------------------- progress

# Connector (and task) state: RUNNING, FAILED, ... ; FAILED when any task failed.
connector_state() {
  local status states
  status=$(rest "$CONNECT_URL/connectors/$1/status" 2>/dev/null) || { echo "UNKNOWN"; return; }
  states=$(printf '%s' "$status" | grep -o '"state":"[A-Z_]*"' | sed 's/"state":"\(.*\)"/\1/' || true)
  local first="${states%%$'\n'*}"
  if [[ "$states" == *FAILED* ]]; then echo FAILED
  elif [[ "$states" != *$'\n'* ]]; then echo "${first:-UNKNOWN}(no tasks yet)"
  else echo "$first"
  fi
}

failure_trace() {
  rest "$CONNECT_URL/connectors/$1/status" 2>/dev/null | grep -o '"trace":"[^"]*' | sed -n 1p | cut -c10-900 | sed 's/\\n/\n    /g; s/\\t/ /g'
}

# Reads the broker's own log segments (kafka.tools.DumpLogSegments, read-only) and prints, for our topics,
# "count <topic> <records>" (data batches only: transaction markers are not records) and
# "end <topic> <partition> <offset after the last record>" (what a sink that processed everything commits; a
# trailing transaction marker is not a record to process).
log_summary() {
  local files
  files=$(ls "$DATA"/"$DYNAMICS_TOPIC_PREFIX".*-[0-9]*/*.log "$DATA"/"$DOTDIGITAL_TOPIC_PREFIX".*-[0-9]*/*.log \
             "$DATA"/quickstart-*-dlq-[0-9]*/*.log "$DATA"/writeback-*-dlq-[0-9]*/*.log 2>/dev/null | paste -sd, -)
  [ -n "$files" ] || return 0
  timeout 60 java "${KAFKA_TOOL_OPTS[@]}" -cp "$KAFKA_CP" "$DUMP_LOG_SEGMENTS" --files "$files" 2>/dev/null | awk '
    /^Dumping / { d = $2; sub(/\/[^\/]*$/, "", d); sub(/.*\//, "", d)
                  part = d; sub(/.*-/, "", part); topic = d; sub(/-[0-9]+$/, "", topic); seen[topic] = 1 }
    /^baseOffset: / {
      for (i = 1; i < NF; i++) { if ($i == "lastOffset:") last = $(i + 1); if ($i == "count:") cnt = $(i + 1) }
      if ($0 ~ /isControl: false/) { n[topic] += cnt; if (last + 1 > endo[topic " " part]) endo[topic " " part] = last + 1 } }
    END { for (t in seen) print "count", t, n[t] + 0; for (tp in endo) print "end", tp, endo[tp] }' | sort
}

# "topic partition offset" lines: what the sink connector has committed (GET /connectors/{name}/offsets).
# sink_committed_offsets [CONNECTOR]: "topic partition offset" per partition the sink connector committed.
sink_committed_offsets() {
  rest "$CONNECT_URL/connectors/${1:-$SINK_CONNECTOR}/offsets" 2>/dev/null | sed 's/{"partition"/\n/g' | awk '
    { t = ""; p = ""; o = "" }
    match($0, /"kafka_topic":"[^"]*"/) { t = substr($0, RSTART + 15, RLENGTH - 16) }
    match($0, /"kafka_partition":[0-9]+/) { p = substr($0, RSTART + 18, RLENGTH - 18) }
    match($0, /"kafka_offset":[0-9]+/) { o = substr($0, RSTART + 15, RLENGTH - 15) }
    t != "" && o != "" { print t, p, o }'
}

# sink_progress OFFSETS: from a sink connector's committed "topic partition offset" lines, sets P_CONSUMED (offsets
# summed), P_LAG (records not yet committed), P_TOPICS (partitions) and P_RECORDS (records in the topics read).
sink_progress() {
  local topic partition offset end n counted=" "
  P_CONSUMED=0; P_LAG=0; P_TOPICS=0; P_RECORDS=0
  while read -r topic partition offset; do
    [ -n "${topic:-}" ] || continue
    P_TOPICS=$((P_TOPICS + 1))
    P_CONSUMED=$((P_CONSUMED + offset))
    end=$(end_of "$topic" "$partition"); end=${end:-0}
    [ "$offset" -ge "$end" ] || P_LAG=$((P_LAG + end - offset))
    if [[ "$counted" != *" $topic "* ]]; then
      n=$(count_of "$topic"); P_RECORDS=$((P_RECORDS + ${n:-0})); counted="$counted$topic "
    fi
  done <<< "$1"
}

stat_value() { awk -F'\t' -v k="$1" '$1 == "rows" && $2 == k { print $3 }' "$STATS_FILE" 2>/dev/null | sed -n 1p || true; }

# API calls as the emulators counted them. Dotdigital calls are attributed by endpoint: the source connector reads
# tracking data (GET .../since..., campaigns, surveys, preferences); everything else is the sink's.
api_calls_dataverse() { awk -F'\t' '$1 == "requests" && $2 == "dataverse" { n += $4 } END { print n + 0 }' "$STATS_FILE" 2>/dev/null || echo 0; }
api_calls_dotdigital() {
  awk -F'\t' -v want="$1" '$1 == "requests" && $2 == "dotdigital" {
      split($3, mp, " "); source = (mp[1] == "GET" && $3 ~ /since|\/campaigns|\/surveys|\/preferences/)
      if ((want == "source") == source) n += $4 }
    END { print n + 0 }' "$STATS_FILE" 2>/dev/null || echo 0
}

# The connectors' own plugin metrics, read once over JMX from the worker (kafka.connect:type=plugins,...) the way an
# operator's JMX tool would: one "objectname:attribute=value" line per metric.
JMX_URL="service:jmx:rmi:///jndi/rmi://127.0.0.1:$JMX_PORT/jmxrmi"
read_plugin_metrics() {
  timeout 60 java "${KAFKA_TOOL_OPTS[@]}" -cp "$KAFKA_CP" org.apache.kafka.tools.JmxTool --jmx-url "$JMX_URL" \
    --object-name 'kafka.connect:type=plugins,*' --one-time true --report-format properties 2>/dev/null || true
}
# metric_total METRICS CONNECTOR NAME: NAME summed over the connector's tasks and tags; empty when not reported.
metric_total() {
  printf '%s\n' "$1" | awk -v c="connector=$2," -v m="$3" 'index($0, c) {
      n = split($0, p, ":"); split(p[n], kv, "="); if (kv[1] == m) { s += kv[2]; seen = 1 } }
    END { if (seen) print s }'
}

# 12345 -> 12,345
fmt() { printf '%s' "${1:-0}" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }

declare -A DONE_AT
declare -A LAST_TOTAL
declare -A STABLE
declare -A SINCE
LOGSUM=""
COMMITTED=""

count_of() { printf '%s\n' "$LOGSUM" | awk -v t="$1" '$1 == "count" && $2 == t { print $3 }' | sed -n 1p || true; }
end_of() { printf '%s\n' "$LOGSUM" | awk -v t="$1" -v p="$2" '$1 == "end" && $2 == t && $3 == p { print $4 }' | sed -n 1p || true; }
sum_of_prefix() { printf '%s\n' "$LOGSUM" | awk -v p="$1." '$1 == "count" && index($2, p) == 1 { n += $3 } END { print n + 0 }'; }
counts_of_prefix() {
  printf '%s\n' "$LOGSUM" | awk -v p="$1." '$1 == "count" && index($2, p) == 1 { printf "%s%s %s", sep, substr($2, length(p) + 1), $3; sep = ", " }'
}

# A flow is complete once its numbers reached their target and did not move for STABLE_POLLS polls; its time is
# when those final numbers were first seen. A flow fed by another counts as met only in polls where its feeder's
# target is met too, so the two can become stable in the same polls instead of one after the other.
mark_progress() {
  local flow="$1" total="$2" target_met="$3"
  if [ "$target_met" = true ] && [ "${LAST_TOTAL[$flow]:-x}" = "$total" ]; then
    STABLE[$flow]=$(( ${STABLE[$flow]:-0} + 1 ))
  else
    STABLE[$flow]=0
    SINCE[$flow]=$(date +%s)
  fi
  LAST_TOTAL[$flow]="$total"
  if [ -z "${DONE_AT[$flow]:-}" ] && [ "${STABLE[$flow]}" -ge "$STABLE_POLLS" ]; then
    DONE_AT[$flow]="${SINCE[$flow]}"
    log "Flow complete: $flow"
  fi
}

check_failed() {
  local name="$1" state="$2"
  if [ "$state" = FAILED ]; then
    log "Connector $name FAILED:"
    failure_trace "$name" >&2 || true
    FAILED_CONNECTOR="$name"
  fi
}

DYNAMICS_EXPECTED=0
for table in "${DYNAMICS_TABLES[@]}"; do
  var="SEEDED_DATAVERSE_${table^^}"
  DYNAMICS_EXPECTED=$((DYNAMICS_EXPECTED + ${!var:-0}))
done
DOTDIGITAL_CONTACTS_BEFORE="${SEEDED_DOTDIGITAL_CONTACTS:-0}"
FAILED_CONNECTOR=""
DEADLINE=$(( $(date +%s) + FLOW_TIMEOUT ))
log "Waiting for the flows (up to ${FLOW_TIMEOUT}s): Dynamics -> Kafka ($(fmt $DYNAMICS_EXPECTED) rows), Kafka -> Dotdigital, Dotdigital -> Kafka, Kafka -> Dynamics"

while :; do
  require_alive
  LOGSUM="$(log_summary || true)"
  COMMITTED="$(sink_committed_offsets || true)"
  dyn_state=$(connector_state "$DYNAMICS_CONNECTOR")
  sink_state=$(connector_state "$SINK_CONNECTOR")
  dd_state=$(connector_state "$DOTDIGITAL_CONNECTOR")
  wb_state=$(connector_state "$WRITEBACK_CONNECTOR")
  check_failed "$WRITEBACK_CONNECTOR" "$wb_state"
  check_failed "$DYNAMICS_CONNECTOR" "$dyn_state"
  check_failed "$SINK_CONNECTOR" "$sink_state"
  check_failed "$DOTDIGITAL_CONNECTOR" "$dd_state"

  # Dynamics -> Kafka: every seeded table fully in its topic.
  dyn_total=0; dyn_met=true; dyn_detail=""
  for table in "${DYNAMICS_TABLES[@]}"; do
    var="SEEDED_DATAVERSE_${table^^}"
    n=$(count_of "$DYNAMICS_TOPIC_PREFIX.$table"); n=${n:-0}
    dyn_total=$((dyn_total + n))
    [ "$n" -ge "${!var:-0}" ] || dyn_met=false
    dyn_detail="$dyn_detail $table $(fmt "$n")/$(fmt "${!var:-0}")"
  done
  [ "$dyn_state" = RUNNING ] || dyn_met=false
  mark_progress "Dynamics -> Kafka" "$dyn_total" "$dyn_met"

  # Kafka -> Dotdigital: the sink committed everything in the topics it reads.
  sink_progress "$COMMITTED"
  sink_consumed=$P_CONSUMED; sink_lag=$P_LAG; sink_topics=$P_TOPICS; sink_records=$P_RECORDS
  dd_contacts=$(stat_value dotdigital.contacts); dd_contacts=${dd_contacts:-0}
METRICS="$(read_plugin_metrics)"
# API calls as each connector's metrics count them (api-calls-total); the emulators' own counts only as a fallback.
calls_dynamics=$(metric_total "$METRICS" "$DYNAMICS_CONNECTOR" api-calls-total); calls_dynamics=${calls_dynamics:-$(api_calls_dataverse)}
calls_sink=$(metric_total "$METRICS" "$SINK_CONNECTOR" api-calls-total); calls_sink=${calls_sink:-$(api_calls_dotdigital sink)}
calls_source=$(metric_total "$METRICS" "$DOTDIGITAL_CONNECTOR" api-calls-total); calls_source=${calls_source:-$(api_calls_dotdigital source)}
  sink_met=false
  if [ "$sink_state" = RUNNING ] && [ "$dyn_met" = true ] && [ "$sink_topics" -gt 0 ] \
     && [ "$sink_lag" -eq 0 ] && [ "$dd_contacts" -gt "$DOTDIGITAL_CONTACTS_BEFORE" ]; then
    sink_met=true
  fi
  mark_progress "Kafka -> Dotdigital" "$sink_consumed/$dd_contacts/$dyn_total" "$sink_met"

  # Dotdigital -> Kafka: tracking topics filled and no longer growing.
  dd_total=$(sum_of_prefix "$DOTDIGITAL_TOPIC_PREFIX")
  dd_met=false
  if [ "$dd_state" = RUNNING ] && [ "$dd_total" -gt 0 ]; then dd_met=true; fi
  mark_progress "Dotdigital -> Kafka" "$dd_total" "$dd_met"

  # Kafka -> Dynamics: the write-back sink committed everything in its topic, after the tracking data arrived.
  sink_progress "$(sink_committed_offsets "$WRITEBACK_CONNECTOR" || true)"
  wb_consumed=$P_CONSUMED; wb_lag=$P_LAG; wb_topics=$P_TOPICS
  wb_rows=$(stat_value "dataverse.$WRITEBACK_TABLE"); wb_rows=${wb_rows:-0}
  wb_met=false
  if [ "$wb_state" = RUNNING ] && [ "$dd_met" = true ] && [ "$wb_topics" -gt 0 ] \
     && [ "$wb_lag" -eq 0 ] && [ "$wb_rows" -gt 0 ]; then
    wb_met=true
  fi
  mark_progress "Kafka -> Dynamics" "$wb_consumed/$wb_rows/$dd_total" "$wb_met"

  # Kafka -> Dynamics, linked: the presets committed everything in their topics, after the tracking data arrived.
  linked_met=true; linked_total=0; linked_detail=""
  [ "$dd_met" = true ] || linked_met=false
  for preset in "${LINKED_PRESETS[@]}"; do
    st=$(connector_state "writeback-$preset"); check_failed "writeback-$preset" "$st"
    sink_progress "$(sink_committed_offsets "writeback-$preset" || true)"
    if [ "$st" != RUNNING ] || [ "$P_TOPICS" -eq 0 ] || [ "$P_LAG" -ne 0 ]; then linked_met=false; fi
    linked_total=$((linked_total + P_CONSUMED))
    linked_detail="$linked_detail $preset $(fmt $P_CONSUMED) (dead-lettered $(fmt "$(count_of "writeback-$preset-dlq")"))"
  done
  mark_progress "Kafka -> Dynamics, linked" "$linked_total/$dd_total" "$linked_met"

  printf '\n[%4ss] Dynamics -> Kafka     %-10s rows in Kafka %s / %s  (%s)\n' "$(elapsed)" "$dyn_state" \
    "$(fmt $dyn_total)" "$(fmt $DYNAMICS_EXPECTED)" "${dyn_detail# }"
  printf '       Kafka -> Dotdigital  %-10s records done %s (lag %s, dead-lettered %s), contacts in Dotdigital %s (was %s)\n' \
    "$sink_state" "$(fmt $sink_consumed)" "$(fmt $sink_lag)" "$(fmt "$(count_of "$SINK_DLQ_TOPIC")")" "$(fmt "$dd_contacts")" \
    "$(fmt "$DOTDIGITAL_CONTACTS_BEFORE")"
  printf '       Dotdigital -> Kafka  %-10s tracking records in Kafka %s  (%s)\n' "$dd_state" "$(fmt "$dd_total")" \
    "$(counts_of_prefix "$DOTDIGITAL_TOPIC_PREFIX")"
  printf '       Kafka -> Dynamics    %-10s send summaries done %s (lag %s, dead-lettered %s), rows in %s %s\n' \
    "$wb_state" "$(fmt $wb_consumed)" "$(fmt $wb_lag)" "$(fmt "$(count_of "$WRITEBACK_DLQ_TOPIC")")" "$WRITEBACK_TABLE" \
    "$(fmt "$wb_rows")"
  printf '       Kafka -> Dynamics    linked to contacts/leads: records done%s\n' "$linked_detail"

  if [ -n "$FAILED_CONNECTOR" ]; then break; fi
  if [ -n "${DONE_AT["Dynamics -> Kafka"]:-}" ] && [ -n "${DONE_AT["Kafka -> Dotdigital"]:-}" ] \
     && [ -n "${DONE_AT["Dotdigital -> Kafka"]:-}" ] && [ -n "${DONE_AT["Kafka -> Dynamics"]:-}" ] \
     && [ -n "${DONE_AT["Kafka -> Dynamics, linked"]:-}" ]; then
    break
  fi
  if [ "$(date +%s)" -ge "$DEADLINE" ]; then
    log "Timed out after ${FLOW_TIMEOUT}s before every flow completed"
    break
  fi
  sleep "$POLL_SECONDS"
done

# ---------------------------------------------------------------- campaign sends requested in Dynamics

# Once the contacts and lists are in Dotdigital, a marketer requests two sends in Dynamics: an Email Send to a
# marketing list and an Email Single Send to one contact (config-examples/quickstart/campaign-sends/: a send
# connector per table, carrying each out at most once, and a write-back per table putting the outcome on the row).
SEND_LINES=()
SENDS_DONE=skipped
# dataverse_call METHOD PATH [JSON]: the Web API with a fresh token (kept out of the process list), headers and body.
dataverse_call() {
  local auth="$RENDERED/.dataverse-auth" form="$RENDERED/.dataverse-form" token
  ( umask 077
    printf 'grant_type=client_credentials&client_id=%s&client_secret=%s&scope=%s/.default' \
      "$DATAVERSE_CLIENT_ID" "$DATAVERSE_CLIENT_SECRET" "$DATAVERSE_URL" > "$form" )
  token=$(curl -sS --max-time 30 --cacert "$CA_PEM_PATH" -X POST --data @"$form" \
            "${DATAVERSE_AUTHORITY%/}/oauth2/v2.0/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
  ( umask 077; printf 'Authorization: Bearer %s\n' "$token" > "$auth" )
  curl -sS --max-time 30 --cacert "$CA_PEM_PATH" -i -X "$1" -H @"$auth" -H 'Accept: application/json' \
    -H 'Content-Type: application/json' ${3:+--data "$3"} "${DATAVERSE_WEB_API_URL%/}/$2" | tr -d '\r'
  rm -f "$auth" "$form"
}
# request_send ENTITYSET JSON: creates the row, prints its id.
request_send() {
  dataverse_call POST "$1" "$2" | sed -n 's/^[Oo][Dd]ata-[Ee]ntity[Ii]d: .*(\([0-9a-fA-F-]*\))$/\1/p'
}
# send_row ENTITYSET ID: "status|recipients|reason" of the row.
send_row() {
  dataverse_call GET "$1($2)?\$select=esc_sendstatus,esc_outcomereason${3:+,$3}" | sed -n '/^{/p' | awk '
    { s = $0; st = ""; rc = ""; rs = ""
      if (match(s, /"esc_sendstatus":"[^"]*"/)) st = substr(s, RSTART + 18, RLENGTH - 19)
      if (match(s, /"esc_recipientcount":[0-9]+/)) rc = substr(s, RSTART + 21, RLENGTH - 21)
      if (match(s, /"esc_outcomereason":"[^"]*"/)) rs = substr(s, RSTART + 21, RLENGTH - 22)
      print st "|" rc "|" rs }'
}
if [ -z "$FAILED_CONNECTOR" ] && [ -n "${DONE_AT["Kafka -> Dotdigital"]:-}" ] && [ -n "${DEMO_SEND_CAMPAIGN_ID:-}" ] \
   && [ -n "${DEMO_SEND_LIST:-}" ] && [ -n "${DEMO_SEND_EMAIL:-}" ]; then
  create_connectors "$ROOT/config-examples/quickstart/campaign-sends"
  SENDS_START=$(date +%s)
  list_send=$(request_send esc_emailsends "{\"esc_name\":\"Quickstart newsletter\",\"esc_dotdigitalcampaignid\":$DEMO_SEND_CAMPAIGN_ID,\"esc_marketinglists\":\"$DEMO_SEND_LIST\",\"esc_sendstatus\":\"Requested\"}")
  single_send=$(request_send esc_emailsinglesends "{\"esc_name\":\"Quickstart welcome email\",\"esc_dotdigitalcampaignid\":$DEMO_SEND_CAMPAIGN_ID,\"esc_emailaddress\":\"$DEMO_SEND_EMAIL\",\"esc_sendstatus\":\"Requested\"}")
  [ -n "$list_send" ] && [ -n "$single_send" ] || die "creating the Email Send rows in the Dataverse emulator failed"
  log "Requested in Dynamics: Email Send $list_send (campaign $DEMO_SEND_CAMPAIGN_ID to list '$DEMO_SEND_LIST'), Email Single Send $single_send (to $DEMO_SEND_EMAIL)"
  SENDS_DONE=false
  while :; do
    require_alive
    list_row=$(send_row esc_emailsends "$list_send" esc_recipientcount)
    single_row=$(send_row esc_emailsinglesends "$single_send")
    printf '[%4ss] Campaign sends       Email Send: %s   Email Single Send: %s\n' "$(elapsed)" \
      "${list_row%%|*}" "${single_row%%|*}"
    case "${list_row%%|*}/${single_row%%|*}" in
      Sent/Sent) SENDS_DONE=true; break ;;
      Requested/*|*/Requested|/*|*/) ;;
      *) break ;;
    esac
    if [ $(( $(date +%s) - SENDS_START )) -ge 240 ]; then log "Timed out waiting for the campaign send outcomes"; break; fi
    sleep "$POLL_SECONDS"
  done
  IFS='|' read -r st rc rs <<< "$list_row"
  SEND_LINES+=("Email Send '$DEMO_SEND_LIST' (campaign $DEMO_SEND_CAMPAIGN_ID): ${st:-no outcome}, ${rc:-?} recipients${rs:+ ($rs)}, $(( $(date +%s) - SENDS_START )) s after the request")
  IFS='|' read -r st rc rs <<< "$single_row"
  SEND_LINES+=("Email Single Send to $DEMO_SEND_EMAIL: ${st:-no outcome}${rs:+ ($rs)}")
fi

# ---------------------------------------------------------------- summary

LOGSUM="$(log_summary || true)"
flow_time() {
  local flow="$1" connector="$2"
  if [ -n "${DONE_AT[$flow]:-}" ]; then echo "$(( DONE_AT[$flow] - CREATED_AT[$connector] )) s"; else echo "not complete"; fi
}

dd_contacts=$(stat_value dotdigital.contacts); dd_contacts=${dd_contacts:-0}
echo
echo "=================================================================================================="
printf '%-22s %-30s %-10s %14s %10s %14s\n' "flow" "connector" "state" "records" "API calls" "time"
printf '%-22s %-30s %-10s %14s %10s %14s\n' "Dynamics -> Kafka" "$DYNAMICS_CONNECTOR" "$(connector_state "$DYNAMICS_CONNECTOR")" \
  "$(fmt "$(sum_of_prefix "$DYNAMICS_TOPIC_PREFIX")")" "$(fmt "$calls_dynamics")" "$(flow_time "Dynamics -> Kafka" "$DYNAMICS_CONNECTOR")"
printf '%-22s %-30s %-10s %14s %10s %14s\n' "Kafka -> Dotdigital" "$SINK_CONNECTOR" "$(connector_state "$SINK_CONNECTOR")" \
  "$(fmt "$( [ -n "${DONE_AT["Kafka -> Dotdigital"]:-}" ] && echo "$sink_records" || echo "$sink_consumed")")" "$(fmt "$calls_sink")" "$(flow_time "Kafka -> Dotdigital" "$SINK_CONNECTOR")"
printf '%-22s %-30s %-10s %14s %10s %14s\n' "Dotdigital -> Kafka" "$DOTDIGITAL_CONNECTOR" "$(connector_state "$DOTDIGITAL_CONNECTOR")" \
  "$(fmt "$(sum_of_prefix "$DOTDIGITAL_TOPIC_PREFIX")")" "$(fmt "$calls_source")" "$(flow_time "Dotdigital -> Kafka" "$DOTDIGITAL_CONNECTOR")"
calls_writeback=$(metric_total "$METRICS" "$WRITEBACK_CONNECTOR" api-calls-total)
printf '%-22s %-30s %-10s %14s %10s %14s\n' "Kafka -> Dynamics" "$WRITEBACK_CONNECTOR" "$(connector_state "$WRITEBACK_CONNECTOR")" \
  "$(fmt "${wb_consumed:-0}")" "$(fmt "${calls_writeback:-0}")" "$(flow_time "Kafka -> Dynamics" "$WRITEBACK_CONNECTOR")"
echo "--------------------------------------------------------------------------------------------------"
if [ -n "$METRICS" ]; then
  echo "Connector metrics over JMX (service:jmx:rmi:///jndi/rmi://127.0.0.1:$JMX_PORT/jmxrmi, docs/metrics.md):"
  for pair in "$DYNAMICS_CONNECTOR:records-read-total snapshot-pages-total api-retries-total api-throttled-total" \
              "$SINK_CONNECTOR:records-received-total contacts-imported-total imports-finished-total dlq-records-total api-retries-total" \
              "$DOTDIGITAL_CONNECTOR:records-read-total api-pages-total duplicates-suppressed-total api-throttled-total" \
              "$WRITEBACK_CONNECTOR:rows-written-total batches-total records-failed-total api-retries-total"; do
    c=${pair%%:*}; line=""
    for m in ${pair#*:}; do v=$(metric_total "$METRICS" "$c" "$m"); line="$line $m=$(fmt "${v:-0}")"; done
    printf '  %-30s%s\n' "$c" "$line"
  done
else
  echo "(the worker's JMX metrics could not be read; API calls above are the emulators' counts)"
fi
echo "Records per topic:"
printf '%s\n' "$LOGSUM" | awk '$1 == "count" { printf "  %-45s %10d\n", $2, $3 }'
echo "Contacts in Dotdigital: $(fmt "$dd_contacts") (seeded with $(fmt "$DOTDIGITAL_CONTACTS_BEFORE")); records the sink sent to its dead-letter queue $SINK_DLQ_TOPIC: $(fmt "$(count_of "$SINK_DLQ_TOPIC")")"
echo "Send summaries written back to Dynamics ($WRITEBACK_TABLE rows): $(fmt "$(stat_value "dataverse.$WRITEBACK_TABLE")"); dead-lettered by the write-back: $(fmt "$(count_of "$WRITEBACK_DLQ_TOPIC")")"
for preset in "${LINKED_PRESETS[@]}"; do
  printf 'Linked write-back %-20s rows written %s, records linked to a contact or lead %s, dead-lettered (no CRM record with that email) %s\n' \
    "$preset:" "$(fmt "$(metric_total "$METRICS" "writeback-$preset" rows-written-total)")" \
    "$(fmt "$(metric_total "$METRICS" "writeback-$preset" records-linked-total)")" "$(fmt "$(count_of "writeback-$preset-dlq")")"
done
for line in "${SEND_LINES[@]}"; do echo "Campaign sends: $line"; done
[ "$SENDS_DONE" != skipped ] || echo "Campaign sends: skipped (the emulators' seed has no campaign, list member or contact)"
echo "Total time since start: $(elapsed) s"
echo "=================================================================================================="

DLQ_COUNT=$(count_of "$SINK_DLQ_TOPIC"); DLQ_COUNT=${DLQ_COUNT:-0}
if [ "$DLQ_COUNT" -gt 0 ]; then
  log "WARNING: the sink sent $(fmt "$DLQ_COUNT") records to its dead-letter queue $SINK_DLQ_TOPIC. The reasons are in"
  log "  their headers (__connect.errors.*); read them with:"
  log "  java -cp \"\$(cat system-tests/target/kafka-classpath.txt)\" org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server $BOOTSTRAP --topic $SINK_DLQ_TOPIC --from-beginning --property print.headers=true --max-messages 5"
fi

# Every metric the worker reports must be in the metrics reference: --once (and so CI) fails on an undocumented one.
UNDOCUMENTED=$(printf '%s\n' "$METRICS" | awk -F: '/^kafka\.connect:type=plugins/ { split($NF, kv, "="); print kv[1] }' \
  | sort -u | while read -r m; do grep -qF "\`$m\`" "$ROOT/docs/metrics.md" || printf '%s ' "$m"; done)
if [ -n "$UNDOCUMENTED" ]; then
  log "ERROR: metrics missing from docs/metrics.md: $UNDOCUMENTED"
fi

ALL_DONE=false
if [ -z "$UNDOCUMENTED" ] && [ -z "$FAILED_CONNECTOR" ] && [ -n "${DONE_AT["Dynamics -> Kafka"]:-}" ] && [ -n "${DONE_AT["Kafka -> Dotdigital"]:-}" ] \
   && [ -n "${DONE_AT["Dotdigital -> Kafka"]:-}" ] && [ -n "${DONE_AT["Kafka -> Dynamics"]:-}" ] \
   && [ -n "${DONE_AT["Kafka -> Dynamics, linked"]:-}" ] && [ "$SENDS_DONE" != false ]; then
  ALL_DONE=true
  log "Every flow completed."
else
  log "Not every flow completed; logs are in .quickstart/logs/ (connect.log has the connectors' own messages)."
fi

if $ONCE; then
  $ALL_DONE && exit 0 || exit 1
fi

cat <<EOF

Everything keeps running until you press Ctrl-C.

  Connect REST API:  $CONNECT_URL
  Kafka bootstrap:   $BOOTSTRAP
  Topics:            $(printf '%s\n' "$LOGSUM" | awk '$1 == "count" { printf "%s%s", sep, $2; sep = ", " }')
  Dataverse:         $DATAVERSE_URL   Dotdigital: $DOTDIGITAL_API_ENDPOINT   (details: .quickstart/emulators.env)
  Logs:              .quickstart/logs/

Try:
  curl -s $CONNECT_URL/connectors?expand=status
  curl -s $CONNECT_URL/connectors/$DYNAMICS_CONNECTOR/offsets
  curl -s -X PUT $CONNECT_URL/connectors/$DOTDIGITAL_CONNECTOR/pause
  curl -s --cacert .quickstart/emulators-truststore.pem -u '$DOTDIGITAL_API_USER:$DOTDIGITAL_API_PASSWORD' $DOTDIGITAL_API_ENDPOINT/v2/address-books
  java -cp "\$(cat system-tests/target/kafka-classpath.txt)" org.apache.kafka.tools.consumer.ConsoleConsumer \\
       --bootstrap-server $BOOTSTRAP --topic $DYNAMICS_TOPIC_PREFIX.contact --from-beginning --max-messages 3
EOF
while :; do
  require_alive
  sleep 2
done
