#!/usr/bin/env bash
# Inside the dev root: configure, build and run ctest for the normal and sanitizer builds.
# Extra arguments go to ctest (e.g. -R compositor.input).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
jobs=$(nproc)

build_and_test() {  # $1 = build dir, rest = cmake options
    local dir=$1; shift
    echo "== configure $dir"
    cmake -S . -B "$dir" -G Ninja "$@" >/dev/null
    echo "== build $dir"
    cmake --build "$dir" -j "$jobs"
    echo "== test $dir"
    ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 300 "${ctest_args[@]}"
}

ctest_args=("$@")
build_and_test build -DCMAKE_BUILD_TYPE=RelWithDebInfo
if [ -z "${WRD_SKIP_SANITIZE:-}" ]; then
    # Leaks inside system libraries at exit are theirs, not ours: see tests/lsan.supp.
    export ASAN_OPTIONS="abort_on_error=0:detect_leaks=1"
    export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    build_and_test build-asan -DCMAKE_BUILD_TYPE=Debug -DWRD_SANITIZE=ON
fi
