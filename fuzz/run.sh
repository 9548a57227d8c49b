#!/usr/bin/env bash
# npm run fuzz: builds the libFuzzer targets (clang, -fsanitize=fuzzer,address,
# undefined) against binding/core into build-fuzz/bin/, replays fuzz/regressions/
# (inputs that once crashed), then fuzzes each target for FUZZ_SECONDS.
#
#   FUZZ_SECONDS=60        seconds per target (default 60)
#   FUZZ_TARGETS="corpus"  which targets (default: all four)
#   FUZZ_PARALLEL=2        targets fuzzed at once (default 1)
#   FUZZ_CXX=clang++-14    the compiler (default clang++)
#
# New interesting inputs accumulate in build-fuzz/corpus/<target>/, crashes
# in build-fuzz/artifacts/<target>/. Exits non-zero if any target crashed.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_EACH="${FUZZ_SECONDS:-60}"
PARALLEL="${FUZZ_PARALLEL:-1}"
CXX="${FUZZ_CXX:-clang++}"
ALL_TARGETS="vectors_text vectors_binary checkpoint corpus"
read -r -a TARGETS <<<"${FUZZ_TARGETS:-$ALL_TARGETS}"
OUT=build-fuzz

if ! command -v "$CXX" >/dev/null; then
  echo "fuzz: $CXX not found; install clang (apt-get install clang libclang-rt-14-dev)" >&2
  exit 1
fi

# HOGVEC_IO_BUFFER_BYTES: the loaders read through 37-byte chunks (1 MiB in the
# addon), so that small inputs cross chunk boundaries, and at odd offsets.
COMMON=(-std=c++17 -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
  -DHOGVEC_IO_BUFFER_BYTES=37 -Ibinding/core -Ifuzz)
mkdir -p "$OUT/obj" "$OUT/bin"

# True if the object is missing or older than its source or any header it used.
stale() {
  local obj="$1" src="$2" dep="${1%.o}.d"
  [ -f "$obj" ] && [ -f "$dep" ] || return 0
  [ "$src" -nt "$obj" ] && return 0
  local f
  for f in $(sed -e 's/^[^:]*://' -e 's/\\$//' "$dep"); do
    [ "$f" -nt "$obj" ] && return 0
  done
  return 1
}

compile() {  # compile <source> <object> <instrumentation>
  echo "fuzz: compiling $1"
  "$CXX" "${COMMON[@]}" "$3" -MMD -MF "${2%.o}.d" -c "$1" -o "$2"
}

echo "fuzz: building with $("$CXX" --version | head -1)"
core_objects=()
pids=()
for src in binding/core/*.cpp; do
  obj="$OUT/obj/core-$(basename "${src%.cpp}").o"
  core_objects+=("$obj")
  if stale "$obj" "$src"; then
    compile "$src" "$obj" -fsanitize=fuzzer-no-link &
    pids+=($!)
    if [ "${#pids[@]}" -ge 2 ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
  fi
done
for pid in "${pids[@]}"; do wait "$pid"; done

for target in "${TARGETS[@]}"; do
  src="fuzz/$target.cpp"
  obj="$OUT/obj/target-$target.o"
  if [ ! -f "$src" ]; then
    echo "fuzz: unknown target '$target' (targets: $ALL_TARGETS)" >&2
    exit 1
  fi
  if stale "$obj" "$src"; then compile "$src" "$obj" -fsanitize=fuzzer-no-link; fi
  relink=0
  [ -f "$OUT/bin/$target" ] || relink=1
  for o in "$obj" "${core_objects[@]}"; do [ "$o" -nt "$OUT/bin/$target" ] && relink=1; done
  if [ "$relink" = 1 ]; then
    echo "fuzz: linking $OUT/bin/$target"
    "$CXX" "${COMMON[@]}" -fsanitize=fuzzer "$obj" "${core_objects[@]}" -pthread -o "$OUT/bin/$target"
  fi
done

# Round-trip saves go to tmpfs where there is one (fsync is free there).
scratch_base=/tmp
[ -d /dev/shm ] && [ -w /dev/shm ] && scratch_base=/dev/shm
scratch="$(mktemp -d "$scratch_base/hogvec-fuzz-XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

# Inputs that once crashed must keep passing (libFuzzer runs each file once).
for target in "${TARGETS[@]}"; do
  dir="fuzz/regressions/$target"
  if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
    echo "fuzz: replaying $dir"
    HOGVEC_FUZZ_SCRATCH="$scratch/$target" "$OUT/bin/$target" -runs=1 "$dir"/* >"$OUT/$target-regressions.log" 2>&1 || {
      cat "$OUT/$target-regressions.log" >&2
      echo "fuzz: $target fails on a regression input in $dir" >&2
      echo "0 passed, 1 failed"
      exit 1
    }
  fi
done

run_target() {
  local target="$1"
  mkdir -p "$OUT/corpus/$target" "$OUT/artifacts/$target"
  export HOGVEC_FUZZ_SCRATCH="$scratch/$target"
  # -max_len 8192 lets the tokenizer see tokens longer than kMaxTokenBytes (1024).
  "$OUT/bin/$target" -max_total_time="$SECONDS_EACH" -timeout=30 -rss_limit_mb=2048 -max_len=8192 \
    -print_final_stats=1 -artifact_prefix="$OUT/artifacts/$target/" \
    "$OUT/corpus/$target" "fuzz/seeds/$target" >"$OUT/$target.log" 2>&1
}

echo "fuzz: running ${TARGETS[*]} for ${SECONDS_EACH}s each, $PARALLEL at a time (logs in $OUT/<target>.log)"
declare -A status
running=()
for target in "${TARGETS[@]}"; do
  run_target "$target" &
  running+=("$!:$target")
  if [ "${#running[@]}" -ge "$PARALLEL" ]; then
    entry="${running[0]}"
    running=("${running[@]:1}")
    if wait "${entry%%:*}"; then status[${entry#*:}]=0; else status[${entry#*:}]=1; fi
  fi
done
for entry in "${running[@]}"; do
  if wait "${entry%%:*}"; then status[${entry#*:}]=0; else status[${entry#*:}]=1; fi
done

failed=0
passed=0
echo
printf '%-16s %12s %10s %8s  %s\n' target executions exec/s corpus result
for target in "${TARGETS[@]}"; do
  log="$OUT/$target.log"
  runs="$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -1)"
  speed="$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+).*/\1/p' "$log" | tail -1)"
  units="$(find "$OUT/corpus/$target" -type f | wc -l)"
  crashes="$(find "$OUT/artifacts/$target" -type f | wc -l)"
  result=ok
  if [ "${status[$target]}" != 0 ]; then
    result="FAILED (see $log; inputs in $OUT/artifacts/$target/)"
    failed=1
  elif [ "$crashes" -gt 0 ]; then
    result="ok now; $crashes earlier artifact(s) in $OUT/artifacts/$target/"
  fi
  if [ "${status[$target]}" = 0 ]; then passed=$((passed + 1)); fi
  printf '%-16s %12s %10s %8s  %s\n' "$target" "${runs:-?}" "${speed:-?}" "$units" "$result"
done
echo
echo "$passed passed, $((${#TARGETS[@]} - passed)) failed"
exit "$failed"
