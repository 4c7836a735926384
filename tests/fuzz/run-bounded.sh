#!/bin/sh
# Runs every libFuzzer target for a bounded time from its seed corpus, as
# CI does: any crash, leak or sanitizer report fails. New inputs go to a
# scratch directory, so the tree is left as it was.
#   tests/fuzz/run-bounded.sh BUILD_DIR [SECONDS]   (BUILD_DIR: -Dfuzz=true, CC=clang)
set -eu
build=$1
secs=${2:-20}
src=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for t in filter netlink procfs snapshot; do
	mkdir -p "$scratch/$t"
	echo "fuzz-$t: ${secs}s"
	"$build/tests/fuzz/fuzz-$t" -max_total_time="$secs" -print_final_stats=1 \
		-artifact_prefix="$scratch/crash-$t-" "$scratch/$t" "$src/corpus/$t" \
		2>"$scratch/$t.log" || { tail -40 "$scratch/$t.log"; exit 1; }
	grep -E 'stat::number_of_executed_units' "$scratch/$t.log" || true
done
