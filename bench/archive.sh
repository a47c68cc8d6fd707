#!/usr/bin/env bash
# A newspaper's whole archive (issue 10): import, start-up, memory, random archive reads,
# fronts at depth and the cost of one change, on an archive of N generated articles.
#
#   bash bench/archive.sh                 # 100,000 articles
#   bash bench/archive.sh 100000 1000000  # both sizes, one after the other
#   READ_DURATION=5s SOAK_ROUNDS=1 SOAK_DURATION=5s FRONT_DURATION=3s bash bench/archive.sh 3000  (smoke)
#   BIN=build/dev/masthead IMPORT_MODE=files ... (a check of the script itself: the dev build
#   is slow, and an import that takes files only)
#
# For each size N:
#  1. the archive: bench/generate_archive.py writes N Markdown files into
#     bench/results/archive-N/articles once; later runs reuse them (a stamp file names the
#     count, seed and generator version);
#  2. import: `masthead import --data DIR FOLDER` into a new data folder, timed: articles/s;
#  3. start-up: `masthead serve` launched to its "masthead: serving" line, STARTS times (the
#     median counts), then the server's VmRSS;
#  4. random archive reads: READ_PATHS distinct published articles (sampled with the sqlite3
#     CLI), wrk -t1 -cCONNS with bench/comments_get.lua picking a random one per request, the
#     server (1 thread) and wrk on separate cores; the same over another sample with
#     Accept-Encoding: gzip (as browsers send); then SOAK_ROUNDS more rounds with VmRSS
#     after each, to show memory stays flat; the page cache's hit ratio if /metrics says;
#  5. fronts: the home page, the largest section's front page 1 and page 2000 (or its last
#     page when it has fewer), and random pages of that front;
#  6. one change: a new article imported while the server runs, then the same edited, then
#     made a draft: the time from the import command's exit until the article's page, the
#     home page and its section front all show it (or no longer do), polled every 20 ms.
# Then a Markdown table with the issue's targets: on stdout and in bench/results/archive-N.md
# (raw wrk output in bench/results/archive-N.wrk.txt).
#
# Settings (environment variables):
#   BIN=FILE            the binary (default build/release/masthead; MASTHEAD_BIN works too)
#   SEED=1              generator seed
#   IMPORT_MODE=folder  folder: one `masthead import --data DIR FOLDER`;
#                       files: the files listed to `masthead import` through xargs (for a
#                       masthead whose import takes files only)
#   IMPORT_TIMEOUT=7200 seconds the import may take
#   STARTS=3            start-ups measured (the server of the last one is measured on)
#   READ_PATHS=20000    distinct articles the random reads pick from
#   READ_DURATION=30s   the random-read run
#   SOAK_ROUNDS=3, SOAK_DURATION=60s   the random reads again, VmRSS after each round
#   FRONT_DURATION=10s  each front run
#   FRONT_PAGE=2000     the deep front page (the section's last page if it has fewer)
#   CONNS=16            wrk connections (wrk -t1)
#   SERVER_CPUS=0, WRK_CPUS=1   taskset lists: server on one, wrk on the other (SEPARATE=0:
#                       no pinning; automatic on one core)
#   SERVER_THREADS=1    the server's server.threads (default 1 on its own core, nproc
#                       with SEPARATE=0)
#   PAGE_SIZE=20        site.section_page_size
#   DICTIONARY=true     dictionary.enabled (the dictionaries load at start-up)
#   CACHE_PAGES_MB, CACHE_ARTICLES_MB   when set, written as cache.pages_mb / cache.articles_mb
#   CHANGE_SECTION=National   the section of the changed article
#   CHANGE_DEADLINE_MS=10000, CHANGE_POLL_MS=20
#   START_TIMEOUT=120   seconds a start-up may take before the run fails
#   PORT=18700          first port tried
#   KEEP_DATA=0         1 keeps the imported data folder (in the temporary folder)
#   KEEP_WORK=0         1 keeps the temporary folder
#
# Everything listens on 127.0.0.1. Every server is this script's child and is stopped when it
# exits, also on Ctrl-C or failure; every wait has a deadline.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
NAME=archive
# shellcheck source=bench/lib.sh
. "$ROOT/bench/lib.sh"

