# bench/lib.sh: helpers shared by the benchmark scripts. Source it, do not run it:
#
#   NAME=archive                      # names the script in messages, files and folders
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# What it gives (each function says more where it is defined):
#   log, die                  messages to stderr; die exits 1 ("NAME: FAILED: ...")
#   whole, is_duration, seconds_of   checks of settings: 3, 10s/1m, "1.5m" -> 90
#   need_whole, need_durations VAR...   die unless each variable holds such a setting
#   need_tools HINT TOOL...   dies naming the first TOOL not installed, and HINT
#   us_now VAR                microseconds since the epoch into VAR, without a subshell
#   ms_between A B            milliseconds from one us_now reading to another (3 decimals)
#   port_in_use, free_port    a free 127.0.0.1 port from a starting number upward
#   alive, stop_pid           is a PID running; stop one (TERM, then KILL after 10 s)
#   rss_mb PID                VmRSS of a process in MB (MiB), from /proc/PID/status
#   median                    the median of the numbers on stdin
#   parse_wrk FILE            "req/s p50_ms p99_ms non2xx socket_errors requests bytes" of wrk --latency
#   table_row A B ...         one Markdown table row: | A | B | ... |
#   cpu_model, machine_line, machine_summary   the machine in one line (with the load average)
#   git_revision, wrk_version the commit measured (git describe) and wrk's version
#   say_if_busy LOAD          a warning line (through say) when the load average is 0.5 or more
#   masthead_bin [--build] [FILE]   the binary to measure: FILE, else build/release/masthead
#                             (built first with --build when missing)
#   bench_init                WORK (a new temporary folder), the EXIT/INT/TERM/ERR traps that stop
#                             every child and clean up, and a higher open-file limit
#   bench_results_files       RESULTS and RAW in bench/results/NAME-DATE.txt / .wrk.txt; say
#   say TEXT                  a line to stdout and to RESULTS (when set)
#   masthead_config FILE LOG THREADS   a serve configuration's server: section
#   start_masthead ...        `masthead serve` on 127.0.0.1, waiting (with a deadline) for its
#                             "masthead: serving" line; the time it took in STARTUP_S
#   start_nginx PORT WORKERS PATH   nginx serving $WORK/www as article_vs_nginx.sh measures it
#   stop_server PID           stops a server started by start_masthead or start_nginx
#   check_servers [WHEN]      dies if one of the servers started (and not stopped) has exited
#   run_child SECONDS CMD...  a command under `timeout`, in the background, waited for (signals
#                             reach the script at once)
#   wrk_run LABEL URL DURATION [OPTIONS...] [-- SCRIPT ARGS...]   one wrk --latency run with a
#                             deadline, appended to RAW, parsed into WRK_PARSED
#   fetch, header_value       one page with curl (plain or gzip) and a header of its answer
#   page_links, article_pages the demo articles' pages, the longest first
#   warm_page, copy_page      a page read a few times; its bytes (plain and gzip) saved for nginx
#   bench_cleanup_servers     stops every server and child these helpers started (bench_init's
#                             EXIT trap calls it)
#
# The helpers use: NAME (messages), WORK (a folder for logs, FIFOs and configs; bench_init makes
# it), the array SERVER_PIN (a command prefix for the servers, e.g. (taskset -c 0); empty by
# default), for wrk_run WRK_T and WRK_C (wrk -t and -c), the array WRK_PIN (a prefix for wrk),
# the array WRK_OPTS (more wrk options) and RAW, and for bench_init's EXIT trap KEEP_WORK,
# RESULTS, BENCH_INCOMPLETE, BENCH_TAIL and BENCH_TAIL_LINES (see bench_init).
# Everything listens on 127.0.0.1 only.

# shellcheck shell=bash

: "${NAME:=bench}"
BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVER_PIN=("${SERVER_PIN[@]}")
WRK_PIN=("${WRK_PIN[@]}")
WRK_OPTS=("${WRK_OPTS[@]}")
declare -A BENCH_SERVER_NAME=() # the servers running: PID -> name (for messages)
BENCH_READER_PIDS=()            # the processes copying masthead's output to the logs
declare -A BENCH_READER_OF=()   # server PID -> its reader's PID

