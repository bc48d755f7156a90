#!/usr/bin/env bash
# `quiver-cli load` against its anchors, in one run. Servers are pinned to core 0 and clients
# to core 1 with taskset, so client and server never share a core.
#   1. nginx `return 200`: quiver-cli load vs wrk, same connections and duration, three rounds
#      taken in turns, medians compared (target >= 0.9x)
#   2. 10,000 GETs at concurrency 100 on nginx: quiver-cli load vs python3-aiohttp's client
#      (target >= 10x)
#   3. rate mode against a server that stalls for 1 s once: p99 and max must show the stall
#   bash tests/bench/load_bench.sh [build dir] [seconds per run]   (default build/release, 10)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/release}
seconds=${2:-10}
cli=$build/app/cli/quiver-cli
for tool in nginx wrk taskset; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool (apt-get install nginx-light wrk)"; exit 2; }
done
[ -x "$cli" ] || { echo "build first: cmake --build --preset release"; exit 2; }
/usr/bin/python3 -c 'import aiohttp' || { echo "bench needs python3-aiohttp"; exit 2; }

source tests/bench/bench_common.sh
# A field of quiver-cli's --json-out: json FILE KEY [SUBKEY]
json() { /usr/bin/python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); [v:=v[k] for k in sys.argv[2:]]; print(v)' "$@"; }

nginxPort=$(freePort)
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server { listen 127.0.0.1:$nginxPort; location / { return 200 "Hello, World!"; } }
}
CONF
taskset -c 0 nginx -c "$work/nginx.conf" -p "$work"
waitPort "$nginxPort"
url="http://127.0.0.1:$nginxPort/"

echo "1. nginx return 200, 100 connections, ${seconds}s: wrk -t1 vs quiver-cli load, 3 rounds"
# nginx's own rate drifts by 10 % over a minute on a small VM: the two clients take turns and
# the medians are compared.
median() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
wrk_runs=(); q1_runs=()
for round in 1 2 3; do
  taskset -c 1 wrk -t1 -c100 -d"${seconds}s" --latency "$url" >"$work/wrk.txt"
  wrk_runs+=("$(sed -n 's/^Requests\/sec:[[:space:]]*//p' "$work/wrk.txt")")
  taskset -c 1 "$cli" load "$url" -c 100 --duration "$seconds" --json-out "$work/q1.json" >/dev/null
  q1_runs+=("$(json "$work/q1.json" rps)")
done
echo "   wrk: ${wrk_runs[*]} req/s; quiver-cli load: ${q1_runs[*]} req/s"
wrk_rps=$(median "${wrk_runs[@]}")
q1_rps=$(median "${q1_runs[@]}")
q1_p99=$(json "$work/q1.json" latency_ms p99)
q1_err=$(json "$work/q1.json" errors)

echo "2. 10,000 GETs at concurrency 100 on nginx: python3-aiohttp client vs quiver-cli load"
aio=$(taskset -c 1 /usr/bin/python3 tests/bench/aiohttp_get_bench.py "$url" 10000 100)
aio_rps=$(echo "$aio" | awk '{print $NF}')
taskset -c 1 "$cli" load "$url" -n 10000 -c 100 --json-out "$work/q2.json" >/dev/null
q2_rps=$(json "$work/q2.json" rps)
q2_n=$(json "$work/q2.json" requests)

echo "3. rate mode, 200 req/s for ${seconds}s, 20 connections, a server that stalls 1 s once"
stallPort=$(freePort)
taskset -c 0 /usr/bin/python3 tests/bench/stall_server.py "$stallPort" 500 &
pids+=($!)
waitPort "$stallPort"
taskset -c 1 "$cli" load "http://127.0.0.1:$stallPort/" --rate 200 -c 20 --duration "$seconds" \
  --json-out "$work/q3.json" >/dev/null
q3_p50=$(json "$work/q3.json" latency_ms p50)
q3_p99=$(json "$work/q3.json" latency_ms p99)
q3_max=$(json "$work/q3.json" latency_ms max)
q3_late=$(json "$work/q3.json" late)
q3_n=$(json "$work/q3.json" requests)

printf '\n| measure | quiver-cli load | anchor | ratio |\n|---|---|---|---|\n'
/usr/bin/python3 - "$q1_rps" "$q1_p99" "$wrk_rps" "$q2_rps" "$q2_n" "$aio_rps" "$q3_p50" "$q3_p99" "$q3_max" "$q3_late" "$q3_n" <<'PY'
import sys
q1, q1p99, wrk, q2, q2n, aio, p50, p99, mx, late, n = sys.argv[1:]
q1, wrk, q2, aio = float(q1), float(wrk), float(q2), float(aio)
print(f"| nginx return 200, 100 connections | {q1:.0f} req/s, p99 {float(q1p99):.2f} ms | wrk -t1: {wrk:.0f} req/s | {q1 / wrk:.2f}x wrk (target >= 0.9) |")
print(f"| 10,000 GETs at concurrency 100 | {q2:.0f} req/s ({q2n} requests) | python3-aiohttp: {aio:.0f} req/s | {q2 / aio:.1f}x aiohttp (target >= 10) |")
print(f"| rate 200/s, server stalls 1 s once | p50 {float(p50):.2f} ms, p99 {float(p99):.1f} ms, max {float(mx):.1f} ms, {late} late of {n} | stall 1,000 ms | p99 {'shows' if float(p99) > 500 else 'MISSES'} the stall |")
PY
[ "$q1_err" = "{}" ] || echo "(quiver-cli load reported errors against nginx: $q1_err)"