SIZES=("$@")
[ "${#SIZES[@]}" -gt 0 ] || SIZES=(100000)
SEED=${SEED:-1}
IMPORT_MODE=${IMPORT_MODE:-folder}
IMPORT_TIMEOUT=${IMPORT_TIMEOUT:-7200}
STARTS=${STARTS:-3}
READ_PATHS=${READ_PATHS:-20000}
READ_DURATION=${READ_DURATION:-30s}
SOAK_ROUNDS=${SOAK_ROUNDS:-3}
SOAK_DURATION=${SOAK_DURATION:-60s}
FRONT_DURATION=${FRONT_DURATION:-10s}
FRONT_PAGE=${FRONT_PAGE:-2000}
CONNS=${CONNS:-16}
CORES=$(nproc)
SEPARATE=${SEPARATE:-1}
[ "$CORES" -ge 2 ] || SEPARATE=0
SERVER_CPUS=${SERVER_CPUS:-0}
WRK_CPUS=${WRK_CPUS:-1}
threads_default=1
[ "$SEPARATE" = 1 ] || threads_default=$CORES
SERVER_THREADS=${SERVER_THREADS:-$threads_default}
PAGE_SIZE=${PAGE_SIZE:-20}
DICTIONARY=${DICTIONARY:-true}
CACHE_PAGES_MB=${CACHE_PAGES_MB:-}
CACHE_ARTICLES_MB=${CACHE_ARTICLES_MB:-}
CHANGE_SECTION=${CHANGE_SECTION:-National}
CHANGE_DEADLINE_MS=${CHANGE_DEADLINE_MS:-10000}
CHANGE_POLL_MS=${CHANGE_POLL_MS:-20}
PORT=${PORT:-18700}
KEEP_DATA=${KEEP_DATA:-0}
KEEP_WORK=${KEEP_WORK:-0}
PYTHON=${PYTHON:-}

# ---------------------------------------------------------------- settings and tools
for n in "${SIZES[@]}"; do whole "$n" || die "sizes are whole numbers of articles, not \"$n\""; done
need_durations READ_DURATION SOAK_DURATION FRONT_DURATION
need_whole STARTS READ_PATHS CONNS FRONT_PAGE SERVER_THREADS PAGE_SIZE IMPORT_TIMEOUT CHANGE_DEADLINE_MS CHANGE_POLL_MS SEED
[[ $SOAK_ROUNDS =~ ^[0-9]+$ ]] || die "SOAK_ROUNDS must be a whole number (0: none)"
[ "$IMPORT_MODE" = folder ] || [ "$IMPORT_MODE" = files ] || die "IMPORT_MODE is folder or files"
[ "$DICTIONARY" = true ] || [ "$DICTIONARY" = false ] || die "DICTIONARY is true or false"
need_tools "(wrk, curl, sqlite3: bash scripts/setup.sh all; apt-get install sqlite3)" \
    wrk curl sqlite3 taskset timeout awk xargs find
if [ -z "$PYTHON" ]; then
    if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=$(command -v python3 || true); fi
fi
[ -n "$PYTHON" ] || die "python3 is needed to generate the archive"
BIN=$(masthead_bin "${BIN:-${MASTHEAD_BIN:-}}")
[[ ${BASH_VERSINFO[0]} -ge 5 ]] || die "bash 5 or later is needed (EPOCHREALTIME)"

# ---------------------------------------------------------------- cleanup on any exit
bench_init # WORK; every server and command is stopped on exit, Ctrl-C or failure
BENCH_TAIL=(import.err)
BENCH_TAIL_LINES=8
[ "$KEEP_DATA" != 1 ] || KEEP_WORK=1 # the data folders are in WORK

SERVER_PIN=()
WRK_PIN=()
if [ "$SEPARATE" = 1 ]; then
    SERVER_PIN=(taskset -c "$SERVER_CPUS")
    WRK_PIN=(taskset -c "$WRK_CPUS")
fi
layout="server ($SERVER_THREADS thread) on CPU $SERVER_CPUS, wrk -t1 on CPU $WRK_CPUS"
[ "$SEPARATE" = 1 ] || layout="server ($SERVER_THREADS threads) and wrk -t1 sharing the $CORES cores"

