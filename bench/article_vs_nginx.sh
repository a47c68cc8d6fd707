#!/usr/bin/env bash
# Throughput and p99 latency of a Masthead article page against nginx serving the very same
# bytes as a static file (and, with Accept-Encoding: gzip, nginx gzip_static serving the
# precompressed file), measured with wrk in alternating rounds on this machine.
#
#   bash bench/article_vs_nginx.sh          (or: make bench)
#   DURATION=2s ROUNDS=1 WARMUP=1s bash bench/article_vs_nginx.sh    (a quick smoke run)
#
# Settings (environment variables):
#   DURATION=10s        length of each measured wrk run
#   ROUNDS=3            measured runs per server and configuration (the table shows medians)
#   CONNS="64 256"      wrk connection counts
#   ENCODINGS="plain gzip"   plain: no Accept-Encoding; gzip: Accept-Encoding: gzip
#   WARMUP=2s           unmeasured wrk run per server and configuration before the rounds (0 = none)
#   WRK_THREADS=2       wrk -t
#   MASTHEAD_THREADS=$(nproc)  server.threads of Masthead
#   NGINX_WORKERS=$(nproc)     worker_processes of nginx
#   ARTICLE=/path       the page to measure (default: the longest demo article page)
#   MASTHEAD_BIN=FILE   binary to measure (default: build/release/masthead, built if missing)
#   MASTHEAD_PORT=18480, NGINX_PORT=18490   first port tried (the next free one is used)
#   KEEP_WORK=1         keep the temporary folder (configs, logs, raw wrk output)
#
# Everything listens on 127.0.0.1 only. Both servers are this script's children and are
# stopped when it exits, also on Ctrl-C or failure. See bench/README.md for what the numbers mean.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
CONNS=${CONNS:-64 256}
ENCODINGS=${ENCODINGS:-plain gzip}
WARMUP=${WARMUP:-2s}
WRK_THREADS=${WRK_THREADS:-2}
CORES=$(nproc)
MASTHEAD_THREADS=${MASTHEAD_THREADS:-$CORES}
NGINX_WORKERS=${NGINX_WORKERS:-$CORES}
ARTICLE=${ARTICLE:-}
MASTHEAD_BIN=${MASTHEAD_BIN:-}
KEEP_WORK=${KEEP_WORK:-0}

NAME=article_vs_nginx
log() { printf '%s\n' "$*" >&2; }
die() {
    printf '\n%s: FAILED: %s\n' "$NAME" "$*" >&2
    exit 1
}

