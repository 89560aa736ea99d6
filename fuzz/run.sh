#!/usr/bin/env bash
# Builds MetaLab's libFuzzer targets and fuzzes each one in turn.
#
#   fuzz/run.sh [SECONDS] [TARGET...]
#
# SECONDS per target (default 30, the CI smoke run; 600 for a long run; 0 only builds).
# TARGETs default to all: lesson command latex png omniglot safetensors idx runs folders.
#
# Each target starts from its committed seeds (fuzz/seeds/TARGET) copied into the working
# corpus (fuzz/corpus-work/TARGET, not committed), with its dictionary (fuzz/dict/TARGET.dict).
# Crashes, hangs (> 10 s), leaks and out-of-memory inputs (> 2 GB in all, or one allocation
# > 512 MB) are written to
# fuzz/corpus-work/crashes/TARGET/; the script then exits 1 and prints their paths.
# Reproduce one with:  .build-fuzz/bin/TARGET PATH
#
# Fuzzers run niced, one at a time, in a single process; the build compiles one module at a
# time. Environment: SWIFTC (compiler, default swiftc on PATH or /opt/swift), FUZZ_BUILD
# (build folder, default .build-fuzz), FUZZ_FLAGS (extra libFuzzer flags).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
SECONDS_PER_TARGET=${1:-30}
shift || true
ALL_TARGETS=(lesson command latex png omniglot safetensors idx runs folders)
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=("${ALL_TARGETS[@]}")

if [ -z "${SWIFTC:-}" ]; then
    if command -v swiftc >/dev/null 2>&1; then SWIFTC=swiftc; else SWIFTC=/opt/swift/usr/bin/swiftc; fi
fi
B=${FUZZ_BUILD:-$ROOT/.build-fuzz}
WORK=$ROOT/fuzz/corpus-work
mkdir -p "$B/modules" "$B/objects" "$B/bin" "$WORK"

# Where libpng's headers are (the CPNG shim includes <png.h>).
PNG_CFLAGS=$(pkg-config --cflags libpng 2>/dev/null || echo "-I/usr/include/libpng16")
CFLAGS=()
for flag in $PNG_CFLAGS; do CFLAGS+=(-Xcc "$flag"); done
COMMON=(-swift-version 6 -parse-as-library -O -g -sanitize=fuzzer,address -I "$B/modules"
        -I Sources/CPNG -I Sources/CZlib -I "$B/modules/CKernels" "${CFLAGS[@]}")
# CKernels (C kernels MetaTensor imports): a module map for its header; built by build_module.
mkdir -p "$B/modules/CKernels"
printf 'module CKernels {\n    header "%s/Sources/CKernels/include/CKernels.h"\n    export *\n}\n' "$ROOT" \
    > "$B/modules/CKernels/module.modulemap"
CLANG=${CLANG:-$(dirname "$(command -v "$SWIFTC")")/clang}
[ -x "$CLANG" ] || CLANG=clang

# Modules each target needs, in build order.
modules_for() {
    case $1 in
        lesson|command|latex) echo MetaLesson ;;
        png|omniglot|idx|runs|folders) echo MetaFiles CKernels MetaTensor MetaData ;;
        safetensors) echo MetaFiles CKernels MetaTensor MetaNN ;;
        *) echo "unknown target $1 (expected one of: ${ALL_TARGETS[*]})" >&2; exit 2 ;;
    esac
}

max_len_for() {
    case $1 in
        png|omniglot|runs|folders) echo 1048576 ;;
        safetensors|idx) echo 262144 ;;
        *) echo 65536 ;;
    esac
}

