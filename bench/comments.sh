#!/usr/bin/env bash
# Comments benchmark (issue 3, "Speed and bad input"), on the release build, in one run:
#  1. posting: comments from many signed-in readers, every request a different reader
#     (target: >= 2,000 accepted comments/s on SQLite);
#  2. the comment pages of an article with 10,000 comments, HTML and JSON, page 1 and random
#     deep pages (target: p99 <= 5 ms), in two layouts: wrk and the server on separate cores
#     (the server's own latency: the target) and sharing every core (where wrk's own threads
#     wait for the CPU); nginx serving page 1's bytes in both as the yardstick; plus each
#     page's first (uncached) render time;
#  3. the article page with 20 comments showing, against nginx serving the same bytes
#     (target: within 10% of the reading site's figure), and the signed-in reader's
#     personalised article page.
#
#   bash bench/comments.sh
#   DURATION=2s ROUNDS=1 WARMUP=1s POST_ROUNDS=1 READERS=12000 bash bench/comments.sh   (smoke run)
#
# Settings (environment variables):
#   DURATION=10s      each measured wrk run of parts 2 and 3
#   ROUNDS=3          measured runs per configuration of parts 2 and 3 (the table shows medians)
#   WARMUP=2s         unmeasured run per server and configuration of part 3 (0 = none)
#   CONNS=64          wrk connections, every part
#   WRK_THREADS=2     wrk -t
#   POST_DURATION=4s  each posting round (part 1)
#   POST_ROUNDS=3     posting rounds (part 1; at most 20: a reader may post 20 comments a day)
#   READERS=40000     readers signed in before part 1 (two halves, used in alternate rounds)
#   SIGNIN_CONCURRENCY=32   sign-ins in flight while creating them
#   COMMENTS=10000    comments on the article of part 2
#   ARTICLE=/path     the article page of part 3 (default: the longest demo article)
#   DEEP_ARTICLE=/path  the article of part 2 (default: the longest other demo article)
#   BASELINE_BIN=FILE a Masthead binary without comments (e.g. a release build of 848171d):
#                     part 3 then also measures its article page, the reading site's figure
#   MASTHEAD_THREADS=$(nproc), NGINX_WORKERS=$(nproc)   (the shared-cores layout)
#   SERVER_CPUS=0     the separate-cores layout of part 2: the server (1 thread) and nginx
#   WRK_CPUS=1-       (1 worker) on SERVER_CPUS, wrk (1 thread) on WRK_CPUS (taskset lists);
#                     SEPARATE=0 skips that layout (it needs 2 cores or more)
#   MASTHEAD_BIN=FILE binary to measure (default: build/release/masthead, built if missing)
#   MASTHEAD_PORT=18580, NGINX_PORT=18590, BASELINE_PORT=18600  first port tried
#   KEEP_WORK=1       keep the temporary folder (data folder, configs, logs, raw wrk output)
#
# The server runs with --demo (the demo sign-in makes the readers) and a configuration that
# lifts one rule only: comments.per_address_per_hour: 0, since every reader of a benchmark
# comes from 127.0.0.1. Every other rule keeps its default: no reader posts twice within 60 s,
# more than 3 times on an article or more than 20 times a day.
#
# Everything listens on 127.0.0.1 only. The servers are this script's children and are stopped
# when it exits, also on Ctrl-C or failure. bench/README.md says what the numbers mean.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-2s}
CONNS=${CONNS:-64}
WRK_THREADS=${WRK_THREADS:-2}
POST_DURATION=${POST_DURATION:-4s}
POST_ROUNDS=${POST_ROUNDS:-3}
READERS=${READERS:-40000}
SIGNIN_CONCURRENCY=${SIGNIN_CONCURRENCY:-32}
COMMENTS=${COMMENTS:-10000}
ARTICLE=${ARTICLE:-}
DEEP_ARTICLE=${DEEP_ARTICLE:-}
BASELINE_BIN=${BASELINE_BIN:-}
CORES=$(nproc)
MASTHEAD_THREADS=${MASTHEAD_THREADS:-$CORES}
NGINX_WORKERS=${NGINX_WORKERS:-$CORES}
MASTHEAD_BIN=${MASTHEAD_BIN:-}
KEEP_WORK=${KEEP_WORK:-0}
SERVER_CPUS=${SERVER_CPUS:-0}
WRK_CPUS=${WRK_CPUS:-1-$((CORES - 1))}
SEPARATE=${SEPARATE:-1}
[ "$CORES" -ge 2 ] || SEPARATE=0

NAME=comments
log() { printf '%s\n' "$*" >&2; }
die() {
    printf '\n%s: FAILED: %s\n' "$NAME" "$*" >&2
    exit 1
}

# ---------------------------------------------------------------- arguments and tools
is_duration() { [[ $1 =~ ^[0-9]+(\.[0-9]+)?[smh]?$ ]]; }
is_duration "$DURATION" || die "DURATION must look like 10s, 1m (not \"$DURATION\")"
is_duration "$POST_DURATION" || die "POST_DURATION must look like 4s (not \"$POST_DURATION\")"
is_duration "$WARMUP" || die "WARMUP must look like 2s, or 0 for none (not \"$WARMUP\")"
whole() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }
whole "$ROUNDS" || die "ROUNDS must be a whole number >= 1"
whole "$POST_ROUNDS" && [ "$POST_ROUNDS" -le 20 ] ||
    die "POST_ROUNDS must be 1 to 20 (a reader may post 20 comments a day)"
