#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time from its seed corpus:
#   run.sh FUZZER SEEDS SECONDS WORKDIR
# New inputs go to WORKDIR/corpus (the seeds in the source tree are only read); a crash,
# a leak or an input slower than 10 s fails the run, and its input is kept in
# WORKDIR/crashes/ to reproduce with `FUZZER WORKDIR/crashes/FILE`.
set -euo pipefail
fuzzer=$1 seeds=$2 seconds=$3 work=$4
rm -rf -- "$work"
mkdir -p -- "$work/corpus" "$work/crashes"
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
  -print_final_stats=1 -artifact_prefix="$work/crashes/" "$work/corpus" "$seeds"
