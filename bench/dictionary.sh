#!/usr/bin/env bash
# Dictionary benchmark (issue 4): GET /api/dictionary through HTTP on the release build, with a
# realistic mix of inflected words from the demo articles (bench/dictionary.lua), and what the
# dictionaries cost: start-up load time and the process's memory (VmRSS) before and after.
#  1. the mix as readers send it: each word's answer is rendered once, then served from the
#     server's cache of answers (targets: >= 20,000 lookups/s, p99 <= 5 ms);
#  2. the same words, every request with a sentence never sent before: full lookups.
# Usage: bash bench/dictionary.sh   (DURATION=10s CONNS=64 WORDS=200 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
UNCACHED_DURATION=${UNCACHED_DURATION:-5s}
CONNS=${CONNS:-64}
WORDS=${WORDS:-200}
BIN=${MASTHEAD_BIN:-build/release/masthead}
for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "needs $tool: bash scripts/setup.sh all" >&2; exit 2; }
done
if [ ! -x "$BIN" ]; then
  cmake --preset release >/dev/null && cmake --build --preset release >/dev/null
fi

work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$pid/status"; }
rps() { awk '/Requests\/sec/ {print int($2)}'; }
p99() {
  awk '/ 99%/ {v=$2; u=v; gsub(/[0-9.]/,"",u); gsub(/[a-z]/,"",v);
       if (u=="us") v/=1000; else if (u=="s") v*=1000; printf "%.2f", v}'
}

cat > "$work/masthead.yaml" <<YAML
server:
  threads: $(nproc)
  access_log: $work/access.log
YAML
"$BIN" serve --listen "127.0.0.1:$port" --data "$work/data" --config "$work/masthead.yaml" \
  > "$work/out" 2>&1 &
pid=$!
for _ in $(seq 200); do
  grep -q "masthead: serving" "$work/out" 2>/dev/null && break
  sleep 0.05
done
grep -q "masthead: serving" "$work/out" || { echo "the server did not start:" >&2; cat "$work/out" >&2; exit 1; }
loaded=$(grep '^masthead: dictionary' "$work/out" || true)
grep -q ' headwords' <<<"$loaded" || { echo "no dictionary loaded:" >&2; cat "$work/out" >&2; exit 1; }
rss_start=$(rss_kb)

# The words: inflected forms (plurals, past tenses, -ing, comparatives) from the demo
# articles' bodies, in a fixed random order; only those the API knows (a word only a
# reader's typo would look up is not the common case).
for f in content/demo/*.md; do awk 'BEGIN {n=0} /^---$/ {n++; next} n>=2' "$f"; done |
  tr 'A-Z' 'a-z' | grep -oE "[a-z]+" | grep -E '^[a-z]{4,}$' |
  grep -E '(s|ed|ing|er|est|ies)$' | sort -u |
  shuf --random-source=<(yes) > "$work/candidates"
: > "$work/words"
known=0; tried=0
while read -r w && [ "$known" -lt "$WORDS" ]; do
  tried=$((tried + 1))
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/dictionary?q=$w")
  if [ "$code" = 200 ]; then echo "$w" >> "$work/words"; known=$((known + 1)); fi
done < "$work/candidates"
# Each word once more, with a sentence, so not from the answer cache: the server's own time
# per full lookup, from the access log (us=), median and slowest.
while read -r w; do
  curl -s -o /dev/null "http://127.0.0.1:$port/api/dictionary?q=$w&context=one+$w+look"
done < "$work/words"
sleep 0.2
single=$(grep -F '&context=one+' "$work/access.log" | grep -o 'us=[0-9]*' | cut -d= -f2 | sort -n |
         awk '{a[NR]=$1} END {printf "median %.2f ms, slowest %.2f ms", a[int((NR+1)/2)]/1000, a[NR]/1000}')

echo "Masthead dictionary benchmark — bench/dictionary.sh"
echo "date:    $(date -u '+%F %T') UTC, git $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk:     -t2 -c$CONNS --latency (same cores as the server)"
echo "start:   ${loaded#masthead: }"
echo "words:   $known inflected words from content/demo ($tried tried), e.g. $(head -8 "$work/words" | paste -sd' ')"
echo "one at a time, not from the cache: $single (server time per lookup)"
echo "memory:  VmRSS $((rss_start / 1024)) MB after start-up"
echo

out=$(wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s bench/dictionary.lua \
      "http://127.0.0.1:$port" -- "$work/words")
non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
echo "1. GET /api/dictionary?q=WORD, random words of the mix ($DURATION):"
echo "   $(echo "$out" | rps) requests/s, p99 $(echo "$out" | p99) ms, non-2xx: ${non2xx:-0}" \
     "(targets: >= 20000/s, p99 <= 5 ms)"

out=$(wrk -t2 -c"$CONNS" -d"$UNCACHED_DURATION" --latency -s bench/dictionary.lua \
      "http://127.0.0.1:$port" -- "$work/words" uncached)
non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
echo "2. the same with a new sentence every time, so never from the answer cache ($UNCACHED_DURATION):"
echo "   $(echo "$out" | rps) requests/s, p99 $(echo "$out" | p99) ms, non-2xx: ${non2xx:-0}"
echo
echo "memory:  VmRSS $(( $(rss_kb) / 1024 )) MB after both runs"
