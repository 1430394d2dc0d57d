#!/usr/bin/env bash
# Benchmark scenarios (docs/benchmarks.md). Builds nothing: first run
#   mvn -B -q -pl app,bench -am package -DskipTests
# Usage: bench/run.sh <s-fanout|s-hot|s-idle|s-idle-nchan|nchan|gzip-fanout|gzip-hot|s-moderation> [generator options, e.g. --viewers 1000 --duration 10s]
#   gzip-fanout / gzip-hot: S-fanout / S-hot plain, then compressed (servers with LC_STREAM_GZIP=true, viewers
#   with --gzip), fresh servers for each leg, and the two side by side (bytes on the wire, CPU, p99 per delivered comment)
#   s-moderation: S-fanout with 0 % and then 5 % blocklisted comments (fresh servers each), POST ack -> hide
# Later options override the scenario's defaults. Environment:
#   TOPOLOGY=all-in-one (default: origin and an in-process relay), relay (origin and relay as separate processes)
#     or chain (origin, a regional relay and an edge relay behind it; viewers and measurements on the edge)
#   SERVER_JAVA_OPTS (default -Xmx2g), RELAY_JAVA_OPTS (the relay's: default SERVER_JAVA_OPTS plus -XX:+UseParallelGC,
#     as README recommends for relays; set it to profile the relay alone), BENCH_JAVA_OPTS (default -Xmx3g),
#   BENCH_OUT (default bench/target/results)
# Every server this script starts is stopped on exit, however it exits; its log, and the measured server's
# /metrics as it stood at the end (ours only), are then kept in $BENCH_OUT/logs/<scenario>-<start time>-<pid>/
# (one directory per run, so runs never overwrite each other).
set -euo pipefail
cd "$(dirname "$0")/.."