log() { printf '%s\n' "$*" >&2; }
die() {
    printf '\n%s: FAILED: %s\n' "$NAME" "$*" >&2
    exit 1
}

whole() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }
is_duration() { [[ $1 =~ ^[0-9]+(\.[0-9]+)?[smh]?$ ]]; }
seconds_of() { # 4s, 1.5m, 2h, 7 -> seconds (may be fractional)
    awk -v d="$1" 'BEGIN { n = d + 0; u = d; sub(/^[0-9.]+/, "", u)
        if (u == "m") n *= 60; else if (u == "h") n *= 3600; print n }'
}
need_durations() { # variable names: dies unless each holds a duration wrk takes (10s, 1m)
    local v
    for v in "$@"; do
        is_duration "${!v}" || die "$v must look like 10s or 1m (not \"${!v}\")"
    done
}
need_whole() { # variable names: dies unless each holds a whole number >= 1
    local v
    for v in "$@"; do
        whole "${!v}" || die "$v must be a whole number >= 1 (not \"${!v}\")"
    done
}
need_tools() { # hint tool...: dies "TOOL is not installed; HINT" for the first one missing
    local hint=$1 tool
    shift
    for tool in "$@"; do
        command -v "$tool" >/dev/null || die "$tool is not installed; $hint"
    done
}

us_now() { # VAR: microseconds since the epoch (bash 5's EPOCHREALTIME; no subshell)
    local t=$EPOCHREALTIME
    printf -v "$1" '%s' "${t//[.,]/}"
}
ms_between() { # from_us to_us -> milliseconds, 3 decimals
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1000 }'
}

# ---------------------------------------------------------------- ports and processes
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { # [first]: the first port from `first` (default 18700) nothing listens on
    local p=${1:-18700} last
    last=$((p + 500))
    while port_in_use "$p"; do
        p=$((p + 1))
        [ "$p" -le "$last" ] || die "no free port in ${1:-18700}-$last"
    done
    echo "$p"
}

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

stop_pid() { # pid [signal=TERM]: signal it, wait up to 10 s, then SIGKILL it and its children
    local pid=${1:-} sig=${2:-TERM} kids i k
    alive "$pid" || return 0
    kids=$(pgrep -P "$pid" 2>/dev/null || true)
    kill "-$sig" "$pid" 2>/dev/null || true
    for ((i = 0; i < 200; i++)); do
        alive "$pid" || break
        sleep 0.05
    done
    if alive "$pid"; then
        log "$NAME: pid $pid did not stop on SIG$sig within 10 s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    for k in $kids; do
        if alive "$k"; then kill -KILL "$k" 2>/dev/null || true; fi
    done
    wait "$pid" 2>/dev/null || true
}

rss_mb() { # pid -> resident memory (VmRSS) in MB (MiB), no decimals; "?" if it is gone
    awk '/^VmRSS:/ { printf "%.0f\n", $2 / 1024; found = 1 } END { if (!found) print "?" }' \
        "/proc/$1/status" 2>/dev/null || echo "?"
}