slugify() { printf '%s' "$1" | tr '[:upper:]' '[:lower:]' | sed -E 's/[^a-z0-9]+/-/g; s/^-+//; s/-+$//'; }
fmt_int() { printf '%d' "$1" | sed -E ':a; s/([0-9])([0-9]{3})($|,)/\1,\2\3/; ta'; }
verdict() { # value limit ge|le -> met / NOT met
    awk -v v="$1" -v t="$2" -v d="$3" 'BEGIN {
        if (v == "" || v == "?" || v == "nan") { print "?"; exit }
        ok = (d == "ge") ? v + 0 >= t + 0 : v + 0 <= t + 0; print ok ? "met" : "**NOT met**" }'
}

# ---------------------------------------------------------------- wrk
# wrk -t1 -cCONNS -dSECONDS --timeout 5s --latency, on WRK_CPUS (lib.sh's wrk_run)
WRK_T=1
WRK_C=$CONNS
WRK_OPTS=(--timeout 5s)
RAW=""
wrk_paths() { # label paths_file seconds [wrk options]: random paths from the file
    local label=$1 file=$2 secs=$3
    shift 3
    wrk_run "$label" "$MH" "${secs%.*}s" "$@" -s "$ROOT/bench/comments_get.lua" -- "$file"
}
# the row cells of a run: req/s, p50, p99 and the non-2xx / socket error counts
read_run() {
    read -r RPS P50 P99 NON2XX ERRS _ <<<"$WRK_PARSED"
    RPS=${RPS%.*}
    P50=$(printf '%.2f' "$P50")
    P99=$(printf '%.2f' "$P99")
}

# ---------------------------------------------------------------- one change, timed
# change_file FILE SLUG HEADLINE STATUS
change_file() {
    cat >"$1" <<EOF
---
headline: $3
section: $CHANGE_SECTION
published: $CHANGE_PUBLISHED
kind: news
byline: Bench Reporter
slug: $2
tags: [benchmark]
status: $4
---
This article was imported by bench/archive.sh while the server was running, to time how
soon one change shows on the article's page, the home page and its section front.

It has a second paragraph so that its summary is the first one.
EOF
}
# timed_change LABEL FILE ARTICLE_PATH HEADLINE present|absent
#   Imports FILE, then polls (every CHANGE_POLL_MS) until:
#     present: the article answers 200 with HEADLINE, and the home page and the section front
#              show HEADLINE;
#     absent:  the article answers 404 and neither the home page nor the front shows HEADLINE.
#   Sets CHANGE_MS (the time from the import's exit until all three held; "" if not within
#   the deadline), CHANGE_PARTS ("article A ms, home H ms, front F ms") and IMPORT_MS.
timed_change() {
    local label=$1 file=$2 path=$3 headline=$4 want=$5
    local t_start t_exit now deadline code body="$WORK/poll.html" i
    local -A seen=()
    us_now t_start
    run_child 60 "$BIN" import --data "$DATA" "$file" >"$WORK/change-import.out" 2>"$WORK/change-import.err" ||
        die "$label: the import failed: $(cat "$WORK/change-import.err")"
    us_now t_exit
    IMPORT_MS=$(ms_between "$t_start" "$t_exit")
    grep -qxF "$path" "$WORK/change-import.out" ||
        die "$label: the import did not print $path: $(head -c 300 "$WORK/change-import.out")"
    deadline=$((t_exit + CHANGE_DEADLINE_MS * 1000))
    local pause
    pause=$(awk -v m="$CHANGE_POLL_MS" 'BEGIN { printf "%.3f", m / 1000 }')
    while :; do
        if [ -z "${seen[article]:-}" ]; then
            code=$(curl -s --max-time 2 -o "$body" -w '%{http_code}' "$MH$path" || true)
            if [ "$want" = present ] && [ "$code" = 200 ] && grep -qF "$headline" "$body"; then
                us_now now
                seen[article]=$now
            elif [ "$want" = absent ] && [ "$code" = 404 ]; then
                us_now now
                seen[article]=$now
            fi
        fi
        for i in home front; do
            [ -z "${seen[$i]:-}" ] || continue
            local url=$MH/
            [ "$i" = home ] || url=$MH$CHANGE_FRONT
            code=$(curl -s --max-time 2 -o "$body" -w '%{http_code}' "$url" || true)
            [ "$code" = 200 ] || continue
            if { [ "$want" = present ] && grep -qF "$headline" "$body"; } ||
                { [ "$want" = absent ] && ! grep -qF "$headline" "$body"; }; then
                us_now now
                seen[$i]=$now
            fi
        done
        if [ -n "${seen[article]:-}" ] && [ -n "${seen[home]:-}" ] && [ -n "${seen[front]:-}" ]; then
            break
        fi
        us_now now
        [ "$now" -lt "$deadline" ] || break
        sleep "$pause"
    done
    CHANGE_PARTS=""
    local last=0 missing=""
    for i in article home front; do
        if [ -n "${seen[$i]:-}" ]; then
            CHANGE_PARTS+="${CHANGE_PARTS:+, }$i $(ms_between "$t_exit" "${seen[$i]}" | awk '{ printf "%.0f", $1 }')"
            [ "${seen[$i]}" -le "$last" ] || last=${seen[$i]}
        else
            missing+=" $i"
            CHANGE_PARTS+="${CHANGE_PARTS:+, }$i not within $CHANGE_DEADLINE_MS"
        fi
    done
    CHANGE_PARTS+=" ms"
    if [ -n "$missing" ]; then
        CHANGE_MS=""
        log "$NAME: $label: not seen within $CHANGE_DEADLINE_MS ms on:$missing"
    else
        CHANGE_MS=$(ms_between "$t_exit" "$last" | awk '{ printf "%.0f", $1 }')
    fi
}

