#!/usr/bin/env bash
# The write-path benchmark (docs/benchmarks.md, "Write path"): starts Kafka (KRaft, one node), Redis and
# DynamoDB Local on free loopback ports, an origin on them (`origin --backend real`, rate limit off),
# then `wrk` with bench/wrk/post.lua at each connection count. Builds nothing: first run
#   mvn -B -q -pl app,origin -am package -DskipTests      # app/target/live-comments.jar, origin/target/kafka-broker.classpath
# Usage: bench/write-path.sh [connections...]              # default: 8 64 256
# Environment: DURATION (each wrk run, default 15s), WARMUP (default 10s, at 64 connections), VIDEOS (16),
#   ORIGIN_JAVA_OPTS (default -Xmx1g; add -XX:StartFlightRecording=... to profile), ORIGIN_ARGS (extra
#   origin options), FLOOD=1 (also a relay and the bench's fanout viewers during the posts: see the doc),
#   WRK_THREADS (2). Wrap it in `flock /work/notes/bench.lock` on a shared machine. Every process it
#   starts is stopped on exit; logs stay in bench/target/write-path/<time>/.
set -euo pipefail
cd "$(dirname "$0")/.."

app_jar=${APP_JAR:-app/target/live-comments.jar}
broker_cp_file=origin/target/kafka-broker.classpath
for f in "$app_jar" "$broker_cp_file"; do
  [ -f "$f" ] || { echo "missing $f: mvn -B -q -pl app,origin -am package -DskipTests" >&2; exit 2; }
