#!/usr/bin/env bash
# Popularity benchmarks (issue 5), in one run on this machine:
#  1. the read beacon (POST /api/views), every request a new reader: requests/s and p99;
#  2. the article page with "What's Popular Now" against the same page without it (two
#     servers, alternating rounds): the box must cost less than 5% of throughput.
# Usage: bash bench/popularity.sh   (DURATION=10s ROUNDS=3 CONNS=64 by default)
# Everything listens on 127.0.0.1 only; the servers are stopped on exit, Ctrl-C or failure (then
# the temporary folder is kept; KEEP_WORK=1 keeps it anyway). PORT=18640 is the first port tried.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
CONNS=${CONNS:-64}
NAME=popularity
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
need_durations DURATION
need_whole ROUNDS CONNS
[ "$CONNS" -ge 2 ] || die "CONNS must be 2 or more (wrk -t2)"
need_tools "run: bash scripts/setup.sh all" wrk curl bc
BIN=$(masthead_bin --build "${MASTHEAD_BIN:-}")
bench_init

start() {  # start NAME PORT: a server with a new data folder, access log to a file
  local name=$1 port=$2
  masthead_config "$WORK/$name.yaml" "$WORK/$name.access.log" "$(nproc)"
  printf 'popularity:\n  rank_every_ms: 500\n' >> "$WORK/$name.yaml"
  start_masthead "$name" "$BIN" "$WORK/$name" "$port" "$WORK/$name.yaml"
}
WRK_T=2
WRK_C=$CONNS
rps() { # wrk_run's figures -> whole requests/s
  local r
  read -r r _ <<<"$WRK_PARSED"
  echo "${r%.*}"
}

plain_port=$(free_port "${PORT:-18640}"); start plain "$plain_port"
popular_port=$(free_port "$((plain_port + 1))"); start popular "$popular_port"
page=/culture/k-dramas-new-markets-streaming
ids=$(for p in /national/seoul-night-buses-second-life /business/chip-exports-record-october \
               /opinion/editorials/trainee-doctors-workweek; do
        curl -s --max-time 10 "http://127.0.0.1:$popular_port$p" | grep -o 'data-article-id="[0-9]*"' | grep -o '[0-9]*'
      done | paste -sd, -)

echo "Masthead popularity benchmark — bench/popularity.sh"
echo "date:    $(date -u '+%F %T') UTC, git $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "machine: $(nproc) cores, $(cpu_model), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk:     -t2 -c$CONNS -d$DURATION --latency (same cores as the server)"
echo

wrk_run beacon "http://127.0.0.1:$popular_port/api/views" "$DURATION" -s bench/beacon.lua -- "$ids"
read -r _ _ p99 non2xx _ <<<"$WRK_PARSED"
echo "beacon POST /api/views (a new reader each time, articles $ids):"
printf '  %d requests/s, p99 %.2f ms, non-2xx: %d\n' "$(rps)" "$p99" "$non2xx"
sleep 1.5  # two ranking intervals: the box appears
counted=$(curl -s --max-time 10 "http://127.0.0.1:$popular_port/api/popular?window=1h&limit=20" |
          grep -o '"reads":[0-9]*' | cut -d: -f2 | paste -sd+ - | bc)
echo "  reads counted (GET /api/popular?window=1h): $counted"
box="What’s Popular Now"
grep -qF "$box" <<<"$(curl -s --max-time 10 "http://127.0.0.1:$popular_port$page" || true)" ||
  die "the popular box is missing on $page"
if grep -qF "$box" <<<"$(curl -s --max-time 10 "http://127.0.0.1:$plain_port$page" || true)"; then
  die "the plain server shows a popular box"
fi
echo
echo "article page $page, with and without What's Popular Now ($ROUNDS alternating rounds):"
with=(); without=()
for round in $(seq "$ROUNDS"); do
  wrk_run "round $round without" "http://127.0.0.1:$plain_port$page" "$DURATION"
  a=$(rps)
  wrk_run "round $round with" "http://127.0.0.1:$popular_port$page" "$DURATION"
  b=$(rps)
  without+=("$a"); with+=("$b")
  echo "  round $round: without $a req/s, with $b req/s"
done
m_without=$(printf '%s\n' "${without[@]}" | median | awk '{ print int($1) }')
m_with=$(printf '%s\n' "${with[@]}" | median | awk '{ print int($1) }')
echo "  median: without $m_without req/s, with $m_with req/s, ratio $(echo "scale=3; $m_with/$m_without" | bc)"