# ---------------------------------------------------------------- arguments and tools
is_duration() { [[ $1 =~ ^[0-9]+(\.[0-9]+)?[smh]?$ ]]; }
is_duration "$DURATION" || die "DURATION must look like 10s, 1m (not \"$DURATION\")"
is_duration "$WARMUP" || die "WARMUP must look like 2s, or 0 for none (not \"$WARMUP\")"
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a whole number >= 1 (not \"$ROUNDS\")"
[[ $WRK_THREADS =~ ^[1-9][0-9]*$ ]] || die "WRK_THREADS must be a whole number >= 1"
[[ $MASTHEAD_THREADS =~ ^[1-9][0-9]*$ ]] || die "MASTHEAD_THREADS must be a whole number >= 1"
[[ $NGINX_WORKERS =~ ^[1-9][0-9]*$ ]] || die "NGINX_WORKERS must be a whole number >= 1"
read -r -a CONN_LIST <<<"$CONNS"
[ "${#CONN_LIST[@]}" -gt 0 ] || die "CONNS is empty"
for c in "${CONN_LIST[@]}"; do
    if ! [[ $c =~ ^[1-9][0-9]*$ ]] || [ "$c" -lt "$WRK_THREADS" ]; then
        die "CONNS must be whole numbers >= WRK_THREADS ($WRK_THREADS), not \"$c\""
    fi
done
read -r -a ENC_LIST <<<"$ENCODINGS"
[ "${#ENC_LIST[@]}" -gt 0 ] || die "ENCODINGS is empty"
for e in "${ENC_LIST[@]}"; do
    [ "$e" = plain ] || [ "$e" = gzip ] || die "ENCODINGS may hold only plain and gzip, not \"$e\""
done
[ -z "$ARTICLE" ] || [[ $ARTICLE == /* ]] || die "ARTICLE must be a path such as /culture/some-story"

for tool in nginx wrk curl gzip awk; do
    command -v "$tool" >/dev/null ||
        die "$tool is not installed; run: bash scripts/setup.sh all   (installs wrk and nginx-light)"
done

# ---------------------------------------------------------------- cleanup on any exit
WORK=""
RESULTS=""
MH_PID=""
NGX_PID=""

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
    stop_pid "$NGX_PID" TERM # nginx: SIGTERM is a fast shutdown of master and workers
    if [ "$rc" -ne 0 ] && [ -n "$RESULTS" ] && [ -f "$RESULTS" ]; then
        printf '\nINCOMPLETE: the run stopped early (exit status %s); the numbers above are partial.\n' \
            "$rc" >>"$RESULTS"
    fi
    if [ "$rc" -eq 130 ] || [ "$rc" -eq 143 ]; then
        log "$NAME: interrupted; both servers stopped"
    fi
    local failed=0
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 130 ] && [ "$rc" -ne 143 ]; then failed=1; fi
    if [ -n "$WORK" ] && [ -d "$WORK" ]; then
        if [ "$failed" = 1 ]; then
            for f in masthead.log nginx.out nginx-error.log; do
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
        log "$NAME: warning: $MASTHEAD_BIN is older than the sources (make bench rebuilds it first)"
    fi
fi
[ -x "$MASTHEAD_BIN" ] || die "no masthead binary at $MASTHEAD_BIN"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/masthead-bench.XXXXXX")
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

enc_args() { # encoding -> extra request header arguments, one per line
    if [ "$1" = gzip ]; then printf '%s\n' -H 'Accept-Encoding: gzip'; fi
}

fetch() { # url encoding body_file header_file -> prints "status size_download size_header"
    local url=$1 enc=$2 body=$3 hdr=$4 extra=()
    mapfile -t extra < <(enc_args "$enc")
    curl -sS --max-time 10 "${extra[@]}" -D "$hdr" -o "$body" \
        -w '%{http_code} %{size_download} %{size_header}\n' "$url" || true
}

header_value() { # header_file name -> value of the last such header (case-insensitive)
    awk -v n="$(printf '%s' "$2" | tr '[:upper:]' '[:lower:]')" -F': *' '
        { sub(/\r$/, "") } tolower($1) == n { v = substr($0, index($0, ":") + 1); sub(/^ +/, "", v) }
        END { print v }' "$1"
}

alive() { kill -0 "$1" 2>/dev/null; }

check_alive() {
    alive "$MH_PID" || die "masthead (pid $MH_PID) has exited"
    alive "$NGX_PID" || die "nginx (pid $NGX_PID) has exited"
}

# ---------------------------------------------------------------- start masthead
MH_PORT=$(free_port "${MASTHEAD_PORT:-18480}")
MH_ACCESS=$WORK/masthead-access.log
cat >"$WORK/masthead.yaml" <<EOF
server:
  access_log: $MH_ACCESS
  threads: $MASTHEAD_THREADS
EOF
"$MASTHEAD_BIN" serve --listen "127.0.0.1:$MH_PORT" --data "$WORK/data" \
    --config "$WORK/masthead.yaml" >"$WORK/masthead.log" 2>&1 &
MH_PID=$!
for ((i = 0; i < 600; i++)); do
    grep -q "^masthead: serving http://127.0.0.1:$MH_PORT/" "$WORK/masthead.log" && break
    alive "$MH_PID" || die "masthead exited while starting"
    sleep 0.1
done
grep -q "^masthead: serving" "$WORK/masthead.log" || die "masthead did not start within 60 s"
MH=http://127.0.0.1:$MH_PORT

# ---------------------------------------------------------------- choose the article
if [ -z "$ARTICLE" ]; then
    # The demo articles are linked from the home page and the section fronts. An article page
    # is one with og:type "article"; the longest one (plain bytes) is measured.
    links() { curl -sS --max-time 10 "$MH$1" | grep -o 'href="/[^"]*"' | sed 's/^href="//; s/"$//' |
        grep -v -e '^/static/' -e '^//' | sort -u || true; }
    home_links=$(links /)
    sections=$(grep -E '^/[^/]+$' <<<"$home_links" || true)
    candidates=$({
        printf '%s\n' "$home_links"
        for s in $sections; do links "$s"; done
    } | grep -E '^/[^/?#]+/[^?#]+$' | sort -u || true)
    best_size=0
    for p in $candidates; do
        curl -sS --max-time 10 -o "$WORK/candidate.html" "$MH$p" || continue
        grep -q '<meta property="og:type" content="article">' "$WORK/candidate.html" || continue
        size=$(wc -c <"$WORK/candidate.html")
        if [ "$size" -gt "$best_size" ]; then
            best_size=$size
            ARTICLE=$p
        fi
    done
    rm -f "$WORK/candidate.html"
    [ -n "$ARTICLE" ] || die "found no article page linked from $MH/ (set ARTICLE=/path)"
fi

# A page read often is the one measured: Masthead gzips a page made on a miss at the fastest
# level and again at the best once it has been read a few times (web/page_cache.h).
for ((i = 0; i < 5; i++)); do
    curl -sS --max-time 10 -o /dev/null -H 'Accept-Encoding: gzip' "$MH$ARTICLE" || true
done

# The bytes nginx will serve: exactly what Masthead serves, fetched the way wrk asks for them.
DOC=$WORK/www$ARTICLE
mkdir -p "$(dirname "$DOC")"
read -r mh_plain_code _ <<<"$(fetch "$MH$ARTICLE" plain "$DOC" "$WORK/mh-plain.hdr")"
[ "$mh_plain_code" = 200 ] || die "masthead answered $mh_plain_code for $ARTICLE"
read -r mh_gzip_code _ <<<"$(fetch "$MH$ARTICLE" gzip "$DOC.gz" "$WORK/mh-gzip.hdr")"
[ "$mh_gzip_code" = 200 ] || die "masthead answered $mh_gzip_code for $ARTICLE with Accept-Encoding: gzip"
if [[ " ${ENC_LIST[*]} " == *" gzip "* ]]; then
    [ "$(header_value "$WORK/mh-gzip.hdr" Content-Encoding)" = gzip ] ||
        die "masthead did not gzip $ARTICLE for Accept-Encoding: gzip"
    gzip -dc "$DOC.gz" | cmp -s - "$DOC" ||
        die "masthead's gzip body of $ARTICLE does not decompress to its plain body"
fi
chmod -R a+rX "$WORK/www"

# ---------------------------------------------------------------- start nginx
NGX_PORT=$(free_port "${NGINX_PORT:-18490}")
NGX_ACCESS=$WORK/nginx-access.log
ngx_user=""
[ "$(id -u)" -ne 0 ] || ngx_user="user nobody nogroup;"
cat >"$WORK/nginx.conf" <<EOF
# Written by bench/$NAME.sh: a static file server tuned as one would for production.
$ngx_user
worker_processes $NGINX_WORKERS;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events {
    worker_connections 4096;
}
http {
    types { }
    default_type text/html;
    charset utf-8;
    access_log $NGX_ACCESS combined buffer=64k flush=1s;
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
nginx -p "$WORK/" -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log" -g 'daemon off;' \
    >>"$WORK/nginx.out" 2>&1 &
NGX_PID=$!
NGX=http://127.0.0.1:$NGX_PORT
for ((i = 0; i < 100; i++)); do
    alive "$NGX_PID" || die "nginx exited while starting"
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$NGX$ARTICLE" || true)" = 200 ] && break
    sleep 0.1
done

# ---------------------------------------------------------------- verify the two servers agree
declare -A HDR_BYTES BODY_BYTES
for enc in "${ENC_LIST[@]}"; do
    for srv in masthead nginx; do
        base=$MH
        [ $srv = nginx ] && base=$NGX
        read -r code size hsize <<<"$(fetch "$base$ARTICLE" "$enc" "$WORK/check.body" "$WORK/check-$srv-$enc.hdr")"
        [ "$code" = 200 ] || die "$srv answered $code for GET $ARTICLE ($enc); expected 200"
        want=$DOC
        [ "$enc" = gzip ] && want=$DOC.gz
        cmp -s "$WORK/check.body" "$want" ||
            die "$srv's $enc body of $ARTICLE ($size bytes) differs from Masthead's ($(wc -c <"$want") bytes)"
        ce=$(header_value "$WORK/check-$srv-$enc.hdr" Content-Encoding)
        if [ "$enc" = gzip ] && [ "$ce" != gzip ]; then
            die "$srv sent no Content-Encoding: gzip for Accept-Encoding: gzip"
        fi
        if [ "$enc" = plain ] && [ -n "$ce" ]; then
            die "$srv sent Content-Encoding: $ce to a request without Accept-Encoding"
        fi
        HDR_BYTES[$srv-$enc]=$hsize
        BODY_BYTES[$srv-$enc]=$size
    done
    mct=$(header_value "$WORK/check-masthead-$enc.hdr" Content-Type)
    nct=$(header_value "$WORK/check-nginx-$enc.hdr" Content-Type)
    [ "$mct" = "$nct" ] || log "$NAME: note: Content-Type differs: masthead \"$mct\", nginx \"$nct\""
done
rm -f "$WORK/check.body"

# ---------------------------------------------------------------- the report header
cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
[ -n "$cpu_model" ] || cpu_model=$(lscpu 2>/dev/null | awk -F': *' '/^Model name/ { print $2; exit }' || true)
git_rev=$(git -C "$ROOT" describe --always --dirty --abbrev=12 2>/dev/null || echo unknown)
nginx_version=$(nginx -v 2>&1 | sed 's/^nginx version: //')
wrk_version=$({ wrk -v 2>&1 || true; } | awk 'NR == 1 { print $1, $2 }')
mh_version=$("$MASTHEAD_BIN" version 2>/dev/null || echo "masthead ?")
article_title=$(grep -o -m 1 '<title>[^<]*</title>' "$DOC" | sed 's/<[^>]*>//g' | cut -c 1-90 || true)
conns_text=$(IFS=,; echo "${CONN_LIST[*]}")
[ "${#CONN_LIST[@]}" -gt 1 ] && conns_text="{$conns_text}"

mkdir -p "$ROOT/bench/results"
STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS=$ROOT/bench/results/$NAME-$STAMP.txt
RAW=$ROOT/bench/results/$NAME-$STAMP.wrk.txt
: >"$RESULTS"
: >"$RAW"
say() { printf '%s\n' "$*" | tee -a "$RESULTS"; }

say "Masthead article page vs nginx static file — bench/$NAME.sh"
say "date:      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
say "machine:   $CORES cores (nproc), ${cpu_model:-unknown CPU}, Linux $(uname -r), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
say "masthead:  $mh_version, git $git_rev, $MASTHEAD_BIN"
say "           server.threads $MASTHEAD_THREADS, access log to a file (batched every 250 ms / 32 KiB)"
say "nginx:     $nginx_version, worker_processes $NGINX_WORKERS, sendfile, tcp_nopush, open_file_cache,"
say "           keepalive_requests 1000000, gzip_static, etag, access log to a file (buffer=64k flush=1s)"
say "wrk:       $wrk_version: wrk -t$WRK_THREADS -c$conns_text -d$DURATION --latency [-H 'Accept-Encoding: gzip']"
say "           ($WRK_THREADS wrk threads on the same $CORES cores as the server under test; both servers run"
say "           throughout, only one is loaded at a time; warm-up $WARMUP per server and configuration;"
say "           $ROUNDS measured round(s), order alternating: odd rounds nginx first, even rounds masthead first)"
load1=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load1" 'BEGIN { exit !(l >= 0.5) }'; then
    say "           WARNING: load average $load1 at start: the machine is not quiet; the numbers are unreliable"
fi
say "page:      $ARTICLE  \"$article_title\""
for enc in "${ENC_LIST[@]}"; do
    say "$(printf '           %-5s body %6s B; response headers: masthead %s B, nginx %s B' "$enc" \
        "${BODY_BYTES[masthead-$enc]}" "${HDR_BYTES[masthead-$enc]}" "${HDR_BYTES[nginx-$enc]}")"
done
say ""

# ---------------------------------------------------------------- measuring
TSV=$WORK/runs.tsv
: >"$TSV"

to_bytes() { # wrk's "1.23MB" -> bytes (wrk uses powers of 1024)
    awk -v v="$1" 'BEGIN { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        m = 1; if (u == "KB") m = 1024; else if (u == "MB") m = 1024^2; else if (u == "GB") m = 1024^3; else if (u == "TB") m = 1024^4
        printf "%.0f", n * m }'
}

parse_wrk() { # wrk output file -> "rps p99_ms non2xx socket_errors requests bytes_read"
    awk '
        function ms(v,   n, u) {
            n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
            if (u == "us") return n / 1000
            if (u == "ms") return n
            if (u == "s") return n * 1000
            if (u == "m") return n * 60000
            if (u == "h") return n * 3600000
            return -1
        }
        /^Requests\/sec:/ { rps = $2 }
        $1 == "99%" { p99 = ms($2) }
        /Non-2xx or 3xx responses:/ { non2xx = $NF }
        /Socket errors:/ { gsub(",", ""); errs = $4 + $6 + $8 + $10 }
        / requests in / { reqs = $1; rbytes = $(NF - 1) }
        END {
            if (rps == "" || p99 == "") { print "parse-error"; exit }
            printf "%s %.3f %d %d %s %s\n", rps, p99, non2xx, errs, reqs, rbytes
        }' "$1"
}

run_wrk() { # server encoding conns duration label -> measured line in $TSV unless label is warmup
    local srv=$1 enc=$2 conns=$3 dur=$4 label=$5 url out extra=() parsed
    url=$MH$ARTICLE
    [ "$srv" = nginx ] && url=$NGX$ARTICLE
    mapfile -t extra < <(enc_args "$enc")
    out=$WORK/wrk/$enc-c$conns-$label-$srv.txt
    check_alive
    : >"$MH_ACCESS"
    : >"$NGX_ACCESS" # O_APPEND writers: truncating keeps the disk from filling on long runs
    if ! wrk -t"$WRK_THREADS" -c"$conns" -d"$dur" --latency "${extra[@]}" "$url" >"$out" 2>&1; then
        cat "$out" >&2
        die "wrk against $srv failed"
    fi
    {
        echo "=== $srv $enc c$conns $label: wrk -t$WRK_THREADS -c$conns -d$dur --latency ${extra[*]} $url"
        cat "$out"
        echo
    } >>"$RAW"
    check_alive
    parsed=$(parse_wrk "$out")
    [ "$parsed" != parse-error ] || {
        cat "$out" >&2
        die "could not read wrk's output for $srv"
    }
    read -r rps p99 non2xx errs reqs rbytes <<<"$parsed"
    if [ "$non2xx" -ne 0 ]; then
        cat "$out" >&2
        die "$srv gave $non2xx non-2xx/3xx responses ($enc, $conns connections, $label)"
    fi
    [ "$reqs" -gt 0 ] || die "$srv served no request ($enc, $conns connections, $label)"
    bpr=$(($(to_bytes "$rbytes") / reqs))
    if [ "$label" = warmup ]; then
        printf '  %-5s c%-4s warm-up   %-8s %9.0f req/s  p99 %8.2f ms\n' "$enc" "$conns" "$srv" "$rps" "$p99" >&2
        return
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$enc" "$conns" "$label" "$srv" "$rps" "$p99" "$errs" "$bpr" >>"$TSV"
    say "$(printf '  %-5s c%-4s round %-3s %-8s %9.0f req/s  p99 %8.2f ms  ~%5d B/response  socket errors %d' \
        "$enc" "$conns" "$label" "$srv" "$rps" "$p99" "$bpr" "$errs")"
}

say "runs:"
for enc in "${ENC_LIST[@]}"; do
    for conns in "${CONN_LIST[@]}"; do
        if [ "$WARMUP" != 0 ] && [ "$WARMUP" != 0s ]; then
            run_wrk nginx "$enc" "$conns" "$WARMUP" warmup
            run_wrk masthead "$enc" "$conns" "$WARMUP" warmup
        fi
        for ((r = 1; r <= ROUNDS; r++)); do
            if ((r % 2 == 1)); then order=(nginx masthead); else order=(masthead nginx); fi
            for srv in "${order[@]}"; do
                run_wrk "$srv" "$enc" "$conns" "$DURATION" "$r"
            done
        done
    done
done
say ""

# ---------------------------------------------------------------- the table
median_of() { # encoding conns server column(5 = rps, 6 = p99)
    awk -F'\t' -v e="$1" -v c="$2" -v s="$3" -v f="$4" '$1 == e && $2 == c && $4 == s { print $f }' "$TSV" |
        sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

say "medians of $ROUNDS round(s) of $DURATION each; ratio = masthead / nginx"
say "                    throughput (requests/s)               p99 latency (ms)"
say "encoding  conns      nginx   masthead   ratio       nginx   masthead   ratio   target rps >= 1.00x"
say "--------  -----  ---------  ---------  ------  ----------  ---------  ------  -------------------"
all_met=1
for enc in "${ENC_LIST[@]}"; do
    for conns in "${CONN_LIST[@]}"; do
        n_rps=$(median_of "$enc" "$conns" nginx 5)
        m_rps=$(median_of "$enc" "$conns" masthead 5)
        n_p99=$(median_of "$enc" "$conns" nginx 6)
        m_p99=$(median_of "$enc" "$conns" masthead 6)
        line=$(awk -v e="$enc" -v c="$conns" -v nr="$n_rps" -v mr="$m_rps" -v np="$n_p99" -v mp="$m_p99" 'BEGIN {
            rr = (nr > 0) ? mr / nr : 0; pr = (np > 0) ? mp / np : 0
            printf "%-8s  %5d  %9.0f  %9.0f  %5.2fx  %10.2f  %9.2f  %5.2fx  %s", e, c, nr, mr, rr, np, mp, pr, (rr >= 1.0 ? "met" : "NOT met") }')
        [[ $line == *"NOT met" ]] && all_met=0
        say "$line"
    done
done
say ""
errs_m=$(awk -F'\t' '$4 == "masthead" { s += $7 } END { print s + 0 }' "$TSV")
errs_n=$(awk -F'\t' '$4 == "nginx" { s += $7 } END { print s + 0 }' "$TSV")
say "non-2xx/3xx responses: 0 in every run (checked); wrk socket errors, all measured runs: nginx $errs_n, masthead $errs_m"
if [ "$all_met" = 1 ]; then
    say "target (masthead >= 1.0x nginx's throughput in every configuration): met"
else
    say "target (masthead >= 1.0x nginx's throughput in every configuration): NOT met"
fi
say ""
say "results: $RESULTS"
say "raw wrk output: $RAW"