# Compiles Sources/MODULE into one object and its .swiftmodule, unless the object is newer
# than every source file of the module and than the objects of the modules it imports.
build_module() {
    local module=$1 object="$B/objects/$1.o" deps=()
    if [ "$module" = CKernels ]; then
        if [ -f "$object" ] && [ -z "$(find Sources/CKernels -newer "$object")" ]; then return; fi
        echo "== building module CKernels"
        local parts=() source
        for source in Sources/CKernels/*.c; do
            nice -n 19 "$CLANG" -O2 -g -march=native -fsanitize=address -I Sources/CKernels/include \
                -c "$source" -o "$B/objects/CKernels-$(basename "$source" .c).o"
            parts+=("$B/objects/CKernels-$(basename "$source" .c).o")
        done
        ld -r "${parts[@]}" -o "$object"
        return
    fi
    case $module in
        MetaTensor) deps=("$B/objects/CKernels.o") ;;
        MetaData) deps=("$B/objects/MetaFiles.o" "$B/objects/MetaTensor.o" Sources/CPNG Sources/CZlib) ;;
        MetaNN) deps=("$B/objects/MetaFiles.o" "$B/objects/MetaTensor.o") ;;
    esac
    local sources
    sources=$(find "Sources/$module" -name '*.swift' | LC_ALL=C sort)
    if [ -f "$object" ] && [ -f "$B/modules/$module.swiftmodule" ] \
        && [ -z "$(find "Sources/$module" "${deps[@]}" -newer "$object" 2>/dev/null)" ]; then
        return
    fi
    echo "== building module $module"
    # shellcheck disable=SC2086
    nice -n 19 "$SWIFTC" "${COMMON[@]}" -wmo -num-threads 0 -module-name "$module" \
        -emit-module -emit-module-path "$B/modules/$module.swiftmodule" \
        -c $sources -o "$object"
}

build_target() {
    local target=$1 binary="$B/bin/$1" objects=()
    for module in $(modules_for "$target"); do
        build_module "$module"
        objects+=("$B/objects/$module.o")
    done
    local newest
    newest=$(ls -t "fuzz/harness/$target.swift" "${objects[@]}" | head -1)
    if [ -x "$binary" ] && [ "$binary" -nt "$newest" ]; then return; fi
    echo "== linking $target"
    nice -n 19 "$SWIFTC" "${COMMON[@]}" "fuzz/harness/$target.swift" "${objects[@]}" \
        -lpng16 -lz -o "$binary" 2> >(grep -v 'Cannot export local symbol' >&2)
}

for target in "${TARGETS[@]}"; do build_target "$target"; done
[ "$SECONDS_PER_TARGET" -gt 0 ] || { echo "built: ${TARGETS[*]} in $B/bin"; exit 0; }

# Runs ARGS... as the fuzzer of $target, niced, with the sanitizer settings.
run_fuzzer() {
    # The Swift runtime's own crash reporter would hold a crashing process up; libFuzzer and
    # AddressSanitizer report instead.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:handle_sigill=1} \
        LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$ROOT/fuzz/lsan.supp:print_suppressions=0} \
        nice -n 19 "$B/bin/$target" "$@"
}

# libFuzzer's -timeout is wall-clock time: a niced fuzzer starved of CPU by other work can be
# "working on a unit" for longer than the timeout although the unit is quick. A timeout (or
# slow unit) counts only if the input, replayed alone, is still too slow; otherwise it is
# moved to crashes/TARGET/unconfirmed/ and fuzzing resumes for the time left.
confirmed_timeout() {
    local input=$1 attempt
    for attempt in 1 2 3; do
        run_fuzzer -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 "$input" >/dev/null 2>&1 && return 1
    done
    return 0
}

failed=()
summary=()
for target in "${TARGETS[@]}"; do
    corpus="$WORK/$target" crashes="$WORK/crashes/$target" log="$WORK/$target.log"
    mkdir -p "$corpus" "$crashes"
    touch "$crashes/.run-started"
    cp -n fuzz/seeds/"$target"/* "$corpus"/ 2>/dev/null || true
    dict=()
    [ -f "fuzz/dict/$target.dict" ] && dict=(-dict="fuzz/dict/$target.dict")
    echo "== fuzzing $target for ${SECONDS_PER_TARGET}s (log: $log)"
    started=$(date +%s)
    deadline=$((started + SECONDS_PER_TARGET))
    : >"$log"
    runs=0 status=0 restarts=0
    while :; do
        remaining=$((deadline - $(date +%s)))
        [ "$remaining" -gt 0 ] || break
        touch "$crashes/.segment-started"
        status=0
        # shellcheck disable=SC2086
        run_fuzzer "$corpus" "${dict[@]}" \
            -max_total_time="$remaining" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512 \
            -max_len="$(max_len_for "$target")" -workers=0 -jobs=0 -print_final_stats=1 \
            -artifact_prefix="$crashes/" ${FUZZ_FLAGS:-} >>"$log" 2>&1 || status=$?
        segment_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        runs=$((runs + ${segment_runs:-0}))
        echo "stat::number_of_executed_units: 0" >>"$log"   # so a segment without stats adds 0
        [ "$status" -ne 0 ] || break
        new=$(find "$crashes" -maxdepth 1 -type f -newer "$crashes/.segment-started" ! -name '.*')
        stalls=$(echo "$new" | grep -E '/(timeout|slow-unit)-' || true)
        others=$(echo "$new" | grep -vE '/(timeout|slow-unit)-' | grep . || true)
        [ -z "$others" ] && [ -n "$stalls" ] || break
        real=0
        for input in $stalls; do
            if confirmed_timeout "$input"; then real=1; else
                mkdir -p "$crashes/unconfirmed"
                mv "$input" "$crashes/unconfirmed/"
                echo "   $(basename "$input"): replays within the timeout (fuzzer starved of CPU); resuming"
            fi
        done
        [ "$real" -eq 0 ] || break
        status=0
        restarts=$((restarts + 1))
    done
    elapsed=$(( $(date +%s) - started ))
    speed=$(( runs / (elapsed > 0 ? elapsed : 1) ))
    corp=$(grep -o 'corp: [0-9]*/[0-9a-zA-Z]*' "$log" | tail -1 | cut -d' ' -f2)
    line="$target: ${elapsed}s, ${runs} runs, ${speed} exec/s, corpus ${corp:-?}"
    [ "$restarts" -eq 0 ] || line="$line, resumed ${restarts}x after unconfirmed timeouts"
    if [ "$status" -ne 0 ]; then
        line="$line, FAILED (exit $status)"
        failed+=("$target")
        grep -E '^(==[0-9]+==ERROR|SUMMARY|Fatal error|.*Test unit written to)' "$log" | tail -8 || true
    fi
    echo "$line"
    summary+=("$line")
    echo "$(date -u +%FT%TZ) $line" >>"$WORK/results.txt"
done

echo "== summary"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
    echo "crashing inputs:"
    for target in "${failed[@]}"; do
        found=$(find "$WORK/crashes/$target" -maxdepth 1 -type f ! -name '.*' -newer "$WORK/crashes/$target/.run-started")
        if [ -n "$found" ]; then echo "$found" | sed 's/^/  /'; else echo "  (none written for $target; see $WORK/$target.log)"; fi
    done
    exit 1
fi
