#!/usr/bin/env bash
# Our WebSocket client (core/ws through quiver-ws-client-bench) against a python3-websockets
# client, both talking to the same python3-websockets echo server without compression. The
# server is pinned to core 0 and each client to core 1 with taskset.
# Echo round-trip time (median, p99 over COUNT sequential messages) and pipelined messages per
# second (COUNT sent without waiting, every echo counted), for 64 B and 8 KB binary messages.
#   bash tests/bench/ws_client_bench.sh [build dir] [rtt count] [pipelined count]
#   (defaults: build/release, 2000, 10000)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/release}
rttCount=${2:-2000}
pipeCount=${3:-10000}
ours=$build/tests/bench/quiver-ws-client-bench
command -v taskset >/dev/null || { echo "bench needs taskset (util-linux)"; exit 2; }
[ -x "$ours" ] || { echo "build first: ninja -C $build quiver-ws-client-bench"; exit 2; }
/usr/bin/python3 -c 'import websockets' || { echo "bench needs python3-websockets"; exit 2; }

work=$(mktemp -d)
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

taskset -c 0 /usr/bin/python3 tests/bench/ws_echo_server.py >"$work/port" &
server=$!
for _ in $(seq 100); do grep -q PORT "$work/port" 2>/dev/null && break; sleep 0.1; done
url="ws://127.0.0.1:$(awk '/PORT/ {print $2}' "$work/port")/"

ratio() { /usr/bin/python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2"; }

printf '%-8s %-10s %14s %14s %14s %14s\n' size metric quiver python ratio note
for size in 64 8192; do
  read -r qMed qP99 < <(taskset -c 1 "$ours" "$url" rtt "$size" "$rttCount")
  read -r pMed pP99 < <(taskset -c 1 /usr/bin/python3 tests/bench/ws_bench_client.py "$url" rtt "$size" "$rttCount")
  printf '%-8s %-10s %14s %14s %14s %14s\n' "$size" "rtt p50 us" "$qMed" "$pMed" "$(ratio "$pMed" "$qMed")" "python/quiver"
  printf '%-8s %-10s %14s %14s %14s %14s\n' "$size" "rtt p99 us" "$qP99" "$pP99" "$(ratio "$pP99" "$qP99")" "python/quiver"
  qRate=$(taskset -c 1 "$ours" "$url" pipelined "$size" "$pipeCount")
  pRate=$(taskset -c 1 /usr/bin/python3 tests/bench/ws_bench_client.py "$url" pipelined "$size" "$pipeCount")
  printf '%-8s %-10s %14s %14s %14s %14s\n' "$size" "msgs/s" "$qRate" "$pRate" "$(ratio "$qRate" "$pRate")" "quiver/python"
done
