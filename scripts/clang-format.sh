#!/usr/bin/env bash
# Formats the C++ sources (binding/, fuzz/) with clang-format and the
# repository's .clang-format; with --check, changes nothing and fails when a
# file is not formatted (what `npm run lint` and CI run).
#
# The clang-format is the one package.json pins (the clang-format package, a
# devDependency that ships clang-format 14 for linux-x64, macOS and Windows),
# so that `npm install` is all a clone needs and every checkout formats alike.
# Where that package has no binary (e.g. linux-arm64), a clang-format on the
# PATH is used instead; another major version than 14 may format differently.
set -euo pipefail
cd "$(dirname "$0")/.."
if binary="$(node -e "process.stdout.write(require('clang-format').getNativeBinary())" 2>/dev/null)"; then
  clang_format="$binary"
elif command -v clang-format >/dev/null; then
  clang_format=clang-format
  echo "The clang-format package has no binary for this platform; using $(clang-format --version) (the pinned one is 14)." >&2
else
  echo "clang-format is missing: run npm install (the clang-format package ships it for linux-x64, macOS and Windows), or install clang-format 14" >&2
  exit 1
fi
mapfile -t files < <(git ls-files -- '*.cpp' '*.h' 2>/dev/null || find binding fuzz -name '*.cpp' -o -name '*.h')
if [ "${1:-}" = "--check" ]; then
  "$clang_format" --dry-run --Werror "${files[@]}"
else
  "$clang_format" -i "${files[@]}"
fi