# ---------------------------------------------------------------- one size
mkdir -p "$ROOT/bench/results"
git_rev=$(git_revision)
wrk_version=$(wrk_version)
gen_version=$(sha256sum "$ROOT/bench/generate_archive.py" | cut -c 1-16)
ALL_TABLES=()

run_size() {
    local N=$1
    local CACHE=$ROOT/bench/results/archive-$N
    local ARTICLES=$CACHE/articles
    RESULTS=$ROOT/bench/results/archive-$N.md
    RAW=$ROOT/bench/results/archive-$N.wrk.txt
    : >"$RAW"
    local rss_target=300
    [ "$N" -le 100000 ] || rss_target=400
    local rows=() load_start
    load_start=$(cut -d' ' -f1-3 /proc/loadavg)
    log ""
    log "$NAME: ===== $(fmt_int "$N") articles ====="

    # -------------------------------------------- 1. the archive (generated once)
    local want_stamp="count=$N seed=$SEED "
    local gen_note="reused"
    if ! [ -f "$ARTICLES/.complete" ] || ! grep -q "^$want_stamp" "$ARTICLES/.complete" ||
        ! grep -q "generator=$gen_version" "$ARTICLES/.complete"; then
        log "$NAME: generating $N articles into $ARTICLES ..."
        rm -rf "$ARTICLES"
        mkdir -p "$CACHE"
        run_child 7200 "$PYTHON" "$ROOT/bench/generate_archive.py" --count "$N" --seed "$SEED" \
            --out "$ARTICLES" 2>"$WORK/generate.err" || {
            cat "$WORK/generate.err" >&2
            die "generating the archive failed"
        }
        gen_note=$(sed 's/^generate_archive: //' "$WORK/generate.err" | tail -n 1)
    fi
    local files_mb
    files_mb=$(du -sm "$ARTICLES" | cut -f1)
    log "$NAME: archive: $ARTICLES ($files_mb MB on disk; $gen_note)"

    # -------------------------------------------- 2. import
    DATA=$WORK/data-$N
    rm -rf "$DATA"
    log "$NAME: importing ($IMPORT_MODE) into $DATA ..."
    local t0 t1 rc=0
    us_now t0
    if [ "$IMPORT_MODE" = folder ]; then
        run_child "$IMPORT_TIMEOUT" "$BIN" import --data "$DATA" "$ARTICLES" >"$WORK/import.out" 2>"$WORK/import.err" || rc=$?
    else
        find "$ARTICLES" -name '*.md' -print0 | sort -z >"$WORK/import.list"
        run_child "$IMPORT_TIMEOUT" xargs -0 -a "$WORK/import.list" "$BIN" import --data "$DATA" \
            >"$WORK/import.out" 2>"$WORK/import.err" || rc=$?
    fi
    us_now t1
    local import_s imported import_rate import_last
    import_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e6 }')
    imported=$(grep -c '^/' "$WORK/import.out" || true)
    import_last=$(grep -v '^$' "$WORK/import.err" | tail -n 1 || true)
    if [ "$rc" = 124 ]; then die "the import took more than IMPORT_TIMEOUT=$IMPORT_TIMEOUT s"; fi
    if [ "$IMPORT_MODE" = folder ] && [ "$imported" = 0 ] &&
        { [ "$rc" = 2 ] || grep -q 'Is a directory' "$WORK/import.err"; }; then
        die "this masthead's import does not take a folder ($import_last); IMPORT_MODE=files lists the files instead"
    fi
    [ "$rc" = 0 ] || log "$NAME: warning: the import exited with status $rc; last line: $import_last"
    # A folder import may print a summary instead of every path; count what the database holds.
    local DB=$DATA/masthead.db
    [ -f "$DB" ] || die "the import made no database at $DB"
    local in_db
    in_db=$(sqlite3 -readonly "$DB" "SELECT COUNT(*) FROM articles") # (an index; no drafts yet)
    [ "$in_db" = "$N" ] || die "the database holds $in_db articles after importing $N"
    import_rate=$(awk -v n="$N" -v s="$import_s" 'BEGIN { printf "%.0f", (s > 0) ? n / s : 0 }')
    local db_mb
    db_mb=$(du -sm "$DATA" | cut -f1)
    log "$NAME: imported $N in $import_s s: $import_rate articles/s (database $db_mb MB); stderr's last line: ${import_last:-(none)}"
    rows+=("$(table_row "import $(fmt_int "$N") articles ($IMPORT_MODE)" "$import_s s: **$(fmt_int "$import_rate") articles/s** (database $db_mb MB)" "≥ 5,000 articles/s" "$(verdict "$import_rate" 5000 ge)")")

    # The random reads' articles (two samples: the plain run's, the gzip run's, so that the
    # second finds none of its pages cached by the first) and the largest section (sqlite3,
    # read-only; every query uses an index, none reads the bodies).
    sqlite3 -readonly "$DB" "SELECT s.path || '/' || a.slug FROM
        (SELECT id FROM articles ORDER BY random() LIMIT $((2 * READ_PATHS))) p
        JOIN articles a ON a.id = p.id JOIN sections s ON s.id = a.section_id
        WHERE a.status = 'published'" >"$WORK/sample.txt"
    head -n "$READ_PATHS" "$WORK/sample.txt" >"$WORK/paths.txt"
    tail -n +"$((READ_PATHS + 1))" "$WORK/sample.txt" >"$WORK/paths-gzip.txt"
    local npaths
    npaths=$(wc -l <"$WORK/paths.txt")
    [ "$npaths" -gt 0 ] || die "no article paths from the database"
    local front front_count
    read -r front front_count < <(sqlite3 -readonly -separator ' ' "$DB" "SELECT s.path, c.n FROM
        (SELECT section_id, COUNT(*) AS n FROM articles GROUP BY section_id) c
        JOIN sections s ON s.id = c.section_id ORDER BY c.n DESC LIMIT 1")
    local pages=$(((front_count + PAGE_SIZE - 1) / PAGE_SIZE))
    local deep=$FRONT_PAGE deep_note=""
    if [ "$pages" -lt "$FRONT_PAGE" ]; then
        deep=$pages
        deep_note=" (its last page: $(fmt_int "$front_count") stories make $pages pages of $PAGE_SIZE)"
    fi
    awk -v f="$front" -v n="$pages" -v seed="$SEED" 'BEGIN { srand(seed); for (i = 0; i < 20000; i++) printf "%s?page=%d\n", f, 1 + int(rand() * n) }' \
        >"$WORK/front-pages.txt"

    # -------------------------------------------- 3. start-up and memory
    masthead_config "$WORK/masthead.yaml" '"off"' "$SERVER_THREADS"
    cat >>"$WORK/masthead.yaml" <<EOF
site:
  section_page_size: $PAGE_SIZE
dictionary:
  enabled: $DICTIONARY
EOF
    if [ -n "$CACHE_PAGES_MB$CACHE_ARTICLES_MB" ]; then
        {
            echo "cache:"
            [ -z "$CACHE_PAGES_MB" ] || echo "  pages_mb: $CACHE_PAGES_MB"
            [ -z "$CACHE_ARTICLES_MB" ] || echo "  articles_mb: $CACHE_ARTICLES_MB"
        } >>"$WORK/masthead.yaml"
    fi
    local mh_port starts=() k
    mh_port=$(free_port "$PORT")
    MH=http://127.0.0.1:$mh_port
    for ((k = 1; k <= STARTS; k++)); do
        start_masthead "masthead-$N-$k" "$BIN" "$DATA" "$mh_port" "$WORK/masthead.yaml"
        MH_PID=$STARTED_PID
        starts+=("$STARTUP_S")
        log "$NAME: start-up $k: $STARTUP_S s ($(grep -c . "$WORK/masthead-$N-$k.log") log lines)"
        if [ "$k" -lt "$STARTS" ]; then stop_server "$MH_PID"; fi
    done
    local startup rss_start
    startup=$(printf '%s\n' "${starts[@]}" | median | awk '{ printf "%.3f", $1 }')
    rss_start=$(rss_mb "$MH_PID")
    local dict_line
    dict_line=$(grep -m 1 '^masthead: dictionary' "$WORK/masthead-$N-$STARTS.log" | sed 's/^masthead: //' || true)
    rows+=("$(table_row "start-up: launch to \"masthead: serving\" (median of $STARTS)" "**${startup} s** (runs: ${starts[*]})" "≤ 1 s" "$(verdict "$startup" 1 le)")")
    rows+=("$(table_row "memory (VmRSS) after start-up" "**$rss_start MB**" "≤ $rss_target MB" "$(verdict "$rss_start" "$rss_target" le)")")
    local rss_max=$rss_start

    # every page type answers before anything is measured
    local p
    for p in "$(head -n 1 "$WORK/paths.txt")" / "$front" "$front?page=$deep"; do
        [ "$(curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$MH$p" || true)" = 200 ] ||
            die "GET $p did not answer 200"
    done

    # -------------------------------------------- 4. random archive reads, then the soak
    local read_s
    read_s=$(seconds_of "$READ_DURATION")
    log "$NAME: random reads of $npaths articles for ${read_s}s ..."
    wrk_paths "random reads" "$WORK/paths.txt" "$read_s"
    read_run
    local rss_reads
    rss_reads=$(rss_mb "$MH_PID")
    [ "$rss_reads" = "?" ] || [ "$rss_reads" -le "$rss_max" ] || rss_max=$rss_reads
    rows+=("$(table_row "random article pages, $(fmt_int "$npaths") distinct (wrk -c$CONNS, ${read_s} s, first reads included)" "$(fmt_int "$RPS") req/s, p50 $P50 ms, **p99 $P99 ms**; non-2xx $NON2XX, errors $ERRS" "p99 ≤ 5 ms" "$(verdict "$P99" 5 le)")")
    rows+=("$(table_row "memory after the random reads" "$rss_reads MB" "≤ $rss_target MB" "$(verdict "$rss_reads" "$rss_target" le)")")
    # The same as browsers and crawlers ask: each page made is gzipped on the miss too.
    if [ -s "$WORK/paths-gzip.txt" ]; then
        log "$NAME: random reads with Accept-Encoding: gzip for ${read_s}s ..."
        wrk_paths "random reads, gzip" "$WORK/paths-gzip.txt" "$read_s" -H "Accept-Encoding: gzip"
        read_run
        rows+=("$(table_row "the same with Accept-Encoding: gzip, $(fmt_int "$(wc -l <"$WORK/paths-gzip.txt")") other articles" "$(fmt_int "$RPS") req/s, p50 $P50 ms, **p99 $P99 ms**; non-2xx $NON2XX, errors $ERRS" "p99 ≤ 5 ms" "$(verdict "$P99" 5 le)")")
    fi
    local soak_s soak_rss=() soak_cells=() r
    soak_s=$(seconds_of "$SOAK_DURATION")
    for ((r = 1; r <= SOAK_ROUNDS; r++)); do
        log "$NAME: soak round $r of $SOAK_ROUNDS (${soak_s}s) ..."
        wrk_paths "soak round $r" "$WORK/paths.txt" "$soak_s"
        read_run
        local m
        m=$(rss_mb "$MH_PID")
        soak_rss+=("$m")
        [ "$m" = "?" ] || [ "$m" -le "$rss_max" ] || rss_max=$m
        soak_cells+=("round $r: $(fmt_int "$RPS") req/s, p99 $P99 ms, $m MB")
    done
    if [ "$SOAK_ROUNDS" -gt 0 ]; then
        local spread
        spread=$(printf '%s\n' "$rss_reads" "${soak_rss[@]}" | awk 'NR == 1 { lo = hi = $1 } { if ($1 < lo) lo = $1; if ($1 > hi) hi = $1 } END { print hi - lo }')
        rows+=("$(table_row "the same reads, $SOAK_ROUNDS more rounds of ${soak_s} s: memory after each" "$(printf '%s; ' "${soak_cells[@]}")**spread $spread MB**" "flat, ≤ $rss_target MB" "$(verdict "$rss_max" "$rss_target" le)")")
    fi
    # the caches' hit ratios, if /metrics has hit and miss counters (any line naming a cache;
    # hits and misses paired by the line with "hit(s)"/"miss(es)" replaced by "*")
    local metrics cache_lines ratio_cell
    metrics=$(curl -s --max-time 10 "$MH/metrics" || true)
    cache_lines=$(grep -i 'cache' <<<"$metrics" | grep -v '^#' || true)
    if [ -n "$cache_lines" ]; then
        printf '%s\n' "$cache_lines" >"$CACHE/metrics-cache.txt"
        ratio_cell=$(awk '
            { l = tolower($0); v = $NF; key = $0; sub(/[ \t]+[^ \t]+$/, "", key) }
            l ~ /hit/ { k = key; gsub(/[Hh][Ii][Tt][Ss]?/, "*", k); h[k] += v; seen[k] = 1; next }
            l ~ /miss/ { k = key; gsub(/[Mm][Ii][Ss][Ss]([Ee][Ss])?/, "*", k); m[k] += v; seen[k] = 1 }
            END {
                for (k in seen) {
                    t = h[k] + m[k]
                    if (t > 0) printf "%s`%s`: %.1f%% hits (%d of %d)", sep, k, 100 * h[k] / t, h[k], t
                    sep = "; "
                }
            }' <<<"$cache_lines")
        [ -n "$ratio_cell" ] || ratio_cell="no hit and miss counters (see $CACHE/metrics-cache.txt)"
        rows+=("$(table_row "cache hit ratio after the random reads and the soak (/metrics)" "$ratio_cell" "—" "")")
    else
        log "$NAME: /metrics names no cache; no hit ratio"
    fi

    # -------------------------------------------- 5. fronts
    local front_s
    front_s=$(seconds_of "$FRONT_DURATION")
    local label url
    for label in home "front 1" "front deep" "front random"; do
        case $label in
            home) wrk_run "$label" "$MH/" "${front_s%.*}s"; url="home page /" ;;
            "front 1") wrk_run "$label" "$MH$front" "${front_s%.*}s"; url="section front $front, page 1" ;;
            "front deep") wrk_run "$label" "$MH$front?page=$deep" "${front_s%.*}s"; url="section front $front?page=$deep$deep_note" ;;
            "front random") wrk_paths "$label" "$WORK/front-pages.txt" "$front_s"; url="random pages 1–$pages of $front" ;;
        esac
        read_run
        rows+=("$(table_row "$url (wrk -c$CONNS, ${front_s} s)" "$(fmt_int "$RPS") req/s, p50 $P50 ms, **p99 $P99 ms**; non-2xx $NON2XX, errors $ERRS" "p99 ≤ 5 ms" "$(verdict "$P99" 5 le)")")
    done

    # -------------------------------------------- 6. one change costs one change
    local stamp slug headline path rss_before rss_after
    stamp=$(date +%s)
    slug="archive-bench-change-$stamp"
    CHANGE_FRONT="/$(slugify "$CHANGE_SECTION")"
    # now, in Seoul time; never older than the archive's newest story (2026-11-30)
    if [ "$(date +%s)" -gt "$(date -d '2026-12-01T00:00:00+09:00' +%s)" ]; then
        CHANGE_PUBLISHED="$(TZ=Asia/Seoul date +%Y-%m-%dT%H:%M:%S)+09:00"
    else
        CHANGE_PUBLISHED="2026-12-01T09:00:00+09:00"
    fi
    path="$CHANGE_FRONT/$slug"
    mkdir -p "$WORK/change"
    rss_before=$(rss_mb "$MH_PID")
    local what
    for what in new edit unpublish; do
        case $what in
            new)
                headline="Archive bench change $stamp first version"
                change_file "$WORK/change/$slug.md" "$slug" "$headline" published
                timed_change "$what" "$WORK/change/$slug.md" "$path" "$headline" present
                ;;
            edit)
                headline="Archive bench change $stamp edited headline"
                change_file "$WORK/change/$slug.md" "$slug" "$headline" published
                timed_change "$what" "$WORK/change/$slug.md" "$path" "$headline" present
                ;;
            unpublish)
                change_file "$WORK/change/$slug.md" "$slug" "$headline" draft
                timed_change "$what" "$WORK/change/$slug.md" "$path" "$headline" absent
                ;;
        esac
        local shown=${CHANGE_MS:-"not within $CHANGE_DEADLINE_MS"}
        log "$NAME: change \"$what\": $shown ms after the import's exit ($CHANGE_PARTS; the import took $(printf "%.0f" "$IMPORT_MS") ms)"
        local desc
        case $what in
            new) desc="a new article: its page 200, on / and $CHANGE_FRONT" ;;
            edit) desc="the same with a new headline: everywhere" ;;
            unpublish) desc="made a draft: its page 404, gone from / and $CHANGE_FRONT" ;;
        esac
        rows+=("$(table_row "change: $desc (from the import's exit; poll every $CHANGE_POLL_MS ms)" "**$shown ms** ($CHANGE_PARTS; import command $(printf '%.0f' "$IMPORT_MS") ms)" "≤ 1,000 ms" "$(verdict "${CHANGE_MS:-999999}" 1000 le)")")
    done
    rss_after=$(rss_mb "$MH_PID")
    [ "$rss_after" = "?" ] || [ "$rss_after" -le "$rss_max" ] || rss_max=$rss_after
    rows+=("$(table_row "memory before / after the three changes" "$rss_before MB / $rss_after MB" "≤ $rss_target MB" "$(verdict "$rss_after" "$rss_target" le)")")
    rows+=("$(table_row "memory, the most seen in this run" "**$rss_max MB**" "≤ $rss_target MB" "$(verdict "$rss_max" "$rss_target" le)")")

    stop_server "$MH_PID"
    MH_PID=""
    local load_end
    load_end=$(cut -d' ' -f1-3 /proc/loadavg)

    # -------------------------------------------- the report
    {
        echo "# A newspaper's whole archive: $(fmt_int "$N") articles"
        echo
        echo "bench/archive.sh, $(date -u '+%Y-%m-%d %H:%M UTC'), git $git_rev"
        echo
        echo "- machine: $(machine_line); load average $load_start at the start, $load_end at the end"
        echo "- masthead: \`$BIN\` ($("$BIN" version 2>/dev/null || echo '?')); config: access log off, server.threads $SERVER_THREADS, section_page_size $PAGE_SIZE, dictionary.enabled $DICTIONARY${CACHE_PAGES_MB:+, cache.pages_mb $CACHE_PAGES_MB}${CACHE_ARTICLES_MB:+, cache.articles_mb $CACHE_ARTICLES_MB}"
        echo "- ${dict_line:+start-up loads: $dict_line; }layout: $layout; $wrk_version with bench/comments_get.lua for random paths"
        echo "- archive: $(fmt_int "$N") files by bench/generate_archive.py (seed $SEED, $files_mb MB; $gen_note); imported with \`masthead import --data DIR $([ "$IMPORT_MODE" = folder ] && echo FOLDER || echo 'FILE... (xargs)')\`; its last line on stderr: \`${import_last:-(none)}\`"
        echo "- largest section: $front, $(fmt_int "$front_count") stories, $pages pages"
        echo
        echo "| what | measured | target | |"
        echo "| --- | --- | --- | --- |"
        printf '%s\n' "${rows[@]}"
    } >"$RESULTS"
    ALL_TABLES+=("$RESULTS")
    cat "$RESULTS"
    echo
    if [ "$KEEP_DATA" != 1 ]; then rm -rf "$DATA"; fi
}

MH_PID=""
log "$NAME: $(machine_summary)"
log "$NAME: binary $BIN; sizes ${SIZES[*]}; $layout"
for n in "${SIZES[@]}"; do run_size "$n"; done
RESULTS=""
log "$NAME: results: ${ALL_TABLES[*]} (raw wrk output beside them, *.wrk.txt)"
