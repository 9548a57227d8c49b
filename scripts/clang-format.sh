#!/usr/bin/env bash
# Formats the C++ sources (binding/, fuzz/) with clang-format and the
# repository's .clang-format; with --check, changes nothing and fails when a
# file is not formatted (what `npm run lint` and CI run).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang-format >/dev/null; then
  echo "clang-format is not installed (Debian: apt-get install clang-format)" >&2
  exit 1
fi
mapfile -t files < <(git ls-files -- '*.cpp' '*.h' 2>/dev/null || find binding fuzz -name '*.cpp' -o -name '*.h')
if [ "${1:-}" = "--check" ]; then
  clang-format --dry-run --Werror "${files[@]}"
else
  clang-format -i "${files[@]}"
fi
