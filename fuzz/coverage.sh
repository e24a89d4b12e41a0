#!/usr/bin/env bash
# How much of handover's own code (src/) a fuzz target's corpus reaches,
# and how much of it the inputs of the last MINUTES added: the corpus has
# stopped finding new paths in our code when that is 0.
#
#   fuzz/coverage.sh TARGET [MINUTES]     (default 15)
#
# Runs the built target over its corpus without fuzzing (-runs=0) and
# sums libFuzzer's per-function edge counts (-print_coverage=1) for the
# functions defined under src/; then the same without the corpus files
# younger than MINUTES. The edge count of libFuzzer's own log keeps
# growing long after, in the YAML, zip and font parsers we call.
set -euo pipefail
cd "$(dirname "$0")"
target="${1:?usage: fuzz/coverage.sh TARGET [MINUTES]}"
minutes="${2:-15}"
root="$(cd .. && pwd)"
bin="target/x86_64-unknown-linux-gnu/release/$target"
corpus="corpus/$target"
[ -x "$bin" ] || { echo "build it first: fuzz/run.sh $target SECONDS" >&2; exit 2; }
[ -d "$corpus" ] || { echo "no corpus in fuzz/$corpus: run fuzz/run.sh $target SECONDS first" >&2; exit 2; }

# measure DIR → "covered total functions-reached"
measure() {
  "$bin" "$1" -runs=0 -print_coverage=1 -detect_leaks=0 -timeout=60 -rss_limit_mb=4096 2>&1 |
    awk -v src="$root/src/" '
      /^(UN)?COVERED_FUNC:/ && index($NF, src) == 1 {
        split($5, e, "/"); c += e[1]; t += e[2]; if ($1 == "COVERED_FUNC:") f++
      }
      END { printf "%d %d %d\n", c, t, f }'
}

# Both sets are hard-linked snapshots taken at one moment: a fuzzer still
# running on the corpus deletes the inputs it has reduced, and a file gone
# between listing and reading would stop the count.
snap="$(mktemp -d -p target "cov-$target.XXXXXX")"
trap 'rm -rf "$snap"' EXIT
all="$snap/all" older="$snap/older"
mkdir "$all" "$older"
# An input deleted between the listing and its link is skipped (ln's error
# is ignored); an empty snapshot would read as "nothing new", so it stops.
find "$corpus" -type f -exec ln -t "$all" {} + 2>/dev/null || true
[ -n "$(ls -A "$all")" ] || { echo "fuzz/$corpus is empty: nothing to measure" >&2; exit 2; }
find "$all" -type f -mmin +"$minutes" -exec ln -t "$older" {} +
all_files=$(find "$all" -type f | wc -l)
old_files=$(find "$older" -type f | wc -l)

read -r c t f < <(measure "$all")
read -r c0 _ _ < <(measure "$older")
echo "$target: handover's own code (src/): $c of $t edges in the $f functions reached, from $all_files inputs"
echo "$target: the $((all_files - old_files)) inputs of the last $minutes min added $((c - c0)) edges of src/"