# ---------------------------------------------------------------- numbers and tables
median() { # numbers on stdin (one a line) -> their median; "nan" for none
    sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# wrk --latency output file -> "rps p50_ms p99_ms non2xx socket_errors requests bytes_read"
# (bytes_read: wrk's "N requests in T, X read", in bytes; wrk's KB/MB/GB are powers of 1024)
parse_wrk() {
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
        function bytes(v,   n, u) {
            n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
            if (u == "KB") return n * 1024
            if (u == "MB") return n * 1024 ^ 2
            if (u == "GB") return n * 1024 ^ 3
            if (u == "TB") return n * 1024 ^ 4
            return n
        }
        /^Requests\/sec:/ { rps = $2 }
        $1 == "50%" { p50 = ms($2) }
        $1 == "99%" { p99 = ms($2) }
        /Non-2xx or 3xx responses:/ { non2xx = $NF }
        /Socket errors:/ { gsub(",", ""); errs = $4 + $6 + $8 + $10 }
        / requests in / { reqs = $1; rbytes = bytes($(NF - 1)) }
        END {
            if (rps == "" || p99 == "") { print "parse-error"; exit }
            printf "%s %.3f %.3f %d %d %d %.0f\n", rps, p50, p99, non2xx, errs, reqs, rbytes
        }' "$1"
}

table_row() { # cells... -> "| a | b | c |"
    local out="|" c
    for c in "$@"; do out+=" $c |"; done
    printf '%s\n' "$out"
}

# ---------------------------------------------------------------- the report's header
cpu_model() {
    local cpu
    cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
    [ -n "$cpu" ] || cpu=$(lscpu 2>/dev/null | awk -F': *' '/^Model name/ { print $2; exit }' || true)
    printf '%s\n' "${cpu:-unknown CPU}"
}
machine_line() { # "2 cores (nproc), CPU, Linux RELEASE"
    printf '%s cores (nproc), %s, Linux %s\n' "$(nproc)" "$(cpu_model)" "$(uname -r)"
}
machine_summary() { # machine_line, then the load average
    printf '%s, load average %s\n' "$(machine_line)" "$(cut -d' ' -f1-3 /proc/loadavg)"
}
git_revision() { git -C "$BENCH_ROOT" describe --always --dirty --abbrev=12 2>/dev/null || echo unknown; }
wrk_version() { { wrk -v 2>&1 || true; } | awk 'NR == 1 { print $1, $2 }'; }

say() { # text: to stdout, and appended to RESULTS when it is set
    if [ -n "${RESULTS:-}" ]; then
        printf '%s\n' "$*" | tee -a "$RESULTS"
    else
        printf '%s\n' "$*"
    fi
}
say_if_busy() { # load1: the warning line of a machine that is not quiet (load average >= 0.5)
    if awk -v l="$1" 'BEGIN { exit !(l >= 0.5) }'; then
        say "           WARNING: load average $1 at start: the machine is not quiet; the numbers are unreliable"
    fi
}

bench_results_files() { # RESULTS=bench/results/NAME-DATE.txt and RAW=...-DATE.wrk.txt, both empty
    local stamp
    mkdir -p "$BENCH_ROOT/bench/results"
    stamp=$(date +%Y%m%d-%H%M%S)
    RESULTS=$BENCH_ROOT/bench/results/$NAME-$stamp.txt
    RAW=$BENCH_ROOT/bench/results/$NAME-$stamp.wrk.txt
    : >"$RESULTS"
    : >"$RAW"
}

masthead_bin() { # [--build] [file] -> the binary to measure; dies (with the build command) when missing
    local build=0 bin
    if [ "${1:-}" = --build ]; then
        build=1
        shift
    fi
    bin=${1:-}
    [ -n "$bin" ] || bin=$BENCH_ROOT/build/release/masthead
    if [ "$build" = 1 ] && [ "$bin" = "$BENCH_ROOT/build/release/masthead" ] && [ ! -x "$bin" ]; then
        log "$NAME: building the release binary (cmake --preset release && cmake --build --preset release)"
        (cd "$BENCH_ROOT" && cmake --preset release && cmake --build --preset release) >&2 ||
            die "the release build failed (see above); MASTHEAD_BIN=FILE measures an already built binary"
    fi
    [ -x "$bin" ] || die "no masthead binary at $bin; build it (cmake --preset release && cmake --build --preset release) or name one with MASTHEAD_BIN=FILE"
    if [ "$bin" = "$BENCH_ROOT/build/release/masthead" ] &&
        [ -n "$(cd "$BENCH_ROOT" && find src cmake CMakeLists.txt -newer "$bin" -print -quit 2>/dev/null)" ]; then
        log "$NAME: warning: $bin is older than the sources (cmake --build --preset release rebuilds it)"
    fi
    printf '%s\n' "$bin"
}

# ---------------------------------------------------------------- the temporary folder and the traps
# bench_init: makes WORK (a new folder in $TMPDIR, readable by nginx's workers, with www/ for the
# pages nginx serves and wrk/ for wrk's output) and installs the traps:
#   EXIT  stops every server and child the helpers started (bench_cleanup_servers). When the
#         run failed or was interrupted and RESULTS is set, appends "INCOMPLETE: the run
#         stopped early (exit status N)." to it (BENCH_INCOMPLETE, e.g. "; the numbers above
#         are partial", goes before the full stop). On a failure, prints the last
#         BENCH_TAIL_LINES (15) lines of each server's log and of the files of WORK the array
#         BENCH_TAIL names, and keeps WORK; otherwise removes it, unless KEEP_WORK=1;
#   INT, TERM  a message, then exit 130 / 143 (so the EXIT trap runs);
#   ERR   the line and command that failed.
# The messages go to the script's own stderr even when a trap runs inside a call whose stderr
# goes to a file.
BENCH_INCOMPLETE=""
BENCH_TAIL=()
BENCH_TAIL_LINES=15
BENCH_LOGS=() # the servers' logs, in WORK
bench_init() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/masthead-bench-$NAME.XXXXXX")
    chmod 755 "$WORK" # nginx workers started by root run as an unprivileged user and read www/
    mkdir -p "$WORK/www" "$WORK/tmp" "$WORK/wrk"
    exec {BENCH_STDERR}>&2
    trap bench_exit EXIT
    trap 'log "$NAME: interrupted; stopping the servers" 2>&"$BENCH_STDERR"; exit 130' INT
    trap 'log "$NAME: terminated; stopping the servers" 2>&"$BENCH_STDERR"; exit 143' TERM
    trap 'log "$NAME: FAILED: line $LINENO: $BASH_COMMAND"' ERR
    ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
}
bench_exit() {
    local rc=$? failed=0 f
    local -A tailed=()
    trap - EXIT INT TERM
    exec 2>&"$BENCH_STDERR"
    bench_cleanup_servers
    if [ "$rc" -ne 0 ] && [ -n "${RESULTS:-}" ] && [ -f "$RESULTS" ]; then
        printf '\nINCOMPLETE: the run stopped early (exit status %s)%s.\n' "$rc" "$BENCH_INCOMPLETE" >>"$RESULTS"
    fi
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 130 ] && [ "$rc" -ne 143 ]; then failed=1; fi
    if [ -n "${WORK:-}" ] && [ -d "$WORK" ]; then
        if [ "$failed" = 1 ]; then
            for f in "${BENCH_LOGS[@]}" "${BENCH_TAIL[@]}"; do
                [ -z "${tailed[$f]:-}" ] || continue
                tailed[$f]=1
                if [ -s "$WORK/$f" ]; then
                    log "--- last lines of $f:"
                    tail -n "$BENCH_TAIL_LINES" "$WORK/$f" >&2
                fi
            done
        fi
        if [ "${KEEP_WORK:-0}" = 1 ] || [ "$failed" = 1 ]; then
            log "$NAME: temporary files kept in $WORK"
        else
            rm -rf "$WORK"
        fi
    fi
    exit "$rc"
}

