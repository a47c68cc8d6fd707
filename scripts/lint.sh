#!/usr/bin/env bash
# clang-tidy 19 with the repository's .clang-tidy over every translation unit of ours that the
# dev build compiles (src/, tests/, fuzz/; not the embedded-asset sources CMake generates),
# in parallel. Prints each finding once (a header's findings come from every file including
# it), then the count by check; exits 1 if there is any finding or clang-tidy failed.
#   scripts/lint.sh                every file
#   scripts/lint.sh REGEX          only the files whose path matches REGEX
#   scripts/lint.sh --skip REGEX   every file except those whose path matches REGEX
# A path is the file's in the repository (src/http/server.cpp); REGEX is a Python regular
# expression, searched in it ('src/(http|comments)/', '^src/app/'). Both may be given.
# LINT_JOBS sets how many clang-tidy processes run at once (default: nproc).
# LINT_CONFIGURED=1 skips configuring the dev preset, for a caller that just did (make test).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tidy=clang-tidy-19
build=build/dev
jobs=${LINT_JOBS:-$(nproc)}
skip=
if [ "${1:-}" = --skip ]; then
    skip=${2:?"usage: $0 [--skip REGEX] [REGEX]"}
    shift 2
fi
only=${1:-}

if ! command -v "$tidy" >/dev/null; then
    echo "lint: $tidy is missing; bash scripts/setup.sh lint installs it" >&2
    exit 2
fi

# compile_commands.json comes with configuring (the presets export it); configuring again takes
# a second or two and picks up files added since. Nothing needs building first: the only
# generated files are the embedded assets, .cpp files that no source of ours includes.
if [ "${LINT_CONFIGURED:-0}" != 1 ]; then
    cmake --preset dev >/dev/null
fi

mapfile -t files < <(python3 - "$build/compile_commands.json" "$root" "$only" "$skip" <<'EOF'
import json, re, sys
database, root, only, skip = sys.argv[1], sys.argv[2] + "/", sys.argv[3], sys.argv[4]
files = {entry["file"] for entry in json.load(open(database))}
for f in sorted(files):
    path = f[len(root):] if f.startswith(root) else None
    ours = path is not None and path.split("/")[0] in ("src", "tests", "fuzz")
    if ours and re.search(only, path) and not (skip and re.search(skip, path)):
        print(f)
EOF
)
if [ "${#files[@]}" -eq 0 ]; then
    echo "lint: no file matches '$only'${skip:+ less '$skip'}" >&2
    exit 2
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "lint: $tidy on ${#files[@]} files${skip:+ (not those matching '$skip')}, $jobs at a time"
start=$SECONDS
# One output file per translation unit; a failure of clang-tidy itself (a compile error, say)
# leaves its exit status in NAME.rc, whose stderr is kept.
export tidy build out root
printf '%s\n' "${files[@]}" | xargs -P "$jobs" -I{} bash -c '
    f=$1; name=${f//\//_}
    "$tidy" -p "$build" --quiet --use-color=false "$f" >"$out/$name.out" 2>"$out/$name.err" \
        || echo $? >"$out/$name.rc"
    echo "  ${f#"$root"/}"' lint {}

# Each diagnostic begins with "FILE:LINE:COL: warning|error: ... [check]"; its notes and
# source lines follow. Keep the first copy of each.
cat "$out"/*.out | awk '
    /^[^ ].*:[0-9]+:[0-9]+: (warning|error): .*\]$/ { keep = !($0 in seen); seen[$0] = 1 }
    keep' >"$out/findings"
count=$(grep -cE '^[^ ].*:[0-9]+:[0-9]+: (warning|error): .*\]$' "$out/findings" || true)
failed=$(find "$out" -name '*.rc' | wc -l)

cat "$out/findings"
# What clang-tidy said besides its findings, less its "N warnings generated" counts.
cat "$out"/*.err | grep -vE '^([0-9]+ warnings?( and [0-9]+ errors?)? generated\.|[0-9]+ warnings? treated as errors|Suppressed [0-9]+ warnings|Use -header-filter=|Error while processing|Found compiler errors?)' || true

# The CPU time of what this script ran (nearly all of it clang-tidy), user and system.
times >"$out/times"
cpu=$(tail -1 "$out/times" | awk '{ for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] }
    printf "%d", s }')
echo "lint: $count findings in ${#files[@]} files ($((SECONDS - start)) s, $cpu s of CPU)"
if [ "$count" -gt 0 ]; then
    grep -oE '\[[a-z0-9.,-]+\]$' "$out/findings" | sed 's/,-warnings-as-errors//' | sort | uniq -c \
        | sort -rn
fi
if [ "$count" -gt 0 ] || [ "$failed" -gt 0 ]; then
    [ "$failed" -gt 0 ] && echo "lint: clang-tidy failed on $failed files" >&2
    exit 1
fi
