#!/usr/bin/env bash
# Installs everything Masthead needs to build, run, test and benchmark on Debian 12.
# Idempotent: packages already present are skipped; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

build_pkgs=(
  build-essential cmake ninja-build pkg-config clang-format-15
  libboost1.81-dev libboost-url1.81-dev libsqlite3-dev sqlite3 zlib1g-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev nlohmann-json3-dev
  # libyaml (front matter and the configuration), libdeflate (gzip of whole pages), xxhash
  # (ETags and asset names), mimalloc (the release binary's allocator)
  libyaml-dev libdeflate-dev libxxhash-dev libmimalloc-dev
  libkainjow-mustache-dev libhowardhinnant-date-dev tzdata libsodium-dev libgtest-dev libgmock-dev
  # comments and reader login (issue 3): ICU (grapheme counting, normalisation, word lists),
  # libcurl (token and profile calls to login providers), OpenSSL (id_token signatures)
  libicu-dev libcurl4-openssl-dev libssl-dev
  # dictionary data read by the site (issue 4): WordNet 3.0 and GCIDE in dictd format, and
  # WordNet's exception lists for the lemmatizer
  dict-wn dict-gcide wordnet-base
)
test_pkgs=(
  dictd dict dictzip
  chromium poppler-utils fonts-noto-cjk fonts-noto-color-emoji curl
)
bench_pkgs=(wrk nginx-light bc)
fuzz_pkgs=(clang-19 libclang-rt-19-dev)  # clang 19: the first whose concepts level enables libstdc++ 12's <expected>
lint_pkgs=(clang-tidy-19)  # `make lint`, `make test`; clang-tidy 14, Debian's default, refuses -std=c++23

want=("${build_pkgs[@]}")
case "${1:-all}" in
  build) ;;
  all) want+=("${test_pkgs[@]}" "${bench_pkgs[@]}" "${lint_pkgs[@]}") ;;
  fuzz) want+=("${fuzz_pkgs[@]}") ;;
  lint) want+=("${lint_pkgs[@]}") ;;
  *) echo "usage: $0 [build|all|fuzz|lint]" >&2; exit 2 ;;
esac

# The machine image ships Node.js (with npm) from its own repack; Debian's npm would conflict.
if [ "${1:-all}" = all ] && ! command -v npm >/dev/null; then
  want+=(nodejs npm)
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
fi

# Test tooling from npm, pinned by tests/browser/package-lock.json; installed again whenever
# the lock file changes (a stamp in node_modules remembers which one was installed).
lock=tests/browser/package-lock.json
stamp=tests/browser/node_modules/.masthead-installed-lock
if [ "${1:-all}" = all ] && [ -f "$lock" ] && ! cmp -s "$lock" "$stamp"; then
  echo "setup: installing test tooling (npm ci in tests/browser)"
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
  cp "$lock" "$stamp"
fi
