#!/usr/bin/env bash
# Fails when a C file under src/, tests/ or tools/ is not as .clang-format
# would write it, naming each file; `tools/check-format.sh --fix` rewrites them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mapfile -t files < <(find src tests tools -name '*.[ch]' -not -path '*/build*' | sort)
if [[ ${1:-} == --fix ]]; then
  clang-format -i "${files[@]}"
  exit 0
fi
# One clang-format for every file: it names each place it would change.
if ! out=$(clang-format --dry-run --Werror "${files[@]}" 2>&1); then
  grep -oE '^[^:]+\.[ch]:' <<<"$out" | sort -u | sed 's/:$//' |
    while read -r f; do printf '%s: not formatted as .clang-format says; run tools/check-format.sh --fix\n' "$f"; done >&2
  exit 1
fi
echo "${#files[@]} C files formatted as .clang-format says"