# ---------------------------------------------------------------- masthead serve
# masthead_config FILE ACCESS_LOG THREADS: a `masthead serve` configuration with server.access_log
# (a file, or '"off"') and server.threads; append other sections to FILE after it.
masthead_config() {
    printf 'server:\n  access_log: %s\n  threads: %s\n' "$2" "$3" >"$1"
}

# start_masthead NAME BIN DATA PORT CONFIG [more serve arguments...]
#   Starts `${SERVER_PIN[@]} BIN serve --listen 127.0.0.1:PORT --data DATA --config CONFIG ...`
#   with its output (stdout and stderr) in $WORK/NAME.log, and waits for its "masthead: serving
#   http://127.0.0.1:PORT/" line: START_TIMEOUT seconds at most (default 120), polling every
#   10 ms; dies if the server exits or the deadline passes (adding START_HINT to the message
#   when set). Sets STARTED_PID (the server's own PID: SERVER_PIN must exec it, as taskset does)
#   and STARTUP_S, the seconds from the launch to the moment the line was written: the output
#   goes through a FIFO to a reader that notes when the line arrives (then it is a plain `cat`),
#   so the figure does not depend on the polling.
start_masthead() {
    local name=$1 bin=$2 data=$3 port=$4 config=$5
    shift 5
    local log=$WORK/$name.log fifo=$WORK/$name.fifo at=$WORK/$name.serving-at
    local t0 deadline now line
    rm -f "$fifo" "$at" "$at.tmp"
    mkfifo "$fifo"
    (
        while IFS= read -r line; do
            printf '%s\n' "$line"
            if [[ $line == "masthead: serving "* ]]; then
                printf '%s\n' "$EPOCHREALTIME" >"$at.tmp"
                mv "$at.tmp" "$at"
                exec cat
            fi
        done
    ) <"$fifo" >"$log" 2>/dev/null &
    local reader=$!
    BENCH_READER_PIDS+=("$reader")
    BENCH_LOGS+=("$name.log")
    us_now t0
    "${SERVER_PIN[@]}" "$bin" serve --listen "127.0.0.1:$port" --data "$data" --config "$config" "$@" \
        >"$fifo" 2>&1 &
    STARTED_PID=$!
    BENCH_SERVER_NAME[$STARTED_PID]=$name
    BENCH_READER_OF[$STARTED_PID]=$reader
    deadline=$((t0 + ${START_TIMEOUT:-120} * 1000000))
    while [ ! -e "$at" ]; do
        if ! alive "$STARTED_PID"; then
            sleep 0.1 # let the reader copy the last lines
            die "$name exited while starting: $(tail -n 5 "$log" 2>/dev/null)${START_HINT:+
$START_HINT}"
        fi
        us_now now
        [ "$now" -lt "$deadline" ] || die "$name did not print \"masthead: serving\" within ${START_TIMEOUT:-120} s (log: $log)"
        sleep 0.01
    done
    grep -q "^masthead: serving http://127.0.0.1:$port/" "$log" ||
        die "$name is serving elsewhere than 127.0.0.1:$port: $(grep '^masthead: serving' "$log")"
    local at_s t0_s
    at_s=$(<"$at")
    t0_s=$(awk -v t="$t0" 'BEGIN { printf "%.6f", t / 1000000 }')
    # shellcheck disable=SC2034 # for the caller
    STARTUP_S=$(awk -v a="${at_s/,/.}" -v b="$t0_s" 'BEGIN { printf "%.3f", a - b }')
}