scenario=${1:-}
[ $# -gt 0 ] && shift
app_jar=app/target/live-comments.jar
bench_jar=bench/target/live-comments-bench.jar
for jar in "$app_jar" "$bench_jar"; do
  [ -f "$jar" ] || { echo "missing $jar: mvn -B -q -pl app,bench -am package -DskipTests" >&2; exit 2; }
done
topology=${TOPOLOGY:-all-in-one}
server_opts=${SERVER_JAVA_OPTS:--Xmx2g}
regional_opts="$server_opts -XX:+UseParallelGC"
relay_opts=${RELAY_JAVA_OPTS:-$regional_opts}
bench_opts=${BENCH_JAVA_OPTS:--Xmx3g}
out=${BENCH_OUT:-bench/target/results}
mkdir -p "$out"
results="$out/results.jsonl"
logs="$out/logs/${scenario:-none}-$(date +%Y%m%dT%H%M%S)-$$"
work=$(mktemp -d)
chmod 755 "$work"
server_pids=()

stop_servers() {
  local pid
  # Our measured server's metrics at the end of its run (the lag histogram splits the latency at the hop).
  if [ -n "${metrics_url:-}" ]; then
    curl -s --max-time 5 "$metrics_url" > "$work/metrics-$(date +%H%M%S).log" 2>/dev/null || true
    metrics_url=""
  fi
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${server_pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  server_pids=()
}
keep_logs() { # after the servers stopped, so their last lines are in
  local log
  for log in "$work"/*.log "$work"/nginx/error.log; do
    [ -s "$log" ] || continue
    mkdir -p "$logs" || return 0
    cp "$log" "$logs/" || true
  done
  if [ -d "$logs" ]; then echo "server logs kept in $logs" >&2; fi
}
cleanup() { stop_servers; keep_logs; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((10000 + RANDOM % 20000))  # below the ephemeral range (32768+), where client sockets live
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "no free port found" >&2; exit 1
}

await_port() { # port, what
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return; fi
    sleep 0.1
  done
  echo "$2 did not listen on port $1 within 30 s; its log:" >&2
  cat "$work"/*.log >&2 || true
  exit 1
}

# A fresh secret per run: the server verifies with it and the generator signs with it.
LC_JWT_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export LC_JWT_SECRET
# Every generated viewer comes from one address: lift the per-address caps (the totals still hold).
export LC_MAX_VIEWERS_PER_IP=${LC_MAX_VIEWERS_PER_IP:-1000000} LC_MAX_VIDEOS_PER_IP=${LC_MAX_VIDEOS_PER_IP:-1000000}

# Starts our server(s); sets stream_base, post_base and measured (the pids whose CPU and RSS count).
start_ours() { # [relay options...]
  local port origin_port upstream
  if [ "$topology" = relay ] || [ "$topology" = chain ]; then
    origin_port=$(free_port)
    java $server_opts -jar "$app_jar" origin --port "$origin_port" --rate-limit off > "$work/origin.log" 2>&1 &
    server_pids+=($!)
    await_port "$origin_port" origin
    upstream="http://127.0.0.1:$origin_port"
    if [ "$topology" = chain ]; then
      port=$(free_port)
      java $regional_opts -jar "$app_jar" relay --port "$port" --upstream "$upstream" --drain 2s "$@" > "$work/regional.log" 2>&1 &
      server_pids+=($!)
      await_port "$port" "regional relay"
      upstream="http://127.0.0.1:$port"
    fi
    port=$(free_port)
    java $relay_opts -jar "$app_jar" relay --port "$port" --upstream "$upstream" --drain 2s "$@" > "$work/relay.log" 2>&1 &
    server_pids+=($!)
    measured=(--server-pid "$!")
    await_port "$port" relay
    post_base="http://127.0.0.1:$origin_port"
  else
    port=$(free_port)
    java $server_opts -jar "$app_jar" all-in-one --port "$port" --rate-limit off > "$work/server.log" 2>&1 &
    server_pids+=($!)
    measured=(--server-pid "$!")
    await_port "$port" all-in-one
    post_base="http://127.0.0.1:$port"
  fi
  stream_base="http://127.0.0.1:$port"
  metrics_url="$stream_base/metrics"
}

start_nchan() {
  local port prefix="$work/nginx" worker
  if ! command -v nginx >/dev/null || [ ! -f /usr/lib/nginx/modules/ngx_nchan_module.so ]; then
    echo "nchan needs Debian's nginx and nchan: apt-get install -y nginx libnginx-mod-nchan" >&2
    exit 2
  fi
  port=$(free_port)
  mkdir -p "$prefix/tmp"
  sed "s/@PORT@/$port/" bench/nchan/nginx.conf.template > "$prefix/nginx.conf"
  nginx -p "$prefix/" -c "$prefix/nginx.conf" -e "$prefix/error.log" -g 'daemon off;' > "$work/nginx.log" 2>&1 &
  server_pids+=($!)
  await_port "$port" nginx
  measured=(--server-pid "${server_pids[-1]}")
  for worker in $(pgrep -P "${server_pids[-1]}"); do measured+=(--server-pid "$worker"); done
  stream_base="http://127.0.0.1:$port"
  post_base=$stream_base
}

generate() { # subcommand, options...
  java $bench_opts -jar "$bench_jar" "$@" --json-out "$results"
}

field() { # json line, field name
  sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p" <<< "$1"
}

case "$scenario" in
  s-fanout)
    start_ours
    generate fanout --label s-fanout --stream-base "$stream_base" --post-base "$post_base" "${measured[@]}" \
      --viewers 10000 --rate 20 --duration 30s "$@"
    ;;
  s-hot)
    start_ours --sample-budget 20
    generate fanout --label s-hot --sampled --stream-base "$stream_base" --post-base "$post_base" "${measured[@]}" \
      --viewers 19000 --rate 200 --duration 30s "$@"
    ;;
  s-idle)
    start_ours
    generate idle --label s-idle --stream-base "$stream_base" "${measured[@]}" --first 1000 --viewers 19000 "$@"
    ;;
  s-idle-nchan)
    start_nchan
    generate idle --label s-idle-nchan --target nchan --stream-base "$stream_base" "${measured[@]}" \
      --first 1000 --viewers 19000 "$@"
    ;;
  nchan)
    start_ours
    generate fanout --label nchan-ours --stream-base "$stream_base" --post-base "$post_base" "${measured[@]}" \
      --viewers 10000 --rate 20 --duration 30s "$@" | tee "$work/ours.out"
    stop_servers
    start_nchan
    generate fanout --label nchan-nchan --target nchan --stream-base "$stream_base" "${measured[@]}" \
      --viewers 10000 --rate 20 --duration 30s "$@" | tee "$work/nchan.out"
    ours=$(grep '^{' "$work/ours.out" | tail -1)
    theirs=$(grep '^{' "$work/nchan.out" | tail -1)
    echo "== side by side ($topology vs nchan)"
    printf '%-14s %12s %10s %10s %12s\n' system "cpu-us/cmt" "p50 ms" "p99 ms" delivered
    printf '%-14s %12s %10s %10s %12s\n' live-comments "$(field "$ours" serverCpuMicrosPerDelivered)" \
      "$(field "$ours" p50Ms)" "$(field "$ours" p99Ms)" "$(field "$ours" delivered)"
    printf '%-14s %12s %10s %10s %12s\n' nchan "$(field "$theirs" serverCpuMicrosPerDelivered)" \
      "$(field "$theirs" p50Ms)" "$(field "$theirs" p99Ms)" "$(field "$theirs" delivered)"
    ;;
  gzip-fanout|gzip-hot)
    if [ "$scenario" = gzip-hot ]; then
      hop_args=(--sample-budget 20)
      load_args=(--sampled --viewers 19000 --rate 200 --duration 30s)
    else
      hop_args=()
      load_args=(--viewers 10000 --rate 20 --duration 30s)
    fi
    for leg in plain gzip; do
      gzip_args=()
      LC_STREAM_GZIP=false
      if [ "$leg" = gzip ]; then gzip_args=(--gzip); LC_STREAM_GZIP=true; fi
      export LC_STREAM_GZIP
      start_ours "${hop_args[@]}"
      generate fanout --label "$scenario-$leg" --stream-base "$stream_base" --post-base "$post_base" "${measured[@]}" \
        "${load_args[@]}" "${gzip_args[@]}" "$@" | tee "$work/$leg.out"
      stop_servers
    done
    plain=$(grep '^{' "$work/plain.out" | tail -1)
    gzip=$(grep '^{' "$work/gzip.out" | tail -1)
    echo "== side by side ($scenario, $topology): plain vs gzip"
    printf '%-6s %14s %12s %10s %10s %12s %6s\n' leg "wire B/cmt" "cpu-us/cmt" "p50 ms" "p99 ms" delivered load
    for leg in plain gzip; do
      line=${!leg}
      printf '%-6s %14s %12s %10s %10s %12s %6s\n' "$leg" "$(field "$line" wireBytesPerDelivered)" \
        "$(field "$line" serverCpuMicrosPerDelivered)" "$(field "$line" p50Ms)" "$(field "$line" p99Ms)" \
        "$(field "$line" delivered)" "$(field "$line" loadAverage)"
    done
    awk -v pb="$(field "$plain" wireBytesPerDelivered)" -v gb="$(field "$gzip" wireBytesPerDelivered)" \
      -v pc="$(field "$plain" serverCpuMicrosPerDelivered)" -v gc="$(field "$gzip" serverCpuMicrosPerDelivered)" \
      'BEGIN { printf "gzip/plain: bytes %.3f (%+.1f %%), CPU %.3f (%+.1f %%)\n", gb / pb, (gb / pb - 1) * 100, gc / pc, (gc / pc - 1) * 100 }'
    ;;
  s-moderation)
    # S-fanout twice in one invocation, a fresh server each: no blocklisted comments, then 5 % (every
    # twentieth holds the built-in blocklist's term), whose viewers also time POST ack -> hide.
    start_ours
    generate fanout --label s-moderation-0 --stream-base "$stream_base" --post-base "$post_base" "${measured[@]}" \
      --viewers 10000 --rate 20 --duration 30s --blocked-percent 0 "$@" | tee "$work/plain.out"
    stop_servers
    start_ours
    generate fanout --label s-moderation-5 --stream-base "$stream_base" --post-base "$post_base" "${measured[@]}" \
      --viewers 10000 --rate 20 --duration 30s --blocked-percent 5 "$@" | tee "$work/moderated.out"
    plain=$(grep '^{' "$work/plain.out" | tail -1)
    moderated=$(grep '^{' "$work/moderated.out" | tail -1)
    echo "== side by side ($topology, 0 % vs 5 % blocklisted)"
    printf '%-9s %12s %8s %8s %8s %9s %12s %12s %12s %8s\n' blocked delivered missing "p50 ms" "p99 ms" \
      "post p99" "hide p50 ms" "hide p99 ms" "hides" load
    printf '%-9s %12s %8s %8s %8s %9s %12s %12s %12s %8s\n' "0 %" "$(field "$plain" delivered)" \
      "$(field "$plain" missing)" "$(field "$plain" p50Ms)" "$(field "$plain" p99Ms)" "$(field "$plain" postP99Ms)" \
      - - - "$(field "$plain" loadAverage)"
    printf '%-9s %12s %8s %8s %8s %9s %12s %12s %12s %8s\n' "5 %" "$(field "$moderated" delivered)" \
      "$(field "$moderated" missing)" "$(field "$moderated" p50Ms)" "$(field "$moderated" p99Ms)" \
      "$(field "$moderated" postP99Ms)" "$(field "$moderated" hideP50Ms)" "$(field "$moderated" hideP99Ms)" \
      "$(field "$moderated" hidesReceived)/$(field "$moderated" hidesExpected)" "$(field "$moderated" loadAverage)"
    ;;
  *)
    echo "usage: bench/run.sh <s-fanout|s-hot|s-idle|s-idle-nchan|nchan|gzip-fanout|gzip-hot|s-moderation> [generator options]" >&2
    exit 2
    ;;
esac
