# bench/lib.sh: helpers shared by the benchmark scripts. Source it, do not run it:
#
#   NAME=archive                      # names the script in messages
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# What it gives (each function says more where it is defined):
#   log, die                  messages to stderr; die exits 1 ("NAME: FAILED: ...")
#   whole, is_duration, seconds_of   checks of settings: 3, 10s/1m, "1.5m" -> 90
#   us_now VAR                microseconds since the epoch into VAR, without a subshell
#   ms_between A B            milliseconds from one us_now reading to another (3 decimals)
#   port_in_use, free_port    a free 127.0.0.1 port from a starting number upward
#   alive, stop_pid           is a PID running; stop one (TERM, then KILL after 10 s)
#   rss_mb PID                VmRSS of a process in MB (MiB), from /proc/PID/status
#   median                    the median of the numbers on stdin
#   parse_wrk FILE            "req/s p50_ms p99_ms non2xx socket_errors requests" of wrk --latency
#   table_row A B ...         one Markdown table row: | A | B | ... |
#   machine_summary           one line: cores, CPU model, kernel, load average
#   masthead_bin [FILE]       the binary to measure: FILE, else build/release/masthead (never builds)
#   start_masthead ...        `masthead serve` on 127.0.0.1, waiting (with a deadline) for its
#                             "masthead: serving" line; the time it took in STARTUP_S
#   stop_masthead PID         stops a server started by start_masthead, and its log reader
#   run_child SECONDS CMD...  a command under `timeout`, in the background, waited for (signals
#                             reach the script at once)
#   bench_cleanup_servers     stops every server and child these helpers started (call it from
#                             an EXIT trap)
#
# The helpers use: NAME (messages), WORK (a folder for logs, FIFOs and configs) and the array
# SERVER_PIN (a command prefix for the servers, e.g. (taskset -c 0); empty by default).
# Everything listens on 127.0.0.1 only.

# shellcheck shell=bash

: "${NAME:=bench}"
SERVER_PIN=("${SERVER_PIN[@]}")
BENCH_SERVER_PIDS=()   # servers started by start_masthead
BENCH_READER_PIDS=()   # the processes copying their output to the logs
declare -A BENCH_READER_OF=() # server PID -> its reader's PID

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

parse_wrk() { # wrk --latency output file -> "rps p50_ms p99_ms non2xx socket_errors requests"
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

table_row() { # cells... -> "| a | b | c |"
    local out="|" c
    for c in "$@"; do out+=" $c |"; done
    printf '%s\n' "$out"
}

machine_summary() {
    local cpu
    cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
    printf '%s cores (nproc), %s, Linux %s, load average %s\n' "$(nproc)" "${cpu:-unknown CPU}" \
        "$(uname -r)" "$(cut -d' ' -f1-3 /proc/loadavg)"
}

masthead_bin() { # [file] -> the binary to measure; dies (with the build command) when missing
    local root bin=${1:-}
    root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    [ -n "$bin" ] || bin=$root/build/release/masthead
    [ -x "$bin" ] || die "no masthead binary at $bin; build it (cmake --preset release && cmake --build --preset release) or name one with BIN=FILE"
    if [ "$bin" = "$root/build/release/masthead" ] &&
        [ -n "$(cd "$root" && find src cmake CMakeLists.txt -newer "$bin" -print -quit 2>/dev/null)" ]; then
        log "$NAME: warning: $bin is older than the sources"
    fi
    printf '%s\n' "$bin"
}

# ---------------------------------------------------------------- masthead serve
# start_masthead NAME BIN DATA PORT CONFIG [more serve arguments...]
#   Starts `${SERVER_PIN[@]} BIN serve --listen 127.0.0.1:PORT --data DATA --config CONFIG ...`
#   with its output (stdout and stderr) in $WORK/NAME.log, and waits for its "masthead: serving
#   http://127.0.0.1:PORT/" line: START_TIMEOUT seconds at most (default 120), polling every
#   10 ms; dies if the server exits or the deadline passes. Sets STARTED_PID (the server's own
#   PID: SERVER_PIN must exec it, as taskset does) and STARTUP_S, the seconds from the launch to
#   the moment the line was written: the output goes through a FIFO to a reader that notes when
#   the line arrives (then it is a plain `cat`), so the figure does not depend on the polling.
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
    us_now t0
    "${SERVER_PIN[@]}" "$bin" serve --listen "127.0.0.1:$port" --data "$data" --config "$config" "$@" \
        >"$fifo" 2>&1 &
    STARTED_PID=$!
    BENCH_SERVER_PIDS+=("$STARTED_PID")
    BENCH_READER_OF[$STARTED_PID]=$reader
    deadline=$((t0 + ${START_TIMEOUT:-120} * 1000000))
    while [ ! -e "$at" ]; do
        if ! alive "$STARTED_PID"; then
            sleep 0.1 # let the reader copy the last lines
            die "$name exited while starting: $(tail -n 5 "$log" 2>/dev/null)"
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

stop_masthead() { # pid: SIGTERM (a clean stop), then wait (2 s at most) for its log reader
    local pid=$1 reader=${BENCH_READER_OF[$1]:-} i
    stop_pid "$pid" TERM
    [ -n "$reader" ] || return 0
    for ((i = 0; i < 40; i++)); do
        alive "$reader" || break
        sleep 0.05
    done
    if alive "$reader"; then kill -TERM "$reader" 2>/dev/null || true; fi
    wait "$reader" 2>/dev/null || true
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

bench_cleanup_servers() { # stop everything start_masthead / run_child started
    local p
    stop_pid "$BENCH_CHILD" TERM # timeout passes the signal on to its command
    for p in "${BENCH_SERVER_PIDS[@]}"; do stop_pid "$p" TERM; done
    for p in "${BENCH_READER_PIDS[@]}"; do
        if alive "$p"; then kill -TERM "$p" 2>/dev/null || true; fi
        wait "$p" 2>/dev/null || true
    done
}