# ---------------------------------------------------------------- nginx, the yardstick
# start_nginx PORT WORKERS CHECK_PATH
#   Debian's nginx as a child of the script (`daemon off`, pinned with SERVER_PIN) serving
#   $WORK/www on 127.0.0.1:PORT, tuned as one would for static files in production:
#   WORKERS worker processes, keepalive with keepalive_requests 1000000, sendfile, tcp_nopush,
#   open_file_cache, etag, gzip_static (PATH.gz to clients that accept gzip), gzip_vary,
#   charset utf-8 and a buffered access log ($WORK/nginx-access.log). Its config
#   ($WORK/nginx.conf), pid, error log, output (nginx.out) and temp paths are in WORK. Waits
#   (10 s at most) for CHECK_PATH to answer 200. Sets STARTED_PID.
start_nginx() {
    local port=$1 workers=$2 check=$3 user="" i
    [ "$(id -u)" -ne 0 ] || user="user nobody nogroup;"
    cat >"$WORK/nginx.conf" <<EOF
# Written by bench/$NAME.sh (bench/lib.sh): a static file server tuned as one would for production.
$user
worker_processes $workers;
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
        listen 127.0.0.1:$port;
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
    STARTED_PID=$!
    BENCH_SERVER_NAME[$STARTED_PID]=nginx
    BENCH_LOGS+=(nginx.out nginx-error.log)
    for ((i = 0; i < 200; i++)); do
        alive "$STARTED_PID" || die "nginx exited while starting: $(tail -n 3 "$WORK/nginx-error.log" 2>/dev/null)"
        [ "$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$check" || true)" = 200 ] && return 0
        sleep 0.05
    done
    die "nginx did not answer 200 for $check within 10 s"
}

stop_server() { # pid: SIGTERM (masthead: a clean stop; nginx: a fast shutdown), then its log reader
    local pid=${1:-} reader i
    [ -n "$pid" ] || return 0
    reader=${BENCH_READER_OF[$pid]:-}
    unset "BENCH_SERVER_NAME[$pid]"
    stop_pid "$pid" TERM
    [ -n "$reader" ] || return 0
    for ((i = 0; i < 40; i++)); do
        alive "$reader" || break
        sleep 0.05
    done
    if alive "$reader"; then kill -TERM "$reader" 2>/dev/null || true; fi
    wait "$reader" 2>/dev/null || true
}