whole "$WRK_THREADS" || die "WRK_THREADS must be a whole number >= 1"
whole "$CONNS" && [ "$CONNS" -ge "$WRK_THREADS" ] || die "CONNS must be a whole number >= WRK_THREADS"
whole "$READERS" && [ "$READERS" -ge 2 ] || die "READERS must be a whole number >= 2"
whole "$SIGNIN_CONCURRENCY" || die "SIGNIN_CONCURRENCY must be a whole number >= 1"
whole "$COMMENTS" || die "COMMENTS must be a whole number >= 1"
whole "$MASTHEAD_THREADS" || die "MASTHEAD_THREADS must be a whole number >= 1"
whole "$NGINX_WORKERS" || die "NGINX_WORKERS must be a whole number >= 1"
[ -z "$ARTICLE" ] || [[ $ARTICLE == /* ]] || die "ARTICLE must be a path such as /culture/some-story"
[ -z "$DEEP_ARTICLE" ] || [[ $DEEP_ARTICLE == /* ]] || die "DEEP_ARTICLE must be a path"
[ -z "$BASELINE_BIN" ] || [ -x "$BASELINE_BIN" ] || die "BASELINE_BIN $BASELINE_BIN is not an executable"
seconds_of() { # 4s, 1.5m, 2 -> seconds (may be fractional)
    awk -v d="$1" 'BEGIN { n = d + 0; u = d; sub(/^[0-9.]+/, "", u)
        if (u == "m") n *= 60; else if (u == "h") n *= 3600; print n }'
}

for tool in wrk nginx curl node gzip awk taskset; do
    command -v "$tool" >/dev/null ||
        die "$tool is not installed; run: bash scripts/setup.sh all   (installs wrk, nginx-light, node)"
done

# ---------------------------------------------------------------- cleanup on any exit
WORK=""
RESULTS=""
MH_PID=""
NGX_PID=""
BASE_PID=""

stop_pid() { # pid signal: signal it, wait up to 10 s, then SIGKILL it and its children
    local pid=$1 sig=$2 kids i
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    kids=$(pgrep -P "$pid" 2>/dev/null || true)
    kill "-$sig" "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        log "$NAME: pid $pid did not stop on SIG$sig; killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    for k in $kids; do
        if kill -0 "$k" 2>/dev/null; then kill -KILL "$k" 2>/dev/null || true; fi
    done
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_pid "$MH_PID" TERM
    stop_pid "$BASE_PID" TERM
    stop_pid "$NGX_PID" TERM
    if [ "$rc" -ne 0 ] && [ -n "$RESULTS" ] && [ -f "$RESULTS" ]; then
        printf '\nINCOMPLETE: the run stopped early (exit status %s); the numbers above are partial.\n' \
            "$rc" >>"$RESULTS"
    fi
    if [ "$rc" -eq 130 ] || [ "$rc" -eq 143 ]; then
        log "$NAME: interrupted; the servers are stopped"
    fi
    local failed=0
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 130 ] && [ "$rc" -ne 143 ]; then failed=1; fi
    if [ -n "$WORK" ] && [ -d "$WORK" ]; then
        if [ "$failed" = 1 ]; then
            for f in masthead.log baseline.log nginx.out nginx-error.log; do
                if [ -s "$WORK/$f" ]; then
                    log "--- last lines of $f:"
                    tail -n 15 "$WORK/$f" >&2
                fi
            done
        fi
        if [ "$KEEP_WORK" = 1 ] || [ "$failed" = 1 ]; then
            log "$NAME: temporary files kept in $WORK"
        else
            rm -rf "$WORK"
        fi
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'log "$NAME: FAILED: line $LINENO: $BASH_COMMAND"' ERR
trap 'exit 143' TERM

# ---------------------------------------------------------------- masthead binary
if [ -z "$MASTHEAD_BIN" ]; then
    MASTHEAD_BIN=$ROOT/build/release/masthead
    if [ ! -x "$MASTHEAD_BIN" ]; then
        log "$NAME: building the release binary (cmake --preset release && cmake --build --preset release)"
        { cmake --preset release && cmake --build --preset release; } >&2 ||
            die "the release build failed (see above); MASTHEAD_BIN=FILE measures an already built binary"
    elif [ -n "$(find src cmake CMakeLists.txt -newer "$MASTHEAD_BIN" -print -quit 2>/dev/null)" ]; then
        log "$NAME: warning: $MASTHEAD_BIN is older than the sources (cmake --build --preset release rebuilds it)"
    fi
fi
[ -x "$MASTHEAD_BIN" ] || die "no masthead binary at $MASTHEAD_BIN"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/masthead-bench-comments.XXXXXX")
chmod 755 "$WORK" # nginx workers started by root run as an unprivileged user and read www/
mkdir -p "$WORK/www" "$WORK/tmp" "$WORK/wrk"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# ---------------------------------------------------------------- helpers
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
    local p=$1
    while port_in_use "$p"; do p=$((p + 1)); done
    echo "$p"
}
alive() { kill -0 "$1" 2>/dev/null; }
check_alive() {
    alive "$MH_PID" || die "masthead (pid $MH_PID) has exited"
    [ -z "$NGX_PID" ] || alive "$NGX_PID" || die "nginx (pid $NGX_PID) has exited"
    [ -z "$BASE_PID" ] || alive "$BASE_PID" || die "the baseline masthead (pid $BASE_PID) has exited"
}
header_value() { # header_file name -> value of the last such header (case-insensitive)
    awk -v n="$(printf '%s' "$2" | tr '[:upper:]' '[:lower:]')" -F': *' '
        { sub(/\r$/, "") } tolower($1) == n { v = substr($0, index($0, ":") + 1); sub(/^ +/, "", v) }
        END { print v }' "$1"
}
json_number() { # key -> the first "key":NUMBER of the JSON on stdin
    grep -o "\"$1\":[0-9]*" | head -n 1 | cut -d: -f2
}
median() { # numbers on stdin -> their median
    sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
parse_wrk() { # wrk output file -> "rps p50_ms p99_ms non2xx socket_errors requests"
    awk '
        function ms(v,   n, u) {
            n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
            if (u == "us") return n / 1000
            if (u == "ms") return n
            if (u == "s") return n * 1000
            if (u == "m") return n * 60000
            return -1
        }
        /^Requests\/sec:/ { rps = $2 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /Non-2xx or 3xx responses:/ { non2xx = $NF }
        /Socket errors:/ { gsub(",", ""); errs = $4 + $6 + $8 + $10 }
        / requests in / { reqs = $1 }
        END {
            if (rps == "" || p99 == "") { print "parse-error"; exit }
            printf "%s %.3f %.3f %d %d %d\n", rps, p50, p99, non2xx, errs, reqs
        }' "$1"
}

SERVER_PIN=() # a command prefix for start_server and start_nginx, e.g. (taskset -c 0)
start_server() { # bin name port data config [--demo] -> pid in $STARTED_PID
    local bin=$1 name=$2 port=$3 data=$4 config=$5 demo=${6:-} i
    "${SERVER_PIN[@]}" "$bin" serve --listen "127.0.0.1:$port" --data "$data" --config "$config" $demo \
        >"$WORK/$name.log" 2>&1 &
    STARTED_PID=$!
    for ((i = 0; i < 600; i++)); do
        grep -q "^masthead: serving http://127.0.0.1:$port/" "$WORK/$name.log" && return 0
        if ! alive "$STARTED_PID"; then
            if grep -q 'comments' "$WORK/$name.log" && grep -qi 'unknown\|known:' "$WORK/$name.log"; then
                die "$name rejected the configuration's comments: section ($(tail -n 1 "$WORK/$name.log")).
This benchmark needs the comments: settings (per_address_per_hour) in src/app/config.cpp."
            fi
            die "$name exited while starting: $(tail -n 3 "$WORK/$name.log")"
        fi
        sleep 0.1
    done
    die "$name did not start within 60 s"
}

# ---------------------------------------------------------------- start masthead
MH_PORT=$(free_port "${MASTHEAD_PORT:-18580}")
MH_ACCESS=$WORK/masthead-access.log
cat >"$WORK/masthead.yaml" <<EOF
server:
  access_log: $MH_ACCESS
  threads: $MASTHEAD_THREADS
comments:
  # Every reader of the benchmark comes from 127.0.0.1: no limit per network address (the
  # default is 30 comments an hour). Every other rule keeps its default.
  per_address_per_hour: 0
EOF
start_server "$MASTHEAD_BIN" masthead "$MH_PORT" "$WORK/data" "$WORK/masthead.yaml" --demo
MH_PID=$STARTED_PID
MH=http://127.0.0.1:$MH_PORT
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
uptime_start=$(uptime)

# ---------------------------------------------------------------- the demo articles
# Linked from the home page and the section fronts; an article page has og:type "article".
links() { curl -sS --max-time 10 "$MH$1" | grep -o 'href="/[^"]*"' | sed 's/^href="//; s/"$//' |
    grep -v -e '^/static/' -e '^//' | sort -u || true; }
home_links=$(links /)
sections=$(grep -E '^/[^/]+$' <<<"$home_links" || true)
candidates=$({
    printf '%s\n' "$home_links"
    for s in $sections; do links "$s"; done
} | grep -E '^/[^/?#]+/[^?#]+$' | sort -u || true)
: >"$WORK/articles.tsv" # size <TAB> id <TAB> path
for p in $candidates; do
    curl -sS --max-time 10 -o "$WORK/candidate.html" "$MH$p" || continue
    grep -q '<meta property="og:type" content="article">' "$WORK/candidate.html" || continue
    id=$(grep -o -m 1 'data-article-id="[0-9]*"' "$WORK/candidate.html" | grep -o '[0-9]*' || true)
    [ -n "$id" ] || continue
    printf '%s\t%s\t%s\n' "$(wc -c <"$WORK/candidate.html")" "$id" "$p" >>"$WORK/articles.tsv"
done
rm -f "$WORK/candidate.html"
sort -t$'\t' -k1,1nr -o "$WORK/articles.tsv" "$WORK/articles.tsv"
N_ARTICLES=$(wc -l <"$WORK/articles.tsv")
[ "$N_ARTICLES" -ge 2 ] || die "found $N_ARTICLES article pages linked from $MH/; need at least 2"
[ -n "$ARTICLE" ] || ARTICLE=$(awk -F'\t' 'NR == 1 { print $3 }' "$WORK/articles.tsv")
[ -n "$DEEP_ARTICLE" ] ||
    DEEP_ARTICLE=$(awk -F'\t' -v a="$ARTICLE" '$3 != a { print $3; exit }' "$WORK/articles.tsv")
article_id_of() { awk -F'\t' -v p="$1" '$3 == p { print $2 }' "$WORK/articles.tsv"; }
ARTICLE_ID=$(article_id_of "$ARTICLE")
DEEP_ID=$(article_id_of "$DEEP_ARTICLE")
[ -n "$ARTICLE_ID" ] || die "$ARTICLE is not one of the demo article pages"
[ -n "$DEEP_ID" ] || die "$DEEP_ARTICLE is not one of the demo article pages"
[ "$ARTICLE_ID" != "$DEEP_ID" ] || die "ARTICLE and DEEP_ARTICLE must be different articles"
mapfile -t ARTICLE_IDS < <(cut -f2 "$WORK/articles.tsv")
mapfile -t ARTICLE_PATHS < <(cut -f3 "$WORK/articles.tsv")

# ---------------------------------------------------------------- the report header
cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
git_rev=$(git -C "$ROOT" describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)
nginx_version=$(nginx -v 2>&1 | sed 's/^nginx version: //')
wrk_version=$({ wrk -v 2>&1 || true; } | awk 'NR == 1 { print $1, $2 }')
mh_version=$("$MASTHEAD_BIN" version 2>/dev/null || echo "masthead ?")

mkdir -p "$ROOT/bench/results"
STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS=$ROOT/bench/results/$NAME-$STAMP.txt
RAW=$ROOT/bench/results/$NAME-$STAMP.wrk.txt
: >"$RESULTS"
: >"$RAW"
say() { printf '%s\n' "$*" | tee -a "$RESULTS"; }

say "Masthead comments benchmark (issue 3) — bench/$NAME.sh"
say "date:      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
say "machine:   $CORES cores (nproc), ${cpu_model:-unknown CPU}, Linux $(uname -r)"
say "load:      at start: $uptime_start"
load1=${load_start%% *}
if awk -v l="$load1" 'BEGIN { exit !(l >= 0.5) }'; then
    say "           WARNING: load average $load1 at start: the machine is not quiet; the numbers are unreliable"
fi
say "masthead:  $mh_version, git $git_rev, $MASTHEAD_BIN"
say "           --demo, server.threads $MASTHEAD_THREADS, access log to a file, SQLite (WAL, synchronous=NORMAL),"
say "           comments.per_address_per_hour 0 (all readers are 127.0.0.1), every other comment rule at its default"
say "wrk:       $wrk_version, -t$WRK_THREADS -c$CONNS --latency, on the same $CORES cores as the servers"
say "articles:  $N_ARTICLES demo articles; part 3 page $ARTICLE (id $ARTICLE_ID), part 2 article $DEEP_ARTICLE (id $DEEP_ID)"
say ""

TSV=$WORK/runs.tsv # part <TAB> config <TAB> round <TAB> rps <TAB> p50 <TAB> p99 <TAB> extra
: >"$TSV"
RAW_N=0
WRK_PIN=() # a command prefix for wrk, e.g. (taskset -c 1)
WRK_T=$WRK_THREADS
wrk_run() { # label url [wrk args...] -> output file path in $WRK_OUT, parsed in $WRK_PARSED
    # (wrk args before "--" go before the URL, the script's arguments after it)
    local label=$1 url=$2 opts=() rest=()
    shift 2
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        opts+=("$1")
        shift
    done
    rest=("$@")
    RAW_N=$((RAW_N + 1))
    WRK_OUT=$WORK/wrk/$RAW_N.txt
    check_alive
    if ! "${WRK_PIN[@]}" wrk -t"$WRK_T" -c"$CONNS" --latency "${opts[@]}" "$url" "${rest[@]}" >"$WRK_OUT" 2>&1; then
        cat "$WRK_OUT" >&2
        die "wrk failed ($label)"
    fi
    {
        echo "=== $label: ${WRK_PIN[*]}${WRK_PIN[*]:+ }wrk -t$WRK_T -c$CONNS --latency ${opts[*]} $url ${rest[*]}"
        cat "$WRK_OUT"
        echo
    } >>"$RAW"
    check_alive
    WRK_PARSED=$(parse_wrk "$WRK_OUT")
    [ "$WRK_PARSED" != parse-error ] || {
        cat "$WRK_OUT" >&2
        die "could not read wrk's output ($label)"
    }
}

# ================================================================ part 1: posting
# The readers: READERS demo sign-ins, each with its comment form's csrf token, spread over the
# articles. Two halves: odd rounds use the first, even rounds the second, so a reader posts at
# most once per round and a half is used again only 61 s after its last round (the 60 s rule).
# Round r moves every reader r articles on, so no reader reaches 3 comments on one article.
say "part 1: posting comments, a different signed-in reader every request"
log "$NAME: signing $READERS readers in (GET /login, POST /login/demo, GET the article page)..."
signin=$(node "$ROOT/bench/comments_readers.mjs" "$MH" "$READERS" "$SIGNIN_CONCURRENCY" \
    "$WORK/readers.tsv" "${ARTICLE_PATHS[@]}") || die "signing the readers in failed"
say "  $signin (GET /login, POST /login/demo, GET the article page for the csrf token; $SIGNIN_CONCURRENCY at a time)"
[ "$(wc -l <"$WORK/readers.tsv")" -eq "$READERS" ] || die "readers.tsv does not hold $READERS readers"

HALF=$((READERS / 2))
declare -a HALF_END=(0 0) # when each half last posted (epoch seconds)
ids_list=$(IFS=,; echo "${ARTICLE_IDS[*]}")
round_file() { # round -> $WORK/round-R.tsv: the readers with their article for that round
    awk -F'\t' -v OFS='\t' -v r="$1" -v ids="$ids_list" '
        BEGIN { n = split(ids, id, ",") }
        { $3 = id[((NR - 1 + r) % n) + 1]; print }' "$WORK/readers.tsv" >"$WORK/round-$1.tsv"
}
wait_half() { # half: sleep until 61 s after its last round
    local until=$((HALF_END[$1] + 61)) now
    now=$(date +%s)
    if [ "${HALF_END[$1]}" -gt 0 ] && [ "$now" -lt "$until" ]; then
        log "$NAME: waiting $((until - now)) s: these readers posted less than 60 s ago"
        sleep $((until - now))
    fi
}
posted_total=0
post_short=0
for ((r = 1; r <= POST_ROUNDS; r++)); do
    half=$(((r - 1) % 2))
    wait_half "$half"
    round_file "$r"
    wrk_run "post round $r" "$MH/comments" -d"$POST_DURATION" -s "$ROOT/bench/comments_post.lua" -- \
        "$WORK/round-$r.tsv" $((half * HALF + 1)) "$HALF" "" "$WRK_THREADS" "round$r"
    HALF_END[$half]=$(date +%s)
    read -r rps p50 p99 non2xx errs reqs <<<"$WRK_PARSED"
    lua=$(grep '^comments-lua:' "$WRK_OUT" || true)
    [ -n "$lua" ] || die "the posting script printed no summary"
    kv() { grep -o "$1=[0-9.]*" <<<"$lua" | head -n 1 | cut -d= -f2; }
    accepted=$(kv accepted)
    rejected=$(kv rejected)
    exhausted=$(kv exhausted)
    secs=$(kv seconds)
    statuses=$(grep -o 'status_[0-9]*=[0-9]*' <<<"$lua" | paste -sd' ' - || true)
    aps=$(awk -v a="$accepted" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0) ? a / s : 0 }')
    posted_total=$((posted_total + accepted))
    note=""
    if [ "$exhausted" -gt 0 ]; then
        post_short=1
        note="  READERS RAN OUT before the end: accepted/s is a lower bound (raise READERS)"
    fi
    printf 'post\tpost\t%s\t%s\t%s\t%s\t%s\n' "$r" "$aps" "$p50" "$p99" "$rejected" >>"$TSV"
    say "$(printf '  round %-2s %6d accepted in %5.2f s = %5d accepted/s; other answers %d%s; p50 %6.2f ms, p99 %7.2f ms; socket errors %d%s' \
        "$r" "$accepted" "$secs" "$aps" "$rejected" "${statuses:+ ($statuses)}" "$p50" "$p99" "$errs" "$note")"
done
# What the server holds now: every article's count (the wrk script does not see the answers to
# posts still in flight when a thread stops, so the server may hold a few more).
sleep 0.3
server_total=0
for id in "${ARTICLE_IDS[@]}"; do
    c=$(curl -sS --max-time 10 "$MH/api/comments?article=$id" | json_number count)
    server_total=$((server_total + ${c:-0}))
done
say "  comments counted by wrk: $posted_total; visible comments on the server: $server_total"
[ "$server_total" -ge "$posted_total" ] || die "the server holds fewer comments than wrk saw accepted"
say ""

# ================================================================ part 3: the article page
# (run before part 2 so the readers of part 1 may post again when part 2 seeds its article)
say "part 3: the article page with comments, against nginx serving the same bytes"
fetch() { # url encoding body_file header_file [cookie] -> "status size_download"
    local url=$1 enc=$2 body=$3 hdr=$4 cookie=${5:-} extra=()
    [ "$enc" = gzip ] && extra+=(-H 'Accept-Encoding: gzip')
    [ -n "$cookie" ] && extra+=(-H "Cookie: mh_session=$cookie")
    curl -sS --max-time 10 "${extra[@]}" -D "$hdr" -o "$body" -w '%{http_code} %{size_download}\n' "$url" || true
}
# A page read often is the one measured (its gzip variant at the best level: a page made on a
# miss is gzipped at the fastest level and again once read a few times).
for ((i = 0; i < 5; i++)); do
    curl -sS --max-time 10 -o /dev/null -H 'Accept-Encoding: gzip' "$MH$ARTICLE" || true
done
DOC=$WORK/www$ARTICLE
mkdir -p "$(dirname "$DOC")"
read -r code plain_size <<<"$(fetch "$MH$ARTICLE" plain "$DOC" "$WORK/mh-plain.hdr")"
[ "$code" = 200 ] || die "masthead answered $code for $ARTICLE"
read -r code gzip_size <<<"$(fetch "$MH$ARTICLE" gzip "$DOC.gz" "$WORK/mh-gzip.hdr")"
[ "$code" = 200 ] && [ "$(header_value "$WORK/mh-gzip.hdr" Content-Encoding)" = gzip ] ||
    die "masthead did not gzip $ARTICLE for Accept-Encoding: gzip"
gzip -dc "$DOC.gz" | cmp -s - "$DOC" || die "masthead's gzip body of $ARTICLE differs from its plain body"
shown=$(grep -c 'class="comment" id="comment-' "$DOC" || true)
[ "$shown" -ge 20 ] || die "the article page shows $shown comments, not 20 (did part 1 post enough?)"
count_on_page=$(curl -sS "$MH/api/comments?article=$ARTICLE_ID" | json_number count)
chmod -R a+rX "$WORK/www"
# The signed-in reader's page: different bytes (their form and csrf token), rendered per request.
reader_cookie=$(head -n 1 "$WORK/readers.tsv" | cut -f1)
read -r code personal_size <<<"$(fetch "$MH$ARTICLE" plain "$WORK/personal.html" "$WORK/personal.hdr" "$reader_cookie")"
[ "$code" = 200 ] && grep -q 'class="comment-form"' "$WORK/personal.html" ||
    die "the signed-in article page has no comment form"
read -r code personal_gzip_size <<<"$(fetch "$MH$ARTICLE" gzip "$WORK/personal.html.gz" "$WORK/personal-gzip.hdr" "$reader_cookie")"

NGX_PORT=$(free_port "${NGINX_PORT:-18590}")
ngx_user=""
[ "$(id -u)" -ne 0 ] || ngx_user="user nobody nogroup;"
start_nginx() { # workers: nginx on NGX_PORT serving $WORK/www, pid in NGX_PID
    cat >"$WORK/nginx.conf" <<EOF
# Written by bench/$NAME.sh: the static file server of bench/article_vs_nginx.sh.
$ngx_user
worker_processes $1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events {
    worker_connections 4096;
}
http {
    types { }
    default_type text/html;
    charset utf-8;
    access_log $WORK/nginx-access.log combined buffer=64k flush=1s;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 75s;
    keepalive_requests 1000000;
    open_file_cache max=1000 inactive=60s;
    open_file_cache_valid 60s;
    open_file_cache_min_uses 1;
    open_file_cache_errors on;
    client_body_temp_path $WORK/tmp/body;
    proxy_temp_path $WORK/tmp/proxy;
    fastcgi_temp_path $WORK/tmp/fastcgi;
    uwsgi_temp_path $WORK/tmp/uwsgi;
    scgi_temp_path $WORK/tmp/scgi;
    server {
        listen 127.0.0.1:$NGX_PORT;
        server_name _;
        root $WORK/www;
        etag on;
        gzip_static on;
        gzip_vary on;
        location / { }
    }
}
EOF
    nginx -t -q -p "$WORK/" -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log" >>"$WORK/nginx.out" 2>&1 ||
        die "nginx rejected its configuration $WORK/nginx.conf"
    "${SERVER_PIN[@]}" nginx -p "$WORK/" -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log" -g 'daemon off;' \
        >>"$WORK/nginx.out" 2>&1 &
    NGX_PID=$!
    local i
    for ((i = 0; i < 100; i++)); do
        alive "$NGX_PID" || die "nginx exited while starting"
        [ "$(curl -s -o /dev/null -w '%{http_code}' "$NGX$ARTICLE" || true)" = 200 ] && return 0
        sleep 0.1
    done
    die "nginx did not answer within 10 s"
}
NGX=http://127.0.0.1:$NGX_PORT
start_nginx "$NGINX_WORKERS"
for enc in plain gzip; do
    want=$DOC
    [ $enc = gzip ] && want=$DOC.gz
    read -r code _ <<<"$(fetch "$NGX$ARTICLE" $enc "$WORK/check.body" "$WORK/check.hdr")"
    [ "$code" = 200 ] && cmp -s "$WORK/check.body" "$want" || die "nginx's $enc body differs from Masthead's"
done

SERVERS=(nginx masthead signed-in)
BASE=""
if [ -n "$BASELINE_BIN" ]; then
    BASE_PORT=$(free_port "${BASELINE_PORT:-18600}")
    cat >"$WORK/baseline.yaml" <<EOF
server:
  access_log: $WORK/baseline-access.log
  threads: $MASTHEAD_THREADS
EOF
    start_server "$BASELINE_BIN" baseline "$BASE_PORT" "$WORK/baseline-data" "$WORK/baseline.yaml"
    BASE_PID=$STARTED_PID
    BASE=http://127.0.0.1:$BASE_PORT
    # nginx serves the baseline's page too, under /baseline: each server against nginx serving
    # its own bytes, at the same moment, so the page's size does not count against Masthead.
    BASE_DOC=$WORK/www/baseline$ARTICLE
    mkdir -p "$(dirname "$BASE_DOC")"
    read -r code base_size <<<"$(fetch "$BASE$ARTICLE" plain "$BASE_DOC" "$WORK/baseline.hdr")"
    [ "$code" = 200 ] || die "the baseline answered $code for $ARTICLE"
    read -r code base_gzip_size <<<"$(fetch "$BASE$ARTICLE" gzip "$BASE_DOC.gz" "$WORK/baseline-gzip.hdr")"
    [ "$code" = 200 ] && [ "$(header_value "$WORK/baseline-gzip.hdr" Content-Encoding)" = gzip ] ||
        die "the baseline did not gzip $ARTICLE"
    chmod -R a+rX "$WORK/www"
    SERVERS=(nginx masthead nginx-baseline baseline signed-in)
fi
say "  page $ARTICLE: $shown comments shown of $count_on_page; body plain $plain_size B, gzip $gzip_size B;"
say "  signed-in (their form, per request): plain $personal_size B, gzip $personal_gzip_size B"
[ -z "$BASE" ] || say "  baseline $BASELINE_BIN: plain $base_size B, gzip $base_gzip_size B (nginx-baseline: nginx serving those bytes)"
say "  nginx: $nginx_version, worker_processes $NGINX_WORKERS, the configuration of bench/article_vs_nginx.sh"
page_run() { # server encoding duration label
    local srv=$1 enc=$2 dur=$3 label=$4 args=() url
    [ "$enc" = gzip ] && args+=(-H 'Accept-Encoding: gzip')
    case $srv in
        nginx) url=$NGX$ARTICLE ;;
        nginx-baseline) url=$NGX/baseline$ARTICLE ;;
        masthead) url=$MH$ARTICLE ;;
        baseline) url=$BASE$ARTICLE ;;
        signed-in)
            # Every request a signed-in reader taken at random from the READERS.
            printf '%s\n' "$ARTICLE" >"$WORK/article-path.txt"
            url=$MH
            args+=(-s "$ROOT/bench/comments_get.lua" -- "$WORK/article-path.txt" "$WORK/readers.tsv")
            ;;
    esac
    : >"$MH_ACCESS"
    : >"$WORK/nginx-access.log"
    wrk_run "page $srv $enc $label" "$url" -d"$dur" "${args[@]}"
    read -r rps p50 p99 non2xx errs reqs <<<"$WRK_PARSED"
    [ "$non2xx" -eq 0 ] || die "$srv gave $non2xx non-2xx/3xx answers for $ARTICLE ($enc)"
    if [ "$label" = warmup ]; then
        printf '  %-5s warm-up   %-9s %9.0f req/s  p99 %8.2f ms\n' "$enc" "$srv" "$rps" "$p99" >&2
        return
    fi
    printf 'page\t%s %s\t%s\t%s\t%s\t%s\t%s\n' "$srv" "$enc" "$label" "$rps" "$p50" "$p99" "$errs" >>"$TSV"
    say "$(printf '  %-5s round %-2s %-9s %9.0f req/s  p99 %8.2f ms  socket errors %d' "$enc" "$label" "$srv" "$rps" "$p99" "$errs")"
}
for enc in plain gzip; do
    if [ "$WARMUP" != 0 ] && [ "$WARMUP" != 0s ]; then
        for srv in "${SERVERS[@]}"; do page_run "$srv" "$enc" "$WARMUP" warmup; done
    fi
    for ((r = 1; r <= ROUNDS; r++)); do
        order=("${SERVERS[@]}")
        if ((r % 2 == 0)); then # even rounds in reverse order
            order=()
            for ((i = ${#SERVERS[@]} - 1; i >= 0; i--)); do order+=("${SERVERS[$i]}"); done
        fi
        for srv in "${order[@]}"; do page_run "$srv" "$enc" "$DURATION" "$r"; done
    done
done
stop_pid "$BASE_PID" TERM
BASE_PID=""
say ""

# ================================================================ part 2: 10,000 comments
say "part 2: the comments of an article with $COMMENTS comments ($DEEP_ARTICLE, id $DEEP_ID)"
# (asked with order=best: the newest pages, measured below, stay unrendered until then)
count_of() { curl -sS --max-time 10 "$MH/api/comments?article=$1&order=best" | json_number count; }
have=$(count_of "$DEEP_ID")
have=${have:-0}
cursor=1
seed_started=$(date +%s.%N)
seed_runs=0
while [ "$have" -lt "$COMMENTS" ]; do
    need=$((COMMENTS - have))
    seed_runs=$((seed_runs + 1))
    [ "$seed_runs" -le 5 ] || die "the article still has $have comments after 5 seeding runs"
    [ $((cursor + need - 1)) -le "$READERS" ] ||
        die "not enough readers to post $need more comments (READERS=$READERS; raise it)"
    # The readers of part 1 posted their last comment at least 61 s ago (the 60 s rule).
    wait_half 0
    wait_half 1
    seed_secs=$(awk -v n="$need" 'BEGIN { s = int(n / 1000) + 5; print (s > 60) ? 60 : s }')
    wrk_run "seed $seed_runs" "$MH/comments" -d"${seed_secs}s" -s "$ROOT/bench/comments_post.lua" -- \
        "$WORK/readers.tsv" "$cursor" "$need" "$DEEP_ID" "$WRK_THREADS" "seed$seed_runs"
    lua=$(grep '^comments-lua:' "$WRK_OUT" || true)
    say "  seeding run $seed_runs (${seed_secs}s, $need readers): ${lua#comments-lua: }"
    # Each wrk thread took every WRK_THREADS-th line; past the most one thread used, no line
    # has been used yet.
    used=$(grep -o 'used_max=[0-9]*' "$WRK_OUT" | cut -d= -f2)
    used=$((${used:-0} * WRK_THREADS))
    [ "$used" -le "$need" ] || used=$need
    cursor=$((cursor + used))
    sleep 0.3
    have=$(count_of "$DEEP_ID")
    have=${have:-0}
done
seed_elapsed=$(awk -v a="$seed_started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
pages=$(curl -sS "$MH/api/comments?article=$DEEP_ID&order=best" | json_number pages)
say "  seeded through POST /comments by $((cursor - 1)) readers of part 1 in $seed_runs wrk run(s), $seed_elapsed s:"
say "  $have visible comments, $pages pages of 20"
[ "$have" -ge "$COMMENTS" ] || die "the article has $have comments, not $COMMENTS"

# First renders: every page once, HTML then JSON, one request at a time (one curl, keep-alive).
# The server's time per request (us= in the access log) is the cost of a page not yet cached:
# what the first reader of a page pays after each new comment on the article.
: >"$MH_ACCESS"
: >"$WORK/urls.txt"
for ((p = 1; p <= pages; p++)); do
    printf 'url = "%s"\noutput = "/dev/null"\n' "$MH$DEEP_ARTICLE/comments?page=$p"
done >>"$WORK/urls.txt"
for ((p = 1; p <= pages; p++)); do
    printf 'url = "%s"\noutput = "/dev/null"\n' "$MH/api/comments?article=$DEEP_ID&page=$p"
done >>"$WORK/urls.txt"
curl -sS --max-time 300 -K "$WORK/urls.txt" -w '%{http_code}\n' >"$WORK/cold.codes" ||
    die "fetching every page once failed"
bad=$(grep -vc '^200$' "$WORK/cold.codes" || true)
[ "$bad" -eq 0 ] || die "$bad of the first renders did not answer 200"
sleep 0.6 # the access log is written every 250 ms
cold_stats() { # path prefix -> "median p99 max page1 page400" in ms, from the access log
    local rows
    rows=$(awk -v want="path=\"$1" '
        index($0, want) {
            us = ""; page = ""
            for (i = 1; i <= NF; i++) if ($i ~ /^us=/) us = substr($i, 4)
            if (match($0, /[?&]page=[0-9]+"/)) page = substr($0, RSTART + 6, RLENGTH - 7)
            printf "%.3f %s\n", us / 1000, page
        }' "$MH_ACCESS")
    [ -n "$rows" ] || { echo "nan nan nan nan nan"; return; }
    sort -g <<<"$rows" | awk '
        { v[NR] = $1; if ($2 == "1") first = $1; if ($2 == "400") deep = $1 }
        END {
            k = int(NR * 0.99 + 0.5); if (k < 1) k = 1
            printf "%.2f %.2f %.2f %.2f %s\n", v[int((NR + 1) / 2)], v[k], v[NR], first, (deep == "" ? "-" : sprintf("%.2f", deep))
        }'
}
read -r cold_html_med cold_html_p99 cold_html_max cold_html_1 cold_html_400 <<<"$(cold_stats "$DEEP_ARTICLE/comments?")"
read -r cold_api_med cold_api_p99 cold_api_max cold_api_1 cold_api_400 <<<"$(cold_stats "/api/comments?")"
say "  first render of each page (server time, one at a time, $pages pages each):"
say "$(printf '    HTML  ?page=N        median %6.2f ms  p99 %6.2f ms  slowest %6.2f ms  page 1 %6.2f ms  page 400 %6s ms' \
    "$cold_html_med" "$cold_html_p99" "$cold_html_max" "$cold_html_1" "$cold_html_400")"
say "$(printf '    JSON  /api/comments  median %6.2f ms  p99 %6.2f ms  slowest %6.2f ms  page 1 %6.2f ms  page 400 %6s ms' \
    "$cold_api_med" "$cold_api_p99" "$cold_api_max" "$cold_api_1" "$cold_api_400")"

# Under load: wrk, the pages now cached until the next comment on the article, in two layouts.
# nginx serves page 1's bytes as a static file in both: the yardstick of what the machine does.
PAGE1_DOC=$WORK/www$DEEP_ARTICLE/comments
mkdir -p "$(dirname "$PAGE1_DOC")"
read -r code page1_size <<<"$(fetch "$MH$DEEP_ARTICLE/comments?page=1" plain "$PAGE1_DOC" "$WORK/page1.hdr")"
[ "$code" = 200 ] || die "masthead answered $code for page 1 of $DEEP_ARTICLE"
chmod -R a+rX "$WORK/www"
[ "$(curl -s -o "$WORK/check.body" -w '%{http_code}' "$NGX$DEEP_ARTICLE/comments" || true)" = 200 ] &&
    cmp -s "$WORK/check.body" "$PAGE1_DOC" || die "nginx does not serve page 1's bytes"
printf '%s\n' "$DEEP_ARTICLE/comments?page=1" >"$WORK/page1.txt"
for ((p = 2; p <= pages; p++)); do echo "$DEEP_ARTICLE/comments?page=$p"; done >"$WORK/deep.txt"
for ((p = 1; p <= pages; p++)); do echo "/api/comments?article=$DEEP_ID&page=$p"; done >"$WORK/api.txt"
THREAD_CONFIGS=("HTML page 1" "HTML pages 2-$pages" "JSON pages 1-$pages" "nginx, page 1's bytes")
thread_run() { # layout config round
    local server=$MH file
    case $2 in
        "HTML page 1") file=$WORK/page1.txt ;;
        "HTML pages"*) file=$WORK/deep.txt ;;
        "JSON pages"*) file=$WORK/api.txt ;;
        nginx*) file=$WORK/page1.txt server=$NGX ;;
    esac
    wrk_run "thread $1: $2 round $3" "$server" -d"$DURATION" -s "$ROOT/bench/comments_get.lua" -- "$file"
    read -r rps p50 p99 non2xx errs reqs <<<"$WRK_PARSED"
    [ "$non2xx" -eq 0 ] || die "$non2xx non-2xx/3xx answers ($1: $2)"
    [ "$3" != warmup ] || return 0
    printf 'thread\t%s: %s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$rps" "$p50" "$p99" "$errs" >>"$TSV"
    say "$(printf '  round %-2s %-24s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  socket errors %d' "$3" "$2" "$rps" "$p50" "$p99" "$errs")"
}
thread_rounds() { # layout
    local r cfg
    for ((r = 1; r <= ROUNDS; r++)); do
        : >"$MH_ACCESS"
        for cfg in "${THREAD_CONFIGS[@]}"; do thread_run "$1" "$cfg" "$r"; done
    done
}
say "  page 1: $page1_size B; wrk -c$CONNS; nginx serves page 1's bytes from a file"
say "  layout \"shared\": masthead $MASTHEAD_THREADS threads, nginx $NGINX_WORKERS workers, wrk -t$WRK_THREADS, all on the same $CORES cores"
thread_rounds shared
stop_pid "$NGX_PID" TERM
NGX_PID=""
if [ "$SEPARATE" = 1 ]; then
    # The server alone on SERVER_CPUS (one thread), wrk alone on WRK_CPUS (one thread): what the
    # server's latency is when the load generator does not take the server's CPU, nor its own
    # threads each other's. The same data folder; the caches start empty, so a warm-up first.
    stop_pid "$MH_PID" TERM
    sed "s/^  threads: .*/  threads: 1/" "$WORK/masthead.yaml" >"$WORK/masthead-pinned.yaml"
    SERVER_PIN=(taskset -c "$SERVER_CPUS")
    start_server "$MASTHEAD_BIN" masthead-pinned "$MH_PORT" "$WORK/data" "$WORK/masthead-pinned.yaml" --demo
    MH_PID=$STARTED_PID
    start_nginx 1
    SERVER_PIN=()
    WRK_PIN=(taskset -c "$WRK_CPUS")
    WRK_T=1
    say "  layout \"separate\": masthead 1 thread and nginx 1 worker on CPU $SERVER_CPUS, wrk -t1 on CPU $WRK_CPUS"
    for cfg in "${THREAD_CONFIGS[@]}"; do thread_run separate "$cfg" warmup; done
    thread_rounds separate
    WRK_PIN=()
    WRK_T=$WRK_THREADS
    stop_pid "$NGX_PID" TERM
    NGX_PID=""
fi
say ""

# ================================================================ the summary
med() { # part config column(4 rps, 5 p50, 6 p99)
    awk -F'\t' -v p="$1" -v c="$2" -v f="$3" '$1 == p && $2 == c { print $f }' "$TSV" | median
}
post_aps=$(med post post 4)
post_p50=$(med post post 5)
post_p99=$(med post post 6)
readme_row() { # encoding -> "nginx masthead" req/s of the README's table at 64 connections
    awk -F'|' -v e="$1" '$2 ~ "^ *" e " *$" && $3 ~ /^ *64 *$/ { n = $4; m = $5; gsub(/[ ,]/, "", n); gsub(/[ ,]/, "", m); print n, m; exit }' \
        "$ROOT/README.md" 2>/dev/null || true
}
uptime_end=$(uptime)
say "summary (medians of the rounds; wrk -c$CONNS; ratios of req/s)"
say "$(printf '%-58s %12s %10s %10s  %s' "what" "req/s" "p50 ms" "p99 ms" "target")"
say "$(printf '%-58s %12s %10s %10s  %s' "----" "-----" "------" "------" "------")"
verdict() { awk -v v="$1" -v t="$2" -v dir="$3" 'BEGIN { ok = (dir == "ge") ? v >= t : v <= t; print ok ? "met" : "NOT met" }'; }
v=$(verdict "$post_aps" 2000 ge)
[ "$post_short" = 0 ] || v="$v (readers ran out: a lower bound)"
say "$(printf '%-58s %12.0f %10.2f %10.2f  >= 2,000 accepted/s: %s' "1. POST /comments, accepted comments/s ($POST_ROUNDS round(s))" "$post_aps" "$post_p50" "$post_p99" "$v")"
layouts=(shared)
[ "$SEPARATE" != 1 ] || layouts=(separate shared)
for layout in "${layouts[@]}"; do
    for cfg in "${THREAD_CONFIGS[@]}"; do
        key="$layout: $cfg"
        p99=$(med thread "$key" 6)
        goal=""
        if [[ $cfg != nginx* ]]; then
            if [ "$layout" = separate ] || [ "$SEPARATE" != 1 ]; then
                goal="p99 <= 5 ms: $(verdict "$p99" 5 le)"
            else
                goal="(wrk's threads wait for the CPU too)"
            fi
        fi
        say "$(printf '%-58s %12.0f %10.2f %10.2f  %s' "2. $layout cores: $cfg" "$(med thread "$key" 4)" "$(med thread "$key" 5)" "$p99" "$goal")"
    done
done
say "$(printf '%-58s %12s %10s %10s  (first render, server time: median %s ms, p99 %s ms)' "2. first render of each page, HTML / JSON" "-" "-" "-" "$cold_html_med / $cold_api_med" "$cold_html_p99 / $cold_api_p99")"
for enc in plain gzip; do
    n=$(med page "nginx $enc" 4)
    m=$(med page "masthead $enc" 4)
    s=$(med page "signed-in $enc" 4)
    ratio=$(awk -v m="$m" -v n="$n" 'BEGIN { printf "%.2f", (n > 0) ? m / n : 0 }')
    read -r rn rm <<<"$(readme_row "$enc")"
    target="masthead/nginx ${ratio}x"
    if [ -n "${rn:-}" ] && [ -n "${rm:-}" ]; then
        # The reading site's figure, as a ratio to nginx on its day (README), against today's.
        rr=$(awk -v a="$rm" -v b="$rn" 'BEGIN { printf "%.2f", a / b }')
        rel=$(awk -v x="$ratio" -v y="$rr" 'BEGIN { printf "%.2f", x / y }')
        target="$target; README reading site ${rr}x ($rm req/s): ${rel} of it, >= 0.90: $(verdict "$rel" 0.90 ge)"
    fi
    if [ -n "$BASE" ]; then
        # The reading site's figure measured now: the baseline against nginx serving its page.
        b=$(med page "baseline $enc" 4)
        nb=$(med page "nginx-baseline $enc" 4)
        rr=$(awk -v b="$b" -v n="$nb" 'BEGIN { printf "%.2f", (n > 0) ? b / n : 0 }')
        rel=$(awk -v x="$ratio" -v y="$rr" 'BEGIN { printf "%.2f", (y > 0) ? x / y : 0 }')
        rb=$(awk -v m="$m" -v b="$b" 'BEGIN { printf "%.2f", (b > 0) ? m / b : 0 }')
        target="masthead/nginx ${ratio}x; baseline/nginx ${rr}x (its own page): ${rel} of it, >= 0.90: $(verdict "$rel" 0.90 ge); req/s ${rb}x the baseline's"
    fi
    say "$(printf '%-58s %12.0f %10.2f %10.2f' "3. nginx, the same bytes, $enc" "$n" "$(med page "nginx $enc" 5)" "$(med page "nginx $enc" 6)")"
    if [ -n "$BASE" ]; then
        say "$(printf '%-58s %12.0f %10.2f %10.2f' "3. nginx, the baseline's bytes, $enc" "$nb" "$(med page "nginx-baseline $enc" 5)" "$(med page "nginx-baseline $enc" 6)")"
        say "$(printf '%-58s %12.0f %10.2f %10.2f' "3. baseline (no comments), $enc" "$b" "$(med page "baseline $enc" 5)" "$(med page "baseline $enc" 6)")"
    fi
    say "$(printf '%-58s %12.0f %10.2f %10.2f  %s' "3. article page, $shown comments showing, $enc" "$m" "$(med page "masthead $enc" 5)" "$(med page "masthead $enc" 6)" "$target")"
    say "$(printf '%-58s %12.0f %10.2f %10.2f  %s of the public page' "3. the same page signed in (rendered per request), $enc" "$s" "$(med page "signed-in $enc" 5)" "$(med page "signed-in $enc" 6)" "$(awk -v s="$s" -v m="$m" 'BEGIN { printf "%.2f", (m > 0) ? s / m : 0 }')")"
done
say ""
say "load:      at start: $uptime_start"
say "           at end:   $uptime_end"
say "           (wrk and the servers share the $CORES cores; with other work running, treat the numbers as rough)"
say "results: $RESULTS"
say "raw wrk output: $RAW"
