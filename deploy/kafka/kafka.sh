#!/usr/bin/env bash
# Single-node Apache Kafka (KRaft, combined broker+controller) for tests and local development.
#
#   bash deploy/kafka/kafka.sh start    # fetch (cached) + format + start + wait until it answers
#   bash deploy/kafka/kafka.sh stop     # stop it and wait until it is gone
#   bash deploy/kafka/kafka.sh status   # exit 0 when running and answering
#
# No Docker and no Kafka tarball needed: the broker jars come from Maven Central through Maven
# (deploy/kafka/pom.xml pins the version, see docs/adr/0005-kafka-broker-version-for-kafkajs.md)
# and are cached in ~/.cache/baton/kafka/<version>/lib, so only the first start downloads.
# Every start formats fresh KRaft storage: topics and offsets never survive a restart, unless
# KAFKA_KEEP_DATA=1 is set on both stop and start (the transport tests' broker outage uses that).
#
# `start` prints exactly one line on stdout, `KAFKA_BROKERS=127.0.0.1:<port>`; progress goes to
# stderr. So `export "$(bash deploy/kafka/kafka.sh start)"` works. On failure it exits non-zero and
# prints the tail of the broker log.
#
# Environment (all optional):
#   KAFKA_PORT             client listener port                     (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller listener port           (default KAFKA_PORT+1)
#   KAFKA_START_TIMEOUT    seconds to wait for the broker to answer (default 120)
#   KAFKA_HEAP_OPTS        JVM heap flags                           (default -Xms256m -Xmx512m)
#   KAFKA_VERSION          override the version pinned in pom.xml   (only for compatibility checks)
#   KAFKA_WORK_DIR         storage, config, pid and log             (default ${TMPDIR:-/tmp}/baton-kafka-<port>)
#   BATON_KAFKA_CACHE      jar cache root                           (default ${XDG_CACHE_HOME:-~/.cache}/baton/kafka)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
POM="$SCRIPT_DIR/pom.xml"

PINNED_VERSION="$(sed -n 's:.*<kafka.version>\([^<]*\)</kafka.version>.*:\1:p' "$POM" | head -n 1)"
KAFKA_VERSION="${KAFKA_VERSION:-$PINNED_VERSION}"
KAFKA_HOST=127.0.0.1
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-60}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
CACHE_ROOT="${BATON_KAFKA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/baton/kafka}"
VERSION_DIR="$CACHE_ROOT/$KAFKA_VERSION"
LIB_DIR="$VERSION_DIR/lib"
WORK_DIR="${KAFKA_WORK_DIR:-${TMPDIR:-/tmp}/baton-kafka-$KAFKA_PORT}"
DATA_DIR="$WORK_DIR/data"
CONFIG_FILE="$WORK_DIR/server.properties"
PID_FILE="$WORK_DIR/kafka.pid"
LOG_FILE="$WORK_DIR/kafka.log"
BROKERS="$KAFKA_HOST:$KAFKA_PORT"

log() { printf '[kafka.sh] %s\n' "$*" >&2; }

# Loud failure: banner, reason, tail of whatever log explains it, exit 1.
die() {
  local reason="$1" logfile="${2:-}"
  {
    echo
    echo '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'
    echo "!!! KAFKA $KAFKA_VERSION on $BROKERS: FAILED"
    echo "!!! $reason"
    echo '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'
    if [[ -n "$logfile" && -s "$logfile" ]]; then
      echo "--- last 80 lines of $logfile ---"
      tail -n 80 "$logfile"
      echo "--- end of $logfile ---"
    fi
  } >&2
  exit 1
}

port_in_use() { (exec 3<>"/dev/tcp/$KAFKA_HOST/$1") 2>/dev/null; }

# The pid from the pid file, if that process is still our broker (guards against pid reuse).
broker_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ && -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "kafka.Kafka $CONFIG_FILE" || return 1
  echo "$pid"
}

probe() { node "$SCRIPT_DIR/ready.js" "$BROKERS"; }

check_prerequisites() {
  command -v java >/dev/null || die 'java not found on PATH (Java 17+ is needed)'
  command -v mvn >/dev/null || die 'mvn not found on PATH (Maven fetches the Kafka jars from Maven Central)'
  command -v node >/dev/null || die 'node not found on PATH (the readiness probe uses kafkajs)'
  local spec
  spec="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [[ "${spec%%.*}" =~ ^[0-9]+$ && "${spec%%.*}" -ge 17 ]] || die "Java 17+ is needed, found java.specification.version=${spec:-unknown}"
  (cd "$REPO_ROOT" && node -e "require.resolve('kafkajs')" 2>/dev/null) ||
    die "kafkajs is not installed in $REPO_ROOT/node_modules: run npm ci first"
}