check_servers() { # [when]: dies if a server started and not stopped has exited
    local pid
    for pid in "${!BENCH_SERVER_NAME[@]}"; do
        alive "$pid" || die "${BENCH_SERVER_NAME[$pid]} (pid $pid) has exited${1:+ ($1)}"
    done
}

# run_child SECONDS COMMAND...: runs COMMAND under `timeout SECONDS` in the background and
# waits for it, so that a signal to the script is handled at once (a foreground command would
# delay the trap until it ends); bench_cleanup_servers stops it. Its status is COMMAND's (124:
# it ran out of time). Redirections on the call apply to COMMAND.
BENCH_CHILD=""
run_child() {
    local limit=$1 rc=0
    shift
    timeout "$limit" "$@" &
    BENCH_CHILD=$!
    wait "$BENCH_CHILD" || rc=$?
    BENCH_CHILD=""
    return "$rc"
}

bench_cleanup_servers() { # stop everything start_masthead / start_nginx / run_child started
    local p
    stop_pid "$BENCH_CHILD" TERM # timeout passes the signal on to its command
    for p in "${!BENCH_SERVER_NAME[@]}"; do stop_pid "$p" TERM; done
    for p in "${BENCH_READER_PIDS[@]}"; do
        if alive "$p"; then kill -TERM "$p" 2>/dev/null || true; fi
        wait "$p" 2>/dev/null || true
    done
}

