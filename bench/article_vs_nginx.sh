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
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

# ---------------------------------------------------------------- arguments and tools
is_duration "$DURATION" || die "DURATION must look like 10s, 1m (not \"$DURATION\")"
is_duration "$WARMUP" || die "WARMUP must look like 2s, or 0 for none (not \"$WARMUP\")"
whole "$ROUNDS" || die "ROUNDS must be a whole number >= 1 (not \"$ROUNDS\")"
whole "$WRK_THREADS" || die "WRK_THREADS must be a whole number >= 1"
whole "$MASTHEAD_THREADS" || die "MASTHEAD_THREADS must be a whole number >= 1"
whole "$NGINX_WORKERS" || die "NGINX_WORKERS must be a whole number >= 1"
read -r -a CONN_LIST <<<"$CONNS"
[ "${#CONN_LIST[@]}" -gt 0 ] || die "CONNS is empty"
for c in "${CONN_LIST[@]}"; do
    if ! whole "$c" || [ "$c" -lt "$WRK_THREADS" ]; then
        die "CONNS must be whole numbers >= WRK_THREADS ($WRK_THREADS), not \"$c\""
    fi
done
read -r -a ENC_LIST <<<"$ENCODINGS"
[ "${#ENC_LIST[@]}" -gt 0 ] || die "ENCODINGS is empty"
for e in "${ENC_LIST[@]}"; do
    [ "$e" = plain ] || [ "$e" = gzip ] || die "ENCODINGS may hold only plain and gzip, not \"$e\""
done
[ -z "$ARTICLE" ] || [[ $ARTICLE == /* ]] || die "ARTICLE must be a path such as /culture/some-story"

need_tools "run: bash scripts/setup.sh all   (installs wrk and nginx-light)" nginx wrk curl gzip awk

# ---------------------------------------------------------------- the binary; cleanup on any exit
MASTHEAD_BIN=$(masthead_bin --build "$MASTHEAD_BIN")
bench_init # WORK; the servers are stopped on exit, Ctrl-C or failure
BENCH_INCOMPLETE="; the numbers above are partial"

enc_args() { # encoding -> extra request header arguments, one per line
    if [ "$1" = gzip ]; then printf '%s\n' -H 'Accept-Encoding: gzip'; fi
}

# ---------------------------------------------------------------- start masthead
MH_PORT=$(free_port "${MASTHEAD_PORT:-18480}")
MH_ACCESS=$WORK/masthead-access.log
masthead_config "$WORK/masthead.yaml" "$MH_ACCESS" "$MASTHEAD_THREADS"
start_masthead masthead "$MASTHEAD_BIN" "$WORK/data" "$MH_PORT" "$WORK/masthead.yaml"
MH=http://127.0.0.1:$MH_PORT

# ---------------------------------------------------------------- choose the article
if [ -z "$ARTICLE" ]; then
    # The demo articles are linked from the home page and the section fronts; the longest
    # article page (plain bytes) is measured.
    article_pages "$MH" "$WORK/articles.tsv"
    ARTICLE=$(awk -F'\t' 'NR == 1 { print $3 }' "$WORK/articles.tsv")
    [ -n "$ARTICLE" ] || die "found no article page linked from $MH/ (set ARTICLE=/path)"
fi

# The bytes nginx will serve: exactly what Masthead serves, fetched the way wrk asks for them,
# after a few reads (a page read often is the one measured).
warm_page "$MH$ARTICLE"
DOC=$WORK/www$ARTICLE
copy_page "$MH$ARTICLE" "$DOC"

# ---------------------------------------------------------------- start nginx
NGX_PORT=$(free_port "${NGINX_PORT:-18490}")
NGX_ACCESS=$WORK/nginx-access.log
start_nginx "$NGX_PORT" "$NGINX_WORKERS" "$ARTICLE"
NGX=http://127.0.0.1:$NGX_PORT

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
nginx_version=$(nginx -v 2>&1 | sed 's/^nginx version: //')
mh_version=$("$MASTHEAD_BIN" version 2>/dev/null || echo "masthead ?")
article_title=$(grep -o -m 1 '<title>[^<]*</title>' "$DOC" | sed 's/<[^>]*>//g' | cut -c 1-90 || true)
conns_text=$(IFS=,; echo "${CONN_LIST[*]}")
[ "${#CONN_LIST[@]}" -gt 1 ] && conns_text="{$conns_text}"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
bench_results_files

say "Masthead article page vs nginx static file — bench/$NAME.sh"
say "date:      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
say "machine:   $(machine_line), load average at start $load_start"
say "masthead:  $mh_version, git $(git_revision), $MASTHEAD_BIN"
say "           server.threads $MASTHEAD_THREADS, access log to a file (batched every 250 ms / 32 KiB)"
say "nginx:     $nginx_version, worker_processes $NGINX_WORKERS, sendfile, tcp_nopush, open_file_cache,"
say "           keepalive_requests 1000000, gzip_static, etag, access log to a file (buffer=64k flush=1s)"
say "wrk:       $(wrk_version): wrk -t$WRK_THREADS -c$conns_text -d$DURATION --latency [-H 'Accept-Encoding: gzip']"
say "           ($WRK_THREADS wrk threads on the same $CORES cores as the server under test; both servers run"
say "           throughout, only one is loaded at a time; warm-up $WARMUP per server and configuration;"
say "           $ROUNDS measured round(s), order alternating: odd rounds nginx first, even rounds masthead first)"
say_if_busy "${load_start%% *}"
say "page:      $ARTICLE  \"$article_title\""
for enc in "${ENC_LIST[@]}"; do
    say "$(printf '           %-5s body %6s B; response headers: masthead %s B, nginx %s B' "$enc" \
        "${BODY_BYTES[masthead-$enc]}" "${HDR_BYTES[masthead-$enc]}" "${HDR_BYTES[nginx-$enc]}")"
done
say ""

# ---------------------------------------------------------------- measuring
TSV=$WORK/runs.tsv
: >"$TSV"

WRK_T=$WRK_THREADS
run_wrk() { # server encoding conns duration label -> measured line in $TSV unless label is warmup
    local srv=$1 enc=$2 conns=$3 dur=$4 label=$5 url extra=() rps p99 non2xx errs reqs rbytes bpr
    url=$MH$ARTICLE
    [ "$srv" = nginx ] && url=$NGX$ARTICLE
    mapfile -t extra < <(enc_args "$enc")
    : >"$MH_ACCESS"
    : >"$NGX_ACCESS" # O_APPEND writers: truncating keeps the disk from filling on long runs
    WRK_C=$conns
    wrk_run "$srv $enc c$conns $label" "$url" "$dur" "${extra[@]}"
    read -r rps _ p99 non2xx errs reqs rbytes <<<"$WRK_PARSED"
    if [ "$non2xx" -ne 0 ]; then
        cat "$WRK_OUT" >&2
        die "$srv gave $non2xx non-2xx/3xx responses ($enc, $conns connections, $label)"
    fi
    [ "$reqs" -gt 0 ] || die "$srv served no request ($enc, $conns connections, $label)"
    bpr=$((rbytes / reqs))
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
    awk -F'\t' -v e="$1" -v c="$2" -v s="$3" -v f="$4" '$1 == e && $2 == c && $4 == s { print $f }' "$TSV" | median
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
