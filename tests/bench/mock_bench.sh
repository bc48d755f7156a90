#!/usr/bin/env bash
# The mock server against its anchors, in one run: wrk drives GET /hello (with an Origin) on
# `quiver-cli mock` (request id + CORS + security headers), on python3-aiohttp with the same
# three middlewares, and on nginx `return 200`. Every server is pinned to core 0 and wrk to
# core 1 with taskset. Then: the latency layer at 100 ms under 1,000 connections, and the
# memory that 10,000 idle keep-alive connections add to the mock server. The three servers of
# part 1 take turns for `rounds` rounds and their medians are compared: on a shared VM the
# rate of any one server drifts by 10-20 % within a minute, which single back-to-back runs
# mistake for a ratio.
#   bash tests/bench/mock_bench.sh [build dir] [seconds per run] [rounds]
#   (defaults: build/release, 10, 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/release}
seconds=${2:-10}
rounds=${3:-5}
cli=$build/app/cli/quiver-cli
for tool in nginx wrk taskset; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool (apt-get install nginx-light wrk)"; exit 2; }
done
[ -x "$cli" ] || { echo "build first: cmake --build --preset release"; exit 2; }
/usr/bin/python3 -c 'import aiohttp' || { echo "bench needs python3-aiohttp"; exit 2; }

source tests/bench/bench_common.sh

hello='{"methods":["GET"],"pattern":"/hello","responses":[{"bodyKind":"text","body":"Hello, World!"}]}'
cat > "$work/mock.json" <<JSON
{"name":"bench","limits":{"keepAliveIdleMs":600000},
 "middleware":[{"kind":"requestId"},{"kind":"cors"},{"kind":"securityHeaders"}],
 "routes":[$hello]}
JSON
cat > "$work/latency.json" <<JSON
{"name":"latency","limits":{"keepAliveIdleMs":600000},
 "middleware":[{"kind":"latency","settings":{"mode":"fixed","ms":100}}],
 "routes":[$hello]}
JSON

startQuiver() { # file port
  taskset -c 0 "$cli" mock "$1" --port "$2" --quiet >"$work/mock-$2.log" 2>&1 &
  pids+=($!)
  waitPort "$2"
}
# wrk's summary as "req/s p99_ms errors"
drive() { # url connections [header]
  taskset -c 1 wrk -t1 -c"$2" -d"${seconds}s" --latency ${3:+-H "$3"} "$1" >"$work/wrk.txt"
  /usr/bin/python3 - "$work/wrk.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
scale = {"us": 1e-3, "ms": 1.0, "s": 1e3}[p99.group(2)]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
bad = (int(errors.group(1)) if errors else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
print(f"{rps:.0f} {float(p99.group(1)) * scale:.2f} {bad}")
PY
}

quiverPort=$(freePort)
startQuiver "$work/mock.json" "$quiverPort"
aioPort=$(freePort)
taskset -c 0 /usr/bin/python3 tests/bench/aiohttp_mock_server.py "$aioPort" &
pids+=($!)
waitPort "$aioPort"
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
  server { listen 127.0.0.1:$nginxPort; location = /hello { return 200 "Hello, World!"; } }
}
CONF
taskset -c 0 nginx -c "$work/nginx.conf" -p "$work"
waitPort "$nginxPort"

# As a browser's cross-origin fetch: the CORS layers of the mock and of aiohttp answer it
# (nginx's `return 200` has no such layer and ignores it).
origin="Origin: http://localhost:3000"
echo "1. wrk -t1 -c100 -d${seconds}s GET /hello with $origin, $rounds rounds in turns"
# "req/s p99 errors" lines of one server's rounds -> the line of the median req/s
median() { sort -g | sed -n "$(( (rounds + 1) / 2 ))p"; }
q_runs=""; a_runs=""; n_runs=""
for round in $(seq "$rounds"); do
  q_runs+="$(drive "http://127.0.0.1:$quiverPort/hello" 100 "$origin")"$'\n'
  a_runs+="$(drive "http://127.0.0.1:$aioPort/hello" 100 "$origin")"$'\n'
  n_runs+="$(drive "http://127.0.0.1:$nginxPort/hello" 100)"$'\n'
done
rates() { printf '%s' "$1" | awk '{printf "%s ", $1}'; }
echo "   quiver-cli mock: $(rates "$q_runs")req/s"
echo "   aiohttp: $(rates "$a_runs")req/s"
echo "   nginx: $(rates "$n_runs")req/s"
q_bad=$(printf '%s' "$q_runs" | awk '{s += $3} END {print s + 0}')
read -r q_rps q_p99 _ < <(printf '%s' "$q_runs" | median)
read -r a_rps a_p99 _ < <(printf '%s' "$a_runs" | median)
read -r n_rps n_p99 _ < <(printf '%s' "$n_runs" | median)

echo "2. latency layer at 100 ms, wrk -t1 -c1000 -d${seconds}s"
latencyPort=$(freePort)
startQuiver "$work/latency.json" "$latencyPort"
read -r l_rps l_p99 l_bad < <(drive "http://127.0.0.1:$latencyPort/hello" 1000)

echo "3. 10,000 idle keep-alive connections"
idlePort=$(freePort)
startQuiver "$work/mock.json" "$idlePort"
idle=$(taskset -c 1 /usr/bin/python3 tests/bench/idle_connections.py 127.0.0.1 "$idlePort" /hello 10000 "${pids[-1]}")
per_conn=$(echo "$idle" | awk '{print $NF}')

printf '\n| measure | quiver-cli mock | anchor | ratio |\n|---|---|---|---|\n'
/usr/bin/python3 - "$q_rps" "$q_p99" "$q_bad" "$a_rps" "$a_p99" "$n_rps" "$n_p99" "$l_rps" "$l_p99" "$l_bad" "$per_conn" <<'PY'
import sys
q, qp, qb, a, ap, n, np_, l, lp, lb, per = sys.argv[1:]
q, a, n, l = float(q), float(a), float(n), float(l)
print(f"| GET /hello, 3 middlewares, 100 connections (medians) | {q:.0f} req/s, p99 {qp} ms | aiohttp {a:.0f} req/s, p99 {ap} ms | {q / a:.1f}x aiohttp |")
print(f"| GET /hello, 100 connections (medians) | {q:.0f} req/s, p99 {qp} ms | nginx return 200: {n:.0f} req/s, p99 {np_} ms | {q / n:.2f}x nginx |")
print(f"| latency 100 ms, 1,000 connections | {l:.0f} req/s, p99 {lp} ms, {lb} errors | ideal 10,000 req/s | {l / 10000:.2f}x ideal |")
print(f"| memory per idle keep-alive connection (10,000 open) | {per} bytes | — | — |")
if int(qb):
    print(f"(quiver answered {qb} requests with errors)")
PY
