#!/usr/bin/env bash
# Quiver against its anchors on this machine, in one run. nginx is pinned to core 0 and every
# client to core 1 with taskset, so client and server never share a core.
#   bash tests/bench/run.sh [build dir]     (default build/release; needs nginx, curl, hyperfine)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/release}
cli=$build/app/cli/quiver-cli
engine=$build/tests/bench/quiver-engine-bench
gui=$build/tests/bench/quiver-gui-stall-bench
traffic=$build/tests/bench/quiver-traffic-stall-bench
for tool in nginx curl hyperfine taskset; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool (apt-get install nginx-light curl hyperfine)"; exit 2; }
done
[ -x "$cli" ] && [ -x "$engine" ] || { echo "build first: cmake --build --preset release"; exit 2; }

work=$(mktemp -d)
trap 'kill $(cat "$work/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
/usr/bin/python3 - "$work/big.json" <<'PY'
import json, sys
rows = [{"id": i, "name": f"item {i}", "tags": ["a", "b", "c"], "score": i * 0.5, "ok": i % 2 == 0}
        for i in range(560000)]
with open(sys.argv[1], "w") as f:
    json.dump(rows, f)
PY
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
daemon on;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port;
    location = /ok { return 200 "ok"; }
    location = /big.json { root $work; default_type application/json; }
  }
}
CONF
taskset -c 0 nginx -c "$work/nginx.conf" -p "$work"
url=http://127.0.0.1:$port

echo "1. one GET, process start included (hyperfine, 300 runs)"
taskset -c 1 hyperfine -N --warmup 20 --runs 300 --export-json "$work/one.json" \
  "$cli send -o /dev/null $url/ok" "curl -s -o /dev/null $url/ok" >/dev/null
read -r ours curls < <(/usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(r[0]["mean"]*1e3, r[1]["mean"]*1e3)' "$work/one.json")

echo "2. 10,000 GETs at concurrency 100 (best of 3)"
best() { local b=0; for _ in 1 2 3; do r=$("$@" | awk '{print $NF}'); [ "${r%.*}" -gt "$b" ] && b=${r%.*}; done; echo "$b"; }
engine_rps=$(best taskset -c 1 "$engine" "$url/ok" 10000 100)
aiohttp_rps=$(best taskset -c 1 /usr/bin/python3 tests/bench/aiohttp_get_bench.py "$url/ok" 10000 100)

stall="n/a"
if [ -x "$gui" ]; then
  echo "3. $(du -h "$work/big.json" | cut -f1) JSON response in the GUI (offscreen)"
  stall=$(QT_QPA_PLATFORM=offscreen taskset -c 1 "$gui" "$url/big.json" | awk '{print $4}')
fi

traffic_stall="n/a n/a"
if [ -x "$traffic" ]; then
  echo "4. mock traffic panel fed 50,000 requests/s for 5 s (offscreen)"
  traffic_stall=$(QT_QPA_PLATFORM=offscreen taskset -c 1 "$traffic" 5 2>/dev/null |
    awk '{for (i = 1; i < NF; i++) { if ($i == "max-stall-ms") m = $(i+1); if ($i == "p99-stall-ms") p = $(i+1) } print m, p}')
fi

open_bench=$build/tests/bench/quiver-workspace-open-bench
open_ms="n/a"
if [ -x "$open_bench" ]; then
  echo "5. Workspace::open on 5,000 requests in 50 folders (median of 5)"
  open_ms=$(taskset -c 1 "$open_bench" "$work/open-bench" | awk '{print $3}')
fi

printf '\n| measure | quiver | anchor | ratio |\n|---|---|---|---|\n'
/usr/bin/python3 - "$ours" "$curls" "$engine_rps" "$aiohttp_rps" "$stall" $traffic_stall <<'PY'
import sys
ours, curls, eng, aio, stall, traffic_max, traffic_p99 = sys.argv[1:]
print(f"| one local GET, wall time incl. process start | {float(ours):.2f} ms | curl {float(curls):.2f} ms | {float(ours)/float(curls):.2f}x curl's time |")
print(f"| 10,000 GETs at concurrency 100, one core | {int(eng)} req/s | aiohttp {int(aio)} req/s | {int(eng)/int(aio):.1f}x aiohttp |")
print(f"| 50 MB JSON: longest UI-thread stall while receiving and rendering | {stall} ms | — | — |")
print(f"| traffic panel at 50,000 req/s: longest / p99 UI-thread stall | {traffic_max} / {traffic_p99} ms | — | — |")
PY
echo "| open a workspace of 5,000 requests (median of 5) | $open_ms ms | — | — |"
