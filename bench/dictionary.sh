#!/usr/bin/env bash
# Dictionary benchmark (issue 4): GET /api/dictionary through HTTP on the release build, with a
# realistic mix of inflected words from the demo articles (bench/dictionary.lua), and what the
# dictionaries cost: start-up load time and the process's memory (VmRSS) before and after.
#  1. the mix as readers send it: each word's answer is rendered once, then served from the
#     server's cache of answers (targets: >= 20,000 lookups/s, p99 <= 5 ms);
#  2. the same words, every request with a sentence never sent before: full lookups.
# Usage: bash bench/dictionary.sh   (DURATION=10s CONNS=64 WORDS=200 by default)
# Everything listens on 127.0.0.1 only; the server is stopped on exit, Ctrl-C or failure (then
# the temporary folder is kept; KEEP_WORK=1 keeps it anyway). PORT=18620 is the first port tried.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
DURATION=${DURATION:-10s}
UNCACHED_DURATION=${UNCACHED_DURATION:-5s}
CONNS=${CONNS:-64}
WORDS=${WORDS:-200}
NAME=dictionary
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"
need_durations DURATION UNCACHED_DURATION
need_whole CONNS WORDS
[ "$CONNS" -ge 2 ] || die "CONNS must be 2 or more (wrk -t2)"
need_tools "run: bash scripts/setup.sh all" wrk curl
BIN=$(masthead_bin --build "${MASTHEAD_BIN:-}")
bench_init

port=$(free_port "${PORT:-18620}")
masthead_config "$WORK/masthead.yaml" "$WORK/access.log" "$(nproc)"
start_masthead masthead "$BIN" "$WORK/data" "$port" "$WORK/masthead.yaml"
MH_PID=$STARTED_PID
loaded=$(grep '^masthead: dictionary' "$WORK/masthead.log" || true)
grep -q ' headwords' <<<"$loaded" || die "no dictionary loaded: $(cat "$WORK/masthead.log")"
rss_start=$(rss_mb "$MH_PID")
WRK_T=2
WRK_C=$CONNS

# The words: inflected forms (plurals, past tenses, -ing, comparatives) from the demo
# articles' bodies, in a fixed random order; only those the API knows (a word only a
# reader's typo would look up is not the common case).
# shellcheck disable=SC2018,SC2019 # ASCII words only
for f in content/demo/*.md; do awk 'BEGIN {n=0} /^---$/ {n++; next} n>=2' "$f"; done |
  tr 'A-Z' 'a-z' | grep -oE "[a-z]+" | grep -E '^[a-z]{4,}$' |
  grep -E '(s|ed|ing|er|est|ies)$' | sort -u |
  shuf --random-source=<(yes) > "$WORK/candidates"
: > "$WORK/words"
known=0; tried=0
while read -r w && [ "$known" -lt "$WORDS" ]; do
  tried=$((tried + 1))
  code=$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/dictionary?q=$w" || true)
  if [ "$code" = 200 ]; then echo "$w" >> "$WORK/words"; known=$((known + 1)); fi
done < "$WORK/candidates"
# Each word once more, with a sentence, so not from the answer cache: the server's own time
# per full lookup, from the access log (us=), median and slowest.
while read -r w; do
  curl -s --max-time 10 -o /dev/null "http://127.0.0.1:$port/api/dictionary?q=$w&context=one+$w+look" || true
done < "$WORK/words"
sleep 0.2
single=$(grep -F '&context=one+' "$WORK/access.log" | grep -o 'us=[0-9]*' | cut -d= -f2 | sort -n |
         awk '{a[NR]=$1} END {printf "median %.2f ms, slowest %.2f ms", a[int((NR+1)/2)]/1000, a[NR]/1000}')

echo "Masthead dictionary benchmark — bench/dictionary.sh"
echo "date:    $(date -u '+%F %T') UTC, git $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "machine: $(nproc) cores, $(cpu_model), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk:     -t2 -c$CONNS --latency (same cores as the server)"
echo "start:   ${loaded#masthead: }"
echo "words:   $known inflected words from content/demo ($tried tried), e.g. $(head -8 "$WORK/words" | paste -sd' ')"
echo "one at a time, not from the cache: $single (server time per lookup)"
echo "memory:  VmRSS $rss_start MB after start-up"
echo

wrk_run "cached" "http://127.0.0.1:$port" "$DURATION" -s bench/dictionary.lua -- "$WORK/words"
read -r rps _ p99 non2xx _ <<<"$WRK_PARSED"
echo "1. GET /api/dictionary?q=WORD, random words of the mix ($DURATION):"
printf '   %d requests/s, p99 %.2f ms, non-2xx: %d (targets: >= 20000/s, p99 <= 5 ms)\n' "${rps%.*}" "$p99" "$non2xx"

wrk_run "uncached" "http://127.0.0.1:$port" "$UNCACHED_DURATION" -s bench/dictionary.lua -- "$WORK/words" uncached
read -r rps _ p99 non2xx _ <<<"$WRK_PARSED"
echo "2. the same with a new sentence every time, so never from the answer cache ($UNCACHED_DURATION):"
printf '   %d requests/s, p99 %.2f ms, non-2xx: %d\n' "${rps%.*}" "$p99" "$non2xx"
echo
echo "memory:  VmRSS $(rss_mb "$MH_PID") MB after both runs"