fetch_jars() {
  if [[ -f "$VERSION_DIR/.complete" ]]; then
    log "Kafka $KAFKA_VERSION jars: cached in $LIB_DIR"
    return
  fi
  log "Kafka $KAFKA_VERSION jars: fetching from Maven Central into $LIB_DIR (first start only)"
  mkdir -p "$CACHE_ROOT"
  local tmp mvn_log logging_args=()
  tmp="$(mktemp -d "$CACHE_ROOT/.fetch-$KAFKA_VERSION-XXXXXX")"
  mvn_log="$tmp/mvn.log"
  # Kafka 3.x logs through reload4j, 4.x through Log4j 2: pom.xml picks the SLF4J binding.
  if [[ "${KAFKA_VERSION%%.*}" -lt 4 ]]; then logging_args=(-Dkafka.logging=reload4j); fi
  if ! mvn -B -ntp -f "$POM" dependency:copy-dependencies \
    -Dkafka.version="$KAFKA_VERSION" "${logging_args[@]}" \
    -DincludeScope=runtime -DoutputDirectory="$tmp/lib" >"$mvn_log" 2>&1; then
    cp "$mvn_log" "$CACHE_ROOT/mvn-$KAFKA_VERSION.log"
    rm -rf "$tmp"
    die "Maven could not fetch org.apache.kafka:kafka_2.13:$KAFKA_VERSION and its dependencies" \
      "$CACHE_ROOT/mvn-$KAFKA_VERSION.log"
  fi
  [[ -f "$tmp/lib/kafka_2.13-$KAFKA_VERSION.jar" ]] || die "Maven finished but kafka_2.13-$KAFKA_VERSION.jar is missing" "$mvn_log"
  rm -rf "$VERSION_DIR"
  mkdir -p "$VERSION_DIR"
  mv "$tmp/lib" "$LIB_DIR"
  rm -rf "$tmp"
  touch "$VERSION_DIR/.complete"
  log "Kafka $KAFKA_VERSION jars: $(find "$LIB_DIR" -name '*.jar' | wc -l) jars cached"
}

write_config() {
  cat >"$CONFIG_FILE" <<EOF
# Written by deploy/kafka/kafka.sh: single node, KRaft combined mode, test settings.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$DATA_DIR

auto.create.topics.enable=true
delete.topic.enable=true
num.partitions=3
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=3
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
share.coordinator.state.topic.num.partitions=3
group.initial.rebalance.delay.ms=0

# Small machine: few threads, small cleaner buffer.
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.cleaner.threads=1
log.cleaner.dedupe.buffer.size=33554432
EOF

  cat >"$WORK_DIR/log4j2.properties" <<'EOF'
status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.out.ref = OUT
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.statechange.name = state.change.logger
logger.statechange.level = WARN
EOF

  cat >"$WORK_DIR/log4j.properties" <<'EOF'
log4j.rootLogger=INFO, out
log4j.appender.out=org.apache.log4j.ConsoleAppender
log4j.appender.out.layout=org.apache.log4j.PatternLayout
log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
EOF
}

# JVM flags shared by the storage tool and the broker (logging config, class path).
common_java_opts() {
  COMMON_JAVA_OPTS=(-Djava.awt.headless=true -Djava.net.preferIPv4Stack=true
    "-Dlog4j2.configurationFile=$WORK_DIR/log4j2.properties"
    "-Dlog4j.configuration=file:$WORK_DIR/log4j.properties"
    -cp "$LIB_DIR/*")
}