done
connections=("$@")
[ ${#connections[@]} -gt 0 ] || connections=(8 64 256)
duration=${DURATION:-15s}
warmup=${WARMUP:-10s}
logs="bench/target/write-path/$(date +%Y%m%dT%H%M%S)-$$"
mkdir -p "$logs"
work=$(mktemp -d)
chmod 755 "$work"
pids=()

cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  cp "$work"/*.log "$logs/" 2>/dev/null || true
  rm -rf "$work"
  echo "logs kept in $logs" >&2
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((10000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "no free port found" >&2; exit 1
}
await_port() { # port, what, [seconds]
  for _ in $(seq 1 $((${3:-30} * 10))); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return; fi
    sleep 0.1
  done
  echo "$2 did not listen on port $1; logs in $logs" >&2
  exit 1
}

# Redis
redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" \
  --daemonize no > "$work/redis.log" 2>&1 &
pids+=($!)
redis_pid=$!

# Kafka, one KRaft node (as the ITs' KafkaBroker, with the full JIT)
broker_cp=$(cat "$broker_cp_file")
kafka_port=$(free_port)
controller_port=$(free_port)
cat > "$work/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$kafka_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$work/kafka-data
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
cluster_id=$(java -Xmx256m -cp "$broker_cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)
java -Xmx256m -cp "$broker_cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$work/server.properties" \
  > "$work/kafka-format.log" 2>&1
java ${KAFKA_JAVA_OPTS:--Xmx512m -XX:+UseSerialGC} -cp "$broker_cp" kafka.Kafka "$work/server.properties" \
  > "$work/kafka.log" 2>&1 &
pids+=($!)
kafka_pid=$!

# DynamoDB Local, in memory
dynamo_port=$(free_port)
java -Xmx512m -cp "$broker_cp" com.amazonaws.services.dynamodbv2.local.main.ServerRunner \
  -inMemory -port "$dynamo_port" -disableTelemetry > "$work/dynamo.log" 2>&1 &
pids+=($!)
dynamo_pid=$!
await_port "$redis_port" redis
await_port "$dynamo_port" "DynamoDB Local" 60
await_port "$kafka_port" Kafka 60

# The origin
LC_JWT_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export LC_JWT_SECRET LC_KAFKA_BOOTSTRAP="127.0.0.1:$kafka_port" LC_REDIS_URI="redis://127.0.0.1:$redis_port" \
  LC_DYNAMO_ENDPOINT="http://127.0.0.1:$dynamo_port" LC_AWS_REGION=us-east-1 \
  AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench
origin_port=$(free_port)
# shellcheck disable=SC2086
java ${ORIGIN_JAVA_OPTS:--Xmx1g} -jar "$app_jar" origin --backend real --create-missing --port "$origin_port" \
  --rate-limit off ${ORIGIN_ARGS:-} > "$work/origin.log" 2>&1 &
pids+=($!)
origin_pid=$!
await_port "$origin_port" origin 90
base="http://127.0.0.1:$origin_port"
for _ in $(seq 1 300); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/readyz")" = 200 ] && break
  sleep 0.2
done

# Tokens: HS256 JWTs as DevTokenIssuer makes them, one per poster user, valid for an hour.
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
: > "$work/tokens"
for i in $(seq 1 64); do
  payload=$(printf '{"sub":"poster%d","name":"Poster %d","iat":%d,"exp":%d}' "$i" "$i" "$now" $((now + 3600)) | b64url)
  sig=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$LC_JWT_SECRET" -binary | b64url)
  echo "$header.$payload.$sig" >> "$work/tokens"
done
export TOKENS_FILE="$work/tokens" VIDEOS=${VIDEOS:-16}
check=$(curl -s -w ' %{http_code}' -X POST "$base/v1/videos/bench-check/comments" -H "Authorization: Bearer $(head -1 "$work/tokens")" \
  -H 'Content-Type: application/json' -d '{"text":"check"}')
case "$check" in *" 201") ;; *) echo "check post failed: $check" >&2; exit 1 ;; esac

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; } # utime + stime, clock ticks
threads=${WRK_THREADS:-2}
echo "machine: nproc=$(nproc) $(uptime | sed 's/.*load/load/') $(date -u +%FT%TZ)"
wrk -t "$threads" -c 64 -d "$warmup" -s bench/wrk/post.lua "$base" > "$work/warmup.log" 2>&1

if [ -n "${FLOOD:-}" ]; then
  # 1,000 viewers of one video on a relay, its comments posted to the origin at 20/s: first alone, then
  # while wrk floods the origin (other videos) from FLOOD_CONNECTIONS connections for the whole run.
  bench_jar=bench/target/live-comments-bench.jar
  [ -f "$bench_jar" ] || { echo "missing $bench_jar: mvn -B -q -pl bench -am package -DskipTests" >&2; exit 2; }
  export LC_MAX_VIEWERS_PER_IP=1000000 LC_MAX_VIDEOS_PER_IP=1000000
  relay_port=$(free_port)
  java -Xmx2g -XX:+UseParallelGC -jar "$app_jar" relay --port "$relay_port" --upstream "$base" --drain 2s \
    > "$work/relay.log" 2>&1 &
  pids+=($!)
  relay_pid=$!
  await_port "$relay_port" relay 60
  fanout=(java -Xmx1g -jar "$bench_jar" fanout --stream-base "http://127.0.0.1:$relay_port" --post-base "$base"
    --viewers "${FLOOD_VIEWERS:-1000}" --rate 20 --warmup 5s --duration 20s --settle 10s --server-pid "$relay_pid"
    --json-out "$logs/fanout.jsonl")
  "${fanout[@]}" --label write-flood-quiet > "$work/fanout-quiet.log" 2>&1
  echo "quiet: $(grep "^latency" "$work/fanout-quiet.log" | tail -1) load=$(cut -d' ' -f1 /proc/loadavg)"
  flood_c=${FLOOD_CONNECTIONS:-256}
  wrk -t "$threads" -c "$flood_c" -d 60s --timeout 10s -s bench/wrk/post.lua "$base" > "$work/wrk-flood.log" 2>&1 &
  wrk_pid=$!
  pids+=($wrk_pid)
  "${fanout[@]}" --label "write-flood-$flood_c" > "$work/fanout-flood.log" 2>&1
  echo "flood($flood_c connections): $(grep "^latency" "$work/fanout-flood.log" | tail -1) load=$(cut -d' ' -f1 /proc/loadavg)"
  kill -INT "$wrk_pid" 2>/dev/null || true
  wait "$wrk_pid" 2>/dev/null || true
  echo "flood wrk: $(grep RESULT "$work/wrk-flood.log" | sed 's/RESULT //')"
  cp "$work"/fanout-*.log "$logs/"
  exit 0
fi
for c in "${connections[@]}"; do
  before=("$(cpu "$origin_pid")" "$(cpu "$kafka_pid")" "$(cpu "$dynamo_pid")" "$(cpu "$redis_pid")")
  wrk -t "$threads" -c "$c" -d "$duration" --timeout 10s -s bench/wrk/post.lua "$base" > "$work/wrk-$c.log" 2>&1
  after=("$(cpu "$origin_pid")" "$(cpu "$kafka_pid")" "$(cpu "$dynamo_pid")" "$(cpu "$redis_pid")")
  tck=$(getconf CLK_TCK)
  echo "connections=$c $(grep RESULT "$work/wrk-$c.log" | sed 's/RESULT //') origin_cpu_s=$(( (after[0] - before[0]) / tck )) kafka_cpu_s=$(( (after[1] - before[1]) / tck )) dynamo_cpu_s=$(( (after[2] - before[2]) / tck )) redis_cpu_s=$(( (after[3] - before[3]) / tck )) load=$(cut -d' ' -f1 /proc/loadavg)"
done
curl -s "$base/metrics" | grep -E '^lc_(comments|post|inflight)' > "$work/metrics.log" || true
