#!/usr/bin/env bash
# Popularity benchmarks (issue 5), in one run on this machine:
#  1. the read beacon (POST /api/views), every request a new reader: requests/s and p99;
#  2. the article page with "What's Popular Now" against the same page without it (two
#     servers, alternating rounds): the box must cost less than 5% of throughput.
# Usage: bash bench/popularity.sh   (DURATION=10s ROUNDS=3 CONNS=64 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
CONNS=${CONNS:-64}
BIN=${MASTHEAD_BIN:-build/release/masthead}
for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool: bash scripts/setup.sh all" >&2; exit 2; }
done
if [ ! -x "$BIN" ]; then
  cmake --preset release >/dev/null && cmake --build --preset release >/dev/null
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

start() {  # start NAME PORT: a server with a new data folder, access log to a file
  local name=$1 port=$2
  cat > "$work/$name.yaml" <<YAML
server:
  threads: $(nproc)
  access_log: $work/$name.access.log
popularity:
  rank_every_ms: 500
YAML
  "$BIN" serve --listen "127.0.0.1:$port" --data "$work/$name" --config "$work/$name.yaml" \
    > "$work/$name.out" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    grep -q "masthead: serving" "$work/$name.out" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "server $name did not start:" >&2; cat "$work/$name.out" >&2; exit 1
}

rps() { awk '/Requests\/sec/ {print int($2)}'; }
p99() {
  awk '/ 99%/ {v=$2; u=v; gsub(/[0-9.]/,"",u); gsub(/[a-z]/,"",v);
       if (u=="us") v/=1000; else if (u=="s") v*=1000; printf "%.2f", v}'
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

plain_port=$(free_port); start plain "$plain_port"
popular_port=$(free_port); start popular "$popular_port"
page=/culture/k-dramas-new-markets-streaming
ids=$(for p in /national/seoul-night-buses-second-life /business/chip-exports-record-october \
               /opinion/editorials/trainee-doctors-workweek; do
        curl -s "http://127.0.0.1:$popular_port$p" | grep -o 'data-article-id="[0-9]*"' | grep -o '[0-9]*'
      done | paste -sd, -)

echo "Masthead popularity benchmark — bench/popularity.sh"
echo "date:    $(date -u '+%F %T') UTC, git $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk:     -t2 -c$CONNS -d$DURATION --latency (same cores as the server)"
echo

out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s bench/beacon.lua \
      "http://127.0.0.1:$popular_port/api/views" -- "$ids")
non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
echo "beacon POST /api/views (a new reader each time, articles $ids):"
echo "  $(echo "$out" | rps) requests/s, p99 $(echo "$out" | p99) ms, non-2xx: ${non2xx:-0}"
sleep 1.5  # two ranking intervals: the box appears
counted=$(curl -s "http://127.0.0.1:$popular_port/api/popular?window=1h&limit=20" |
          grep -o '"reads":[0-9]*' | cut -d: -f2 | paste -sd+ - | bc)
echo "  reads counted (GET /api/popular?window=1h): $counted"
curl -s "http://127.0.0.1:$popular_port$page" | grep -q 'What’s Popular Now' ||
  { echo "the popular box is missing on $page" >&2; exit 1; }
curl -s "http://127.0.0.1:$plain_port$page" | grep -q 'What’s Popular Now' &&
  { echo "the plain server shows a popular box" >&2; exit 1; }
echo
echo "article page $page, with and without What's Popular Now ($ROUNDS alternating rounds):"
with=(); without=()
for round in $(seq "$ROUNDS"); do
  a=$(wrk -t2 -c"$CONNS" -d"$DURATION" "http://127.0.0.1:$plain_port$page" | rps)
  b=$(wrk -t2 -c"$CONNS" -d"$DURATION" "http://127.0.0.1:$popular_port$page" | rps)
  without+=("$a"); with+=("$b")
  echo "  round $round: without $a req/s, with $b req/s"
done
m_without=$(printf '%s\n' "${without[@]}" | median)
m_with=$(printf '%s\n' "${with[@]}" | median)
echo "  median: without $m_without req/s, with $m_with req/s, ratio $(echo "scale=3; $m_with/$m_without" | bc)"