# ---------------------------------------------------------------- wrk
# wrk_run LABEL URL DURATION [OPTIONS...] [-- SCRIPT ARGUMENTS...]
#   `${WRK_PIN[@]} wrk -t$WRK_T -c$WRK_C -dDURATION ${WRK_OPTS[@]} --latency OPTIONS URL ARGUMENTS`
#   under run_child, with DURATION + 30 s to finish. Its output goes to WRK_OUT (a new file in
#   $WORK/wrk) and, after a "=== LABEL: command" line, to RAW when it is set; parsed (parse_wrk)
#   into WRK_PARSED. Dies if wrk fails, overruns or prints what parse_wrk cannot read, or if a
#   server has exited before or after (check_servers).
BENCH_WRK_N=0
WRK_OUT=""
WRK_PARSED=""
wrk_run() {
    local label=$1 url=$2 dur=$3 opts=() rest=() cmd limit
    shift 3
    while [ $# -gt 0 ] && [ "$1" != -- ]; do
        opts+=("$1")
        shift
    done
    rest=("$@")
    BENCH_WRK_N=$((BENCH_WRK_N + 1))
    WRK_OUT=$WORK/wrk/$BENCH_WRK_N.txt
    cmd=("${WRK_PIN[@]}" wrk -t"$WRK_T" -c"$WRK_C" -d"$dur" "${WRK_OPTS[@]}" --latency "${opts[@]}" "$url" "${rest[@]}")
    limit=$(seconds_of "$dur" | awk '{ printf "%d", $1 + 31 }')
    check_servers "before: $label"
    if ! run_child "$limit" "${cmd[@]}" >"$WRK_OUT" 2>&1; then
        cat "$WRK_OUT" >&2
        die "wrk failed or overran its time ($label)"
    fi
    if [ -n "${RAW:-}" ]; then
        {
            echo "=== $label: ${cmd[*]}"
            cat "$WRK_OUT"
            echo
        } >>"$RAW"
    fi
    check_servers "during: $label"
    WRK_PARSED=$(parse_wrk "$WRK_OUT")
    [ "$WRK_PARSED" != parse-error ] || {
        cat "$WRK_OUT" >&2
        die "could not read wrk's output ($label)"
    }
}

# ---------------------------------------------------------------- pages
fetch() { # url plain|gzip body_file header_file [mh_session cookie] -> "status size_download size_header"
    local url=$1 enc=$2 body=$3 hdr=$4 cookie=${5:-} extra=()
    if [ "$enc" = gzip ]; then extra+=(-H 'Accept-Encoding: gzip'); fi
    if [ -n "$cookie" ]; then extra+=(-H "Cookie: mh_session=$cookie"); fi
    curl -sS --max-time 10 "${extra[@]}" -D "$hdr" -o "$body" \
        -w '%{http_code} %{size_download} %{size_header}\n' "$url" || true
}

header_value() { # header_file name -> value of the last such header (case-insensitive)
    awk -v n="$(printf '%s' "$2" | tr '[:upper:]' '[:lower:]')" -F': *' '
        { sub(/\r$/, "") } tolower($1) == n { v = substr($0, index($0, ":") + 1); sub(/^ +/, "", v) }
        END { print v }' "$1"
}

page_links() { # base path -> the site paths (not /static/) the page links to, sorted, once each
    curl -sS --max-time 10 "$1$2" | grep -o 'href="/[^"]*"' | sed 's/^href="//; s/"$//' |
        grep -v -e '^/static/' -e '^//' | sort -u || true
}

# article_pages BASE FILE: the demo articles' pages, linked from the home page and the section
# fronts (an article page has og:type "article"), as "bytes<TAB>article id<TAB>path" lines in
# FILE, the longest page (plain bytes) first; the id is empty when the page names none.
article_pages() {
    local base=$1 out=$2 home sections candidates p id page=$WORK/candidate.html
    home=$(page_links "$base" /)
    sections=$(grep -E '^/[^/]+$' <<<"$home" || true)
    candidates=$({
        printf '%s\n' "$home"
        for p in $sections; do page_links "$base" "$p"; done
    } | grep -E '^/[^/?#]+/[^?#]+$' | sort -u || true)
    : >"$out"
    for p in $candidates; do
        curl -sS --max-time 10 -o "$page" "$base$p" || continue
        grep -q '<meta property="og:type" content="article">' "$page" || continue
        id=$(grep -o -m 1 'data-article-id="[0-9]*"' "$page" | grep -o '[0-9]*' || true)
        printf '%s\t%s\t%s\n' "$(wc -c <"$page")" "$id" "$p" >>"$out"
    done
    rm -f "$page"
    sort -t$'\t' -k1,1nr -k3,3 -o "$out" "$out"
}

# warm_page URL: five gzip reads first: Masthead gzips a page made on a miss at the fastest level
# and again at the best once it has been read a few times (web/page_cache.h), and a page read
# often is the one measured.
warm_page() {
    local i
    for ((i = 0; i < 5; i++)); do
        curl -sS --max-time 10 -o /dev/null -H 'Accept-Encoding: gzip' "$1" || true
    done
}

# copy_page URL DEST: the bytes a server sends for URL, plain into DEST and with
# Accept-Encoding: gzip into DEST.gz, readable by nginx (the headers in $WORK/copy-plain.hdr and
# $WORK/copy-gzip.hdr).
# Dies unless both answer 200, the gzip one with Content-Encoding: gzip, decompressing to the
# plain one. Sets PAGE_PLAIN_BYTES and PAGE_GZIP_BYTES, the bodies' sizes.
copy_page() {
    local url=$1 dest=$2 code
    mkdir -p "$(dirname "$dest")"
    # shellcheck disable=SC2034 # for the caller
    read -r code PAGE_PLAIN_BYTES _ <<<"$(fetch "$url" plain "$dest" "$WORK/copy-plain.hdr")"
    [ "$code" = 200 ] || die "$url answered $code"
    # shellcheck disable=SC2034 # for the caller
    read -r code PAGE_GZIP_BYTES _ <<<"$(fetch "$url" gzip "$dest.gz" "$WORK/copy-gzip.hdr")"
    [ "$code" = 200 ] || die "$url answered $code with Accept-Encoding: gzip"
    [ "$(header_value "$WORK/copy-gzip.hdr" Content-Encoding)" = gzip ] ||
        die "$url was not gzipped for Accept-Encoding: gzip"
    gzip -dc "$dest.gz" | cmp -s - "$dest" || die "the gzip body of $url does not decompress to its plain body"
    chmod -R a+rX "$WORK/www"
}
