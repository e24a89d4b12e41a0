#!/usr/bin/env bash
# Whole-process figures for `handover build`, release build:
#   wall time (hyperfine: median and min–max over the runs), peak memory
#   (/usr/bin/time -v: maximum resident set size) and output bytes, for
#   - the seed pack (PDF + XLSX), and each output alone;
#   - synthetic engagements of 100, 1,000, 5,000 and 20,000 items;
#   - a batch of 1,000 seed-sized engagements (one process, in parallel).
# Usage: benches/compare.sh [RUNS]   (RUNS for the single packs, default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"

if ! command -v hyperfine >/dev/null || [ ! -x /usr/bin/time ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq hyperfine time >/dev/null
fi

cargo build --release --quiet --bin handover --example synth
target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
bin="$target_dir/release/handover"
synth="$target_dir/release/examples/synth"
work="$(mktemp -d -t handover-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT

for n in 100 1000 5000 20000; do "$synth" items "$n" "$work/in"; done
"$synth" batch 1000 "$work/batch"
seed="$PWD/samples/engagements/contoso-midway.yaml"

results="$work/results.tsv"
: >"$results"

# measure NAME RUNS ARGS...: hyperfine for time, /usr/bin/time for memory.
measure() {
  local name="$1" n="$2"; shift 2
  local out="$work/out-$name"
  local cmd="$bin build $* --out $out"
  hyperfine --style none --warmup 2 --runs "$n" --export-json "$work/$name.json" "$cmd" >/dev/null
  /usr/bin/time -v $cmd >/dev/null 2>"$work/$name.time"
  local rss bytes
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/$name.time")
  bytes=$(find "$out" -type f \( -name '*.pdf' -o -name '*.xlsx' \) -printf '%s\n' | awk '{s+=$1} END {print s}')
  printf '%s\t%s\t%s\t%s\n' "$name" "$work/$name.json" "$rss" "$bytes" >>"$results"
}

measure seed-pack "$runs" "$seed"
measure seed-pdf "$runs" "$seed" --only pdf
measure seed-xlsx "$runs" "$seed" --only xlsx
for n in 100 1000 5000 20000; do
  r=$runs; [ "$n" -ge 5000 ] && r=5; [ "$n" -ge 20000 ] && r=3
  measure "items-$n" "$r" "$work/in/engagement-$n.yaml" --catalogue "$work/in/catalogue-$n.yaml"
done
measure batch-1000 3 "$work/batch"

echo
echo "handover $("$bin" --version | awk '{print $2}') on $(nproc) cores, $(uname -m); release build"
python3 - "$results" <<'PY'
import json, sys
print(f"{'case':<12} {'median':>10} {'min–max':>19} {'peak RSS':>10} {'output':>12}")
for line in open(sys.argv[1]):
    name, js, rss, out = line.rstrip("\n").split("\t")
    r = json.load(open(js))["results"][0]
    ms = lambda s: s * 1000
    rng = f"{ms(r['min']):.1f}–{ms(r['max']):.1f} ms"
    print(f"{name:<12} {ms(r['median']):>7.1f} ms {rng:>19} {int(rss)/1024:>7.1f} MiB {int(out):>12,} B")
PY