start() {
  local pid
  if pid="$(broker_pid)"; then
    log "already running (pid $pid, work dir $WORK_DIR)"
    probe >/dev/null 2>&1 || die "a broker process (pid $pid) exists but does not answer on $BROKERS; run: bash deploy/kafka/kafka.sh stop" "$LOG_FILE"
    echo "KAFKA_BROKERS=$BROKERS"
    return
  fi
  port_in_use "$KAFKA_PORT" && die "port $KAFKA_PORT on $KAFKA_HOST is already in use by another process (set KAFKA_PORT)"
  port_in_use "$KAFKA_CONTROLLER_PORT" && die "controller port $KAFKA_CONTROLLER_PORT on $KAFKA_HOST is already in use (set KAFKA_CONTROLLER_PORT)"

  local started=$SECONDS
  check_prerequisites
  fetch_jars

  mkdir -p "$WORK_DIR"
  rm -f "$PID_FILE"
  if [[ "${KAFKA_KEEP_DATA:-0}" == 1 && -f "$DATA_DIR/meta.properties" ]]; then
    write_config
    common_java_opts
    log "KAFKA_KEEP_DATA=1: restarting on the existing storage in $DATA_DIR"
  else
    rm -rf "$DATA_DIR"
    mkdir -p "$DATA_DIR"
    write_config
    common_java_opts

    local cluster_id
    # A KRaft cluster id is 16 random bytes, base64url; one that starts with '-' would read as an option.
    cluster_id=-
    while [[ "$cluster_id" == -* ]]; do
      cluster_id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    done
    log "formatting KRaft storage in $DATA_DIR (cluster id $cluster_id)"
    java -Xmx256m "${COMMON_JAVA_OPTS[@]}" kafka.tools.StorageTool format \
      -t "$cluster_id" -c "$CONFIG_FILE" >"$WORK_DIR/format.log" 2>&1 ||
      die 'kafka-storage format failed' "$WORK_DIR/format.log"
  fi

  log "starting broker: log in $LOG_FILE"
  # setsid: own session, so the broker outlives this script and no terminal signal reaches it;
  # 9>&-: it must not inherit the start/stop lock.
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is a list of flags
  setsid java $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    "${COMMON_JAVA_OPTS[@]}" kafka.Kafka "$CONFIG_FILE" </dev/null >"$LOG_FILE" 2>&1 9>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"

  # If start is interrupted, do not leave a half-started broker behind.
  trap 'kill -KILL "$pid" 2>/dev/null || true; rm -f "$PID_FILE"; exit 130' INT TERM

  local deadline=$((SECONDS + KAFKA_START_TIMEOUT)) last_error='(no probe yet)'
  while true; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      die "the broker process exited during startup (last probe: $last_error)" "$LOG_FILE"
    fi
    if last_error="$(probe 2>&1)"; then break; fi
    if ((SECONDS >= deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
      rm -f "$PID_FILE"
      die "no answer on $BROKERS within ${KAFKA_START_TIMEOUT}s (last probe: $last_error); broker killed" "$LOG_FILE"
    fi
    sleep 1
  done
  trap - INT TERM

  log "Kafka $KAFKA_VERSION is up on $BROKERS (pid $pid, $((SECONDS - started))s)"
  echo "KAFKA_BROKERS=$BROKERS"
}

stop() {
  local pid
  if ! pid="$(broker_pid)"; then
    rm -f "$PID_FILE"
    if port_in_use "$KAFKA_PORT"; then
      log "no broker started by kafka.sh for $WORK_DIR, but something listens on $KAFKA_PORT: left alone"
    else
      log 'not running'
    fi
    return 0
  fi
  log "stopping broker (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      log "still running after ${KAFKA_STOP_TIMEOUT}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 0.5
  done
  rm -f "$PID_FILE"
  [[ "${KAFKA_KEEP_DATA:-0}" == 1 ]] || rm -rf "$DATA_DIR"
  log "stopped (log kept in $LOG_FILE)"
}

status() {
  local pid
  if ! pid="$(broker_pid)"; then
    log "not running (work dir $WORK_DIR)"
    return 3
  fi
  local err
  if err="$(probe 2>&1)"; then
    log "running: pid $pid, Kafka $KAFKA_VERSION, log $LOG_FILE"
    echo "KAFKA_BROKERS=$BROKERS"
  else
    log "process $pid is alive but $BROKERS does not answer: $err"
    return 1
  fi
}

# One start/stop at a time per work dir: a second `start` waits, then finds the broker running.
with_lock() {
  local lock="$WORK_DIR.lock"
  if command -v flock >/dev/null; then
    exec 9>"$lock"
    flock -w "$((KAFKA_START_TIMEOUT + KAFKA_STOP_TIMEOUT + 600))" 9 || die "could not lock $lock"
  fi
  "$@"
}

case "${1:-}" in
  start) with_lock start ;;
  stop) with_lock stop ;;
  status) status ;;
  *)
    echo "usage: bash deploy/kafka/kafka.sh start|stop|status" >&2
    exit 2
    ;;
esac
