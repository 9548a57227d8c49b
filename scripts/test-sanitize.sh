#!/usr/bin/env bash
# npm run test:sanitize [-- test files...]
#
# Builds the addon with AddressSanitizer and UndefinedBehaviorSanitizer
# (HOGVEC_SANITIZE=1, see CMakeLists.txt) into build-sanitize/, then runs
# every test file that calls native code against it: lib/native.ts loads the addon named by
# HOGVEC_ADDON_PATH. Node itself is not instrumented, so the ASan runtime of
# the compiler that built the addon is preloaded into every node process.
#
# halt_on_error ends any process at its first report (tests that start child
# processes check their exit codes). ASan also writes its reports to
# build-sanitize/reports/ (so a child whose stderr a test keeps still leaves
# one); UBSan, which ignores log_path next to ASan, reports on stderr, which
# tap passes through. Any report, in either place, fails the run. Ends with
# "N passed, N failed" like the other suites.
#
#   SANITIZE_SKIP_BUILD=1   reuse the build as it is
#   SANITIZE_OUT=dir        the build folder (default build-sanitize)
#   CXX=g++ CC=gcc          the compiler (default g++/gcc)
set -uo pipefail
cd "$(dirname "$0")/.."

OUT="${SANITIZE_OUT:-build-sanitize}"
# Every test file, so that a new test of native code is covered without a list
# to keep up, except:
#   memory.test.ts     measures RSS, which ASan's quarantine and shadow memory
#                      inflate on purpose (it skips itself under ASan);
#   reference*.test.ts and options.test.ts, which never load the addon (they
#                      test the pure TypeScript reference and option checks).
NOT_NATIVE='^test/(memory|reference|reference-trainer|options)\.test\.ts$'
if [ $# -gt 0 ]; then
  TESTS=("$@")
else
  TESTS=()
  for file in test/*.test.ts; do
    [[ "$file" =~ $NOT_NATIVE ]] || TESTS+=("$file")
  done
fi

fail() {
  echo "test:sanitize: $*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

export CXX="${CXX:-g++}" CC="${CC:-gcc}"
command -v "$CXX" >/dev/null || fail "$CXX not found (apt-get install g++)"
asan_runtime="$("$CXX" -print-file-name=libasan.so)"
[ -f "$asan_runtime" ] || fail "$CXX has no ASan runtime (libasan.so); install its libasan package"

if [ "${SANITIZE_SKIP_BUILD:-0}" != 1 ]; then
  echo "==> building the sanitized addon into $OUT/ with $("$CXX" --version | head -1)"
  HOGVEC_SANITIZE=1 npx cmake-js compile --out "$OUT" || fail "the sanitized build failed"
fi
[ -d "$OUT" ] || fail "$OUT is missing"
OUT="$(cd "$OUT" && pwd)"
REPORTS="$OUT/reports"
addon="$OUT/Release/hogvec.node"
[ -f "$addon" ] || fail "$addon is missing"

# The addon must use the very runtime that is preloaded.
linked="$(ldd "$addon" | sed -nE 's/^\s*libasan\.so[^ ]* => ([^ ]+).*/\1/p')"
[ -n "$linked" ] || fail "$addon is not linked against libasan: was it built with HOGVEC_SANITIZE=1?"
[ "$(readlink -f "$linked")" = "$(readlink -f "$asan_runtime")" ] ||
  fail "$addon uses $linked but $CXX's runtime is $asan_runtime: rebuild (rm -rf $OUT)"

rm -rf "$REPORTS"
mkdir -p "$REPORTS"
chmod 1777 "$REPORTS"  # tests also start children as another user
export HOGVEC_ADDON_PATH="$addon"
export LD_PRELOAD="$asan_runtime${LD_PRELOAD:+:$LD_PRELOAD}"
# V8 keeps memory until exit by design: no leak report.
export ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:log_path=$REPORTS/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"

# Preflight: node runs with the runtime, and the tests will get the sanitized addon.
node --import tsx -e "
  const { native } = require('./lib/native');
  native().simdInfo();
  const maps = require('node:fs').readFileSync('/proc/self/maps', 'utf8');
  if (!maps.includes(process.env.HOGVEC_ADDON_PATH)) throw new Error('the sanitized addon was not the one loaded');
" || fail "the sanitized addon does not load under the ASan runtime"

echo "==> ${#TESTS[@]} test files against $addon"
log="$(mktemp)"
# Sanitized code runs a few times slower: triple tap's per-file timeout.
npx tap --disable-coverage --timeout=900 "${TESTS[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary="$(grep -E '^# \{ total: [0-9]+' "$log" | tail -1)"
REPORT_PATTERN='ERROR: AddressSanitizer|runtime error:|SUMMARY: (Address|UndefinedBehavior)Sanitizer'
reported_on_stderr="$(grep -cE "$REPORT_PATTERN" "$log")"
rm -f "$log"
pass="$(sed -nE 's/.*pass: ([0-9]+).*/\1/p' <<<"$summary")"
failed="$(sed -nE 's/.*fail: ([0-9]+).*/\1/p' <<<"$summary")"
pass="${pass:-0}"
failed="${failed:-0}"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

# Any report is a failure, whatever the tests said.
reports=("$REPORTS"/*)
reported_in_files=0
if [ -e "${reports[0]}" ]; then
  echo
  echo "==> ASan reports (${#reports[@]} files in $REPORTS/):"
  for report in "${reports[@]}"; do
    echo "--- $report"
    head -60 "$report"
  done
  reported_in_files="$(cat "${reports[@]}" | grep -cE "$REPORT_PATTERN")"
fi
if [ "$reported_on_stderr" -gt 0 ] || [ "$reported_in_files" -gt 0 ]; then
  echo "==> sanitizer reports: $reported_on_stderr line(s) in the test output, $reported_in_files in $REPORTS/"
  failed=$((failed + 1))
  status=1
fi

echo
echo "${pass} passed, ${failed} failed"
exit "$status"
