# The two commands of the README:
#   make run   - set up, build (release) and start the site on http://127.0.0.1:8080
#   make test  - set up, build (dev: ASan + UBSan), run every test through ctest, and lint
SHELL := /bin/bash
LISTEN ?= 127.0.0.1:8080
DATA ?= var

# The files `make test` does not lint yet: the modules that still have clang-tidy findings
# (a regular expression on the path, as scripts/lint.sh --skip takes it). Every other file of
# ours is linted, a new module's too. The commit that clears a module's last finding takes it
# out of here; `make lint` always lints every file.
LINT_SKIP :=

.PHONY: run test setup build release format lint bench fuzz clean

run: release
	./build/release/masthead serve --listen $(LISTEN) --data $(DATA) --demo

# Builds the dev preset, runs ctest and the ThreadSanitizer tests, and lints every file but
# LINT_SKIP beside them (scripts/test.sh).
test: setup
	bash scripts/test.sh '$(LINT_SKIP)'

setup:
	bash scripts/setup.sh all

release:
	bash scripts/setup.sh build
	cmake --preset release
	cmake --build --preset release

build:
	bash scripts/setup.sh build
	cmake --preset dev
	cmake --build --preset dev

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format-15 -i

# clang-tidy 19 with .clang-tidy over every file of ours in the dev build (scripts/lint.sh);
# `make test` lints all but LINT_SKIP.
lint:
	bash scripts/setup.sh lint
	bash scripts/lint.sh

bench: release
	bash bench/article_vs_nginx.sh

# Searches for crashing inputs for FUZZ_SECONDS per target. New inputs go to
# build/fuzz/corpus/NAME; the seeds in fuzz/corpus/NAME are what ctest replays.
FUZZ_SECONDS ?= 60
fuzz:
	bash scripts/setup.sh fuzz
	cmake --preset fuzz
	cmake --build --preset fuzz
	for t in article_file markdown request dictionary glossary; do \
	  mkdir -p build/fuzz/corpus/$$t; \
	  ./build/fuzz/fuzz/$${t}_fuzz -max_total_time=$(FUZZ_SECONDS) build/fuzz/corpus/$$t fuzz/corpus/$$t \
	    || exit 1; done

clean:
	rm -rf build
