#!/usr/bin/env bash
# What `make test` runs after setup: builds the dev preset (ASan + UBSan) and runs every test
# through ctest, then the concurrent popularity tests again under ThreadSanitizer; and beside
# the tests, clang-tidy (scripts/lint.sh) over every file of ours except those whose path
# matches LINT_SKIP (the Makefile's: the modules that still have findings; empty: none).
#   scripts/test.sh [LINT_SKIP]
# Lint runs at the lowest CPU priority, so it takes only the time the tests leave idle and
# cannot slow one into a timeout. Its output goes to build/dev/lint.log and is printed at the
# end. Exits 1 if a test failed or lint found anything, or as soon as a build fails.
set -euo pipefail
cd "$(dirname "$0")/.."
skip=${1-}

cmake --preset dev
cmake --build --preset dev

# In a process group of its own (job control on while it starts), so that it can be stopped as
# a whole, clang-tidy processes and all, when this script ends early (Ctrl-C, a build that
# fails). Not in a session of its own: the kernel shares CPU between sessions first
# (autogroups), which would make its nice level count for nothing against the tests.
set -m
LINT_CONFIGURED=1 nice -n 19 bash scripts/lint.sh ${skip:+--skip "$skip"} >build/dev/lint.log 2>&1 &
lint=$!
set +m
trap 'kill -- -"$lint" 2>/dev/null || true' EXIT

tests=0
ctest --preset dev || tests=$?
if [ "$tests" -eq 0 ]; then
    # the concurrent popularity tests again, under ThreadSanitizer
    cmake --preset tsan
    cmake --build --preset tsan --target popularity_test
    ctest --preset tsan || tests=$?
fi

echo "test: waiting for lint (build/dev/lint.log)"
start=$SECONDS
linted=0
wait "$lint" || linted=$?
trap - EXIT
cat build/dev/lint.log
echo "test: lint finished $((SECONDS - start)) s after the tests"
if [ "$tests" -ne 0 ]; then
    echo "test: tests failed" >&2
fi
if [ "$linted" -ne 0 ]; then
    echo "test: lint failed (scripts/lint.sh${skip:+ --skip '$skip'})" >&2
fi
[ "$tests" -eq 0 ] && [ "$linted" -eq 0 ]
