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
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

# ---------------------------------------------------------------- arguments and tools
is_duration "$DURATION" || die "DURATION must look like 10s, 1m (not \"$DURATION\")"
is_duration "$POST_DURATION" || die "POST_DURATION must look like 4s (not \"$POST_DURATION\")"
is_duration "$WARMUP" || die "WARMUP must look like 2s, or 0 for none (not \"$WARMUP\")"
whole "$ROUNDS" || die "ROUNDS must be a whole number >= 1"
if ! whole "$POST_ROUNDS" || [ "$POST_ROUNDS" -gt 20 ]; then
    die "POST_ROUNDS must be 1 to 20 (a reader may post 20 comments a day)"
fi
whole "$WRK_THREADS" || die "WRK_THREADS must be a whole number >= 1"
whole "$CONNS" || die "CONNS must be a whole number >= WRK_THREADS"
[ "$CONNS" -ge "$WRK_THREADS" ] || die "CONNS must be a whole number >= WRK_THREADS"
whole "$READERS" || die "READERS must be a whole number >= 2"
[ "$READERS" -ge 2 ] || die "READERS must be a whole number >= 2"
whole "$SIGNIN_CONCURRENCY" || die "SIGNIN_CONCURRENCY must be a whole number >= 1"
whole "$COMMENTS" || die "COMMENTS must be a whole number >= 1"
whole "$MASTHEAD_THREADS" || die "MASTHEAD_THREADS must be a whole number >= 1"
whole "$NGINX_WORKERS" || die "NGINX_WORKERS must be a whole number >= 1"
[ -z "$ARTICLE" ] || [[ $ARTICLE == /* ]] || die "ARTICLE must be a path such as /culture/some-story"
[ -z "$DEEP_ARTICLE" ] || [[ $DEEP_ARTICLE == /* ]] || die "DEEP_ARTICLE must be a path"
[ -z "$BASELINE_BIN" ] || [ -x "$BASELINE_BIN" ] || die "BASELINE_BIN $BASELINE_BIN is not an executable"

need_tools "run: bash scripts/setup.sh all   (installs wrk, nginx-light, node)" wrk nginx curl node gzip awk taskset

# ---------------------------------------------------------------- the binary; cleanup on any exit
MASTHEAD_BIN=$(masthead_bin --build "$MASTHEAD_BIN")
bench_init # WORK; the servers are stopped on exit, Ctrl-C or failure
BENCH_INCOMPLETE="; the numbers above are partial"
START_HINT="(If it rejected the configuration's comments: section: this benchmark needs the comments: settings (per_address_per_hour) in src/app/config.cpp.)"
MH_PID=""
NGX_PID=""
BASE_PID=""

json_number() { # key -> the first "key":NUMBER of the JSON on stdin
    grep -o "\"$1\":[0-9]*" | head -n 1 | cut -d: -f2
}

# ---------------------------------------------------------------- start masthead
MH_PORT=$(free_port "${MASTHEAD_PORT:-18580}")
MH_ACCESS=$WORK/masthead-access.log
masthead_config "$WORK/masthead.yaml" "$MH_ACCESS" "$MASTHEAD_THREADS"
cat >>"$WORK/masthead.yaml" <<EOF
comments:
  # Every reader of the benchmark comes from 127.0.0.1: no limit per network address (the
  # default is 30 comments an hour). Every other rule keeps its default.
  per_address_per_hour: 0
EOF
start_masthead masthead "$MASTHEAD_BIN" "$WORK/data" "$MH_PORT" "$WORK/masthead.yaml" --demo
MH_PID=$STARTED_PID
MH=http://127.0.0.1:$MH_PORT
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
uptime_start=$(uptime)

# ---------------------------------------------------------------- the demo articles
# Linked from the home page and the section fronts; an article page has og:type "article" (and
# here must name its id).
article_pages "$MH" "$WORK/articles.tsv"
awk -F'\t' '$2 != ""' "$WORK/articles.tsv" >"$WORK/articles-with-id.tsv"
mv "$WORK/articles-with-id.tsv" "$WORK/articles.tsv"
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
nginx_version=$(nginx -v 2>&1 | sed 's/^nginx version: //')
mh_version=$("$MASTHEAD_BIN" version 2>/dev/null || echo "masthead ?")
bench_results_files

say "Masthead comments benchmark (issue 3) — bench/$NAME.sh"
say "date:      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
say "machine:   $(machine_line)"
say "load:      at start: $uptime_start"
say_if_busy "${load_start%% *}"
say "masthead:  $mh_version, git $(git_revision), $MASTHEAD_BIN"
say "           --demo, server.threads $MASTHEAD_THREADS, access log to a file, SQLite (WAL, synchronous=NORMAL),"
say "           comments.per_address_per_hour 0 (all readers are 127.0.0.1), every other comment rule at its default"
say "wrk:       $(wrk_version), -t$WRK_THREADS -c$CONNS --latency, on the same $CORES cores as the servers"
say "articles:  $N_ARTICLES demo articles; part 3 page $ARTICLE (id $ARTICLE_ID), part 2 article $DEEP_ARTICLE (id $DEEP_ID)"
say ""

TSV=$WORK/runs.tsv # part <TAB> config <TAB> round <TAB> rps <TAB> p50 <TAB> p99 <TAB> extra
: >"$TSV"
WRK_T=$WRK_THREADS
WRK_C=$CONNS

# ================================================================ part 1: posting
# The readers: READERS demo sign-ins, each with its comment form's csrf token, spread over the
# articles. Two halves: odd rounds use the first, even rounds the second, so a reader posts at
# most once per round and a half is used again only 61 s after its last round (the 60 s rule).
# Round r moves every reader r articles on, so no reader reaches 3 comments on one article.
say "part 1: posting comments, a different signed-in reader every request"
log "$NAME: signing $READERS readers in (GET /login, POST /login/demo, GET the article page)..."
signin_limit=$((READERS / 20 + 120)) # seconds: 20 sign-ins a second at the least
run_child "$signin_limit" node "$ROOT/bench/comments_readers.mjs" "$MH" "$READERS" "$SIGNIN_CONCURRENCY" \
    "$WORK/readers.tsv" "${ARTICLE_PATHS[@]}" >"$WORK/signin.out" ||
    die "signing the readers in failed or took more than $signin_limit s"
signin=$(<"$WORK/signin.out")
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
    wrk_run "post round $r" "$MH/comments" "$POST_DURATION" -s "$ROOT/bench/comments_post.lua" -- \
        "$WORK/round-$r.tsv" $((half * HALF + 1)) "$HALF" "" "$WRK_THREADS" "round$r"
    HALF_END[half]=$(date +%s)
    read -r _ p50 p99 _ errs _ <<<"$WRK_PARSED"
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
# A page read often is the one measured (its gzip variant at the best level: a page made on a
# miss is gzipped at the fastest level and again once read a few times).
warm_page "$MH$ARTICLE"
DOC=$WORK/www$ARTICLE
copy_page "$MH$ARTICLE" "$DOC"
plain_size=$PAGE_PLAIN_BYTES
gzip_size=$PAGE_GZIP_BYTES
shown=$(grep -c 'class="comment" id="comment-' "$DOC" || true)
[ "$shown" -ge 20 ] || die "the article page shows $shown comments, not 20 (did part 1 post enough?)"
count_on_page=$(curl -sS --max-time 10 "$MH/api/comments?article=$ARTICLE_ID" | json_number count)
# The signed-in reader's page: different bytes (their form and csrf token), rendered per request.
reader_cookie=$(head -n 1 "$WORK/readers.tsv" | cut -f1)
read -r code personal_size _ <<<"$(fetch "$MH$ARTICLE" plain "$WORK/personal.html" "$WORK/personal.hdr" "$reader_cookie")"
if [ "$code" != 200 ] || ! grep -q 'class="comment-form"' "$WORK/personal.html"; then
    die "the signed-in article page has no comment form"
fi
read -r _ personal_gzip_size _ <<<"$(fetch "$MH$ARTICLE" gzip "$WORK/personal.html.gz" "$WORK/personal-gzip.hdr" "$reader_cookie")"

NGX_PORT=$(free_port "${NGINX_PORT:-18590}")
NGX=http://127.0.0.1:$NGX_PORT
start_nginx "$NGX_PORT" "$NGINX_WORKERS" "$ARTICLE"
NGX_PID=$STARTED_PID
for enc in plain gzip; do
    want=$DOC
    [ $enc = gzip ] && want=$DOC.gz
    read -r code _ <<<"$(fetch "$NGX$ARTICLE" $enc "$WORK/check.body" "$WORK/check.hdr")"
    if [ "$code" != 200 ] || ! cmp -s "$WORK/check.body" "$want"; then
        die "nginx's $enc body differs from Masthead's"
    fi
done

SERVERS=(nginx masthead signed-in)
BASE=""
if [ -n "$BASELINE_BIN" ]; then
    BASE_PORT=$(free_port "${BASELINE_PORT:-18600}")
    masthead_config "$WORK/baseline.yaml" "$WORK/baseline-access.log" "$MASTHEAD_THREADS"
    start_masthead baseline "$BASELINE_BIN" "$WORK/baseline-data" "$BASE_PORT" "$WORK/baseline.yaml"
    BASE_PID=$STARTED_PID
    BASE=http://127.0.0.1:$BASE_PORT
    # nginx serves the baseline's page too, under /baseline: each server against nginx serving
    # its own bytes, at the same moment, so the page's size does not count against Masthead.
    copy_page "$BASE$ARTICLE" "$WORK/www/baseline$ARTICLE"
    base_size=$PAGE_PLAIN_BYTES
    base_gzip_size=$PAGE_GZIP_BYTES
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
    wrk_run "page $srv $enc $label" "$url" "$dur" "${args[@]}"
    read -r rps p50 p99 non2xx errs _ <<<"$WRK_PARSED"
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
stop_server "$BASE_PID"
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
    wrk_run "seed $seed_runs" "$MH/comments" "${seed_secs}s" -s "$ROOT/bench/comments_post.lua" -- \
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
pages=$(curl -sS --max-time 10 "$MH/api/comments?article=$DEEP_ID&order=best" | json_number pages)
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
read -r code page1_size _ <<<"$(fetch "$MH$DEEP_ARTICLE/comments?page=1" plain "$PAGE1_DOC" "$WORK/page1.hdr")"
[ "$code" = 200 ] || die "masthead answered $code for page 1 of $DEEP_ARTICLE"
chmod -R a+rX "$WORK/www"
if [ "$(curl -s --max-time 10 -o "$WORK/check.body" -w '%{http_code}' "$NGX$DEEP_ARTICLE/comments" || true)" != 200 ] ||
    ! cmp -s "$WORK/check.body" "$PAGE1_DOC"; then
    die "nginx does not serve page 1's bytes"
fi
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
    wrk_run "thread $1: $2 round $3" "$server" "$DURATION" -s "$ROOT/bench/comments_get.lua" -- "$file"
    read -r rps p50 p99 non2xx errs _ <<<"$WRK_PARSED"
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
stop_server "$NGX_PID"
NGX_PID=""
if [ "$SEPARATE" = 1 ]; then
    # The server alone on SERVER_CPUS (one thread), wrk alone on WRK_CPUS (one thread): what the
    # server's latency is when the load generator does not take the server's CPU, nor its own
    # threads each other's. The same data folder; the caches start empty, so a warm-up first.
    stop_server "$MH_PID"
    sed "s/^  threads: .*/  threads: 1/" "$WORK/masthead.yaml" >"$WORK/masthead-pinned.yaml"
    SERVER_PIN=(taskset -c "$SERVER_CPUS")
    start_masthead masthead-pinned "$MASTHEAD_BIN" "$WORK/data" "$MH_PORT" "$WORK/masthead-pinned.yaml" --demo
    MH_PID=$STARTED_PID
    start_nginx "$NGX_PORT" 1 "$ARTICLE"
    NGX_PID=$STARTED_PID
    SERVER_PIN=()
    WRK_PIN=(taskset -c "$WRK_CPUS")
    WRK_T=1
    say "  layout \"separate\": masthead 1 thread and nginx 1 worker on CPU $SERVER_CPUS, wrk -t1 on CPU $WRK_CPUS"
    for cfg in "${THREAD_CONFIGS[@]}"; do thread_run separate "$cfg" warmup; done
    thread_rounds separate
    WRK_PIN=()
    WRK_T=$WRK_THREADS
    stop_server "$NGX_PID"
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
