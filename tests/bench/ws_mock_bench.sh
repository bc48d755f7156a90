#!/usr/bin/env bash
# Mock WebSocket endpoints against their anchors: one python3-websockets client (compression
# off) measures echo round trips (median/p99 over 2,000 sequential 64 B messages) and pipelined
# messages/s (64 B and 8 KB) against `quiver-cli mock`'s /ws/echo, a python3-aiohttp echo
# server and a python3-websockets echo server. Servers are pinned to core 0, the client to
# core 1. Then the memory 10,000 idle WebSocket connections add to the mock server.
#   bash tests/bench/ws_mock_bench.sh [build dir] [pipelined messages]  (default build/release, 20000)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/release}
messages=${2:-20000}
cli=$build/app/cli/quiver-cli
command -v taskset >/dev/null || { echo "bench needs taskset (util-linux)"; exit 2; }
[ -x "$cli" ] || { echo "build first: cmake --build --preset release"; exit 2; }
/usr/bin/python3 -c 'import aiohttp, websockets' || { echo "bench needs python3-aiohttp and python3-websockets"; exit 2; }

source tests/bench/bench_common.sh

cat > "$work/mock.json" <<JSON
{"name":"wsbench","routes":[{"id":"echo","kind":"ws","methods":["GET"],"pattern":"/ws/echo",
  "responses":[],"ws":{"kind":"echo","deflate":false}}]}
JSON

declare -A rtt_med rtt_p99 small large
measure() { # name url
  local client="taskset -c 1 /usr/bin/python3 tests/bench/ws_echo_client.py $2"
  read -r _ med _ p99 < <($client rtt 2000)
  read -r _ s64 < <($client pipelined 64 "$messages")
  read -r _ s8k < <($client pipelined 8192 "$messages")
  rtt_med[$1]=$med; rtt_p99[$1]=$p99; small[$1]=$s64; large[$1]=$s8k
  printf "%-11s rtt median %8s us  p99 %8s us   64 B %8s msg/s   8 KB %8s msg/s\n" "$1" "$med" "$p99" "$s64" "$s8k"
}

port=$(freePort)
taskset -c 0 "$cli" mock "$work/mock.json" --port "$port" --quiet >"$work/mock.log" 2>&1 &
mock_pid=$!; pids+=($mock_pid); waitPort "$port"
measure quiver "ws://127.0.0.1:$port/ws/echo"
for kind in aiohttp websockets; do
  p=$(freePort)
  taskset -c 0 /usr/bin/python3 tests/bench/ws_echo_servers.py "$kind" "$p" >"$work/$kind.log" 2>&1 &
  pids+=($!); waitPort "$p"
  measure "$kind" "ws://127.0.0.1:$p/ws/echo"
done
for kind in aiohttp websockets; do
  /usr/bin/python3 -c "import sys; q,o=sys.argv[1:5:2],sys.argv[2:6:2]
print('quiver vs $kind: rtt median x%.2f lower, 64 B x%.2f, 8 KB x%.2f more msg/s' % (float(sys.argv[2])/float(sys.argv[1]), float(sys.argv[3])/float(sys.argv[4]), float(sys.argv[5])/float(sys.argv[6])))" \
    "${rtt_med[quiver]}" "${rtt_med[$kind]}" "${small[quiver]}" "${small[$kind]}" "${large[quiver]}" "${large[$kind]}"
done

echo "10,000 idle WebSocket connections on quiver-cli mock:"
taskset -c 1 /usr/bin/python3 tests/bench/ws_idle_connections.py "ws://127.0.0.1:$port/ws/echo" 10000 "$mock_pid"
