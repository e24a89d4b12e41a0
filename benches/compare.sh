#!/usr/bin/env bash
# Whole-process figures for `handover build`, release build:
#   wall time (hyperfine, each command run without a shell: median and
#   min–max over the runs), peak memory
#   (/usr/bin/time -v: maximum resident set size) and output bytes, for
#   - the seed pack (PDF + XLSX), and each output alone;
#   - synthetic engagements of 100, 1,000, 5,000 and 20,000 items;
#   - a batch of 1,000 seed-sized engagements (one process, in parallel);
#   - the seed in Korean alone and bilingual (ko-KR+en-US), with pages;
#   - signing the seed statement and verifying the signed pack (openssl
#     makes a throwaway key and certificate);
#   - typst-cli, when installed (TYPST=path or on PATH), on the Typst peer
#     statement of ../shared/peers (PEERS=dir to point elsewhere), same
#     inputs and font, beside the seed pack (six rounds of both, the runs
#     pooled): the ratio, and each round's;
#     and on the 5,000-item input beside our statement alone (time, memory).
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
  hyperfine -N --style none --warmup 2 --runs "$n" --export-json "$work/$name.json" "$cmd" >/dev/null
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
measure seed-ko-KR "$runs" "$seed" --locale ko-KR
measure seed-bilingual "$runs" "$seed" --locale ko-KR+en-US

# Signing and verifying: a statement built for signature, signed from a
# fresh copy each run, and the signed pack verified.
if command -v openssl >/dev/null; then
  pki="$work/pki"
  mkdir -p "$pki"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$pki/key.pem" -out "$pki/cert.pem" \
    -days 3650 -subj "/CN=Bench Provider" -addext "keyUsage=digitalSignature,nonRepudiation" \
    2>/dev/null
  "$bin" build "$seed" --locale ko-KR --for-signature --out "$work/fs" >/dev/null
  unsigned="$work/fs/ENG-2026-0142/statement-ko-KR.pdf"
  cp "$unsigned" "$work/unsigned.pdf"
  # A given time (byte-identical runs) inside the fresh certificate's validity.
  at="$(date -u -d '+1 minute' +%Y-%m-%dT%H:%M:%SZ)"
  sign="$bin sign $work/s.pdf --party provider --key $pki/key.pem --cert $pki/cert.pem --time $at"
  hyperfine -N --style none --warmup 2 --runs "$runs" --prepare "cp $work/unsigned.pdf $work/s.pdf" \
    --export-json "$work/sign.json" "$sign" >/dev/null
  printf '%s\t%s\t%s\t%s\n' sign-rsa "$work/sign.json" 0 0 >>"$results"
  cp "$work/unsigned.pdf" "$work/s.pdf" && $sign >/dev/null && cp "$work/s.pdf" "$unsigned"
  hyperfine -N --style none --warmup 2 --runs "$runs" --export-json "$work/verify.json" \
    "$bin verify $work/fs/ENG-2026-0142 --trust $pki/cert.pem" >/dev/null
  printf '%s\t%s\t%s\t%s\n' verify "$work/verify.json" 0 0 >>"$results"
fi

# typst-cli on the peer statement, beside the seed pack.
typst="${TYPST:-$(command -v typst || true)}"
peers="${PEERS:-$PWD/../shared/peers}"
if [ -n "$typst" ] && [ -f "$peers/statement.typ" ]; then
  root="$work/peer"
  mkdir -p "$root"
  cp "$peers/statement.typ" "$root/"
  cp "$seed" "$root/engagement.yaml"
  cp samples/catalogues/fasttrack-ems.yaml "$root/catalogue.yaml"
  fonts=/usr/share/fonts/truetype/nanum
  # In rounds, the two commands one after the other in each: a shared
  # machine's speed drifts over a minute, and one long run of each would
  # compare two moments. The ratio is that of the medians of all runs; the
  # rounds' own ratios give its spread.
  rounds=6
  per=$(( (runs + rounds - 1) / rounds )); [ "$per" -lt 5 ] && per=5
  for r in $(seq "$rounds"); do
    hyperfine -N --style none --warmup 1 --runs "$per" --export-json "$work/typst-r$r.json" \
      "$typst compile --root $root --font-path $fonts --ignore-system-fonts --input catalogue=/catalogue.yaml --input engagement=/engagement.yaml --creation-timestamp 0 $root/statement.typ $work/peer.pdf" \
      "$bin build $seed --out $work/out-vs" >/dev/null
  done
  printf '%s\t%s\t%s\t%s\n' typst-peer "$(ls "$work"/typst-r*.json | tr '\n' ',')" 0 0 >>"$results"

  # The 5,000-item statement alone, side by side (3 runs: typst takes
  # seconds), and both peaks of memory.
  big="$work/peer-5000"
  mkdir -p "$big"
  cp "$peers/statement.typ" "$big/"
  cp "$work/in/engagement-5000.yaml" "$big/engagement.yaml"
  cp "$work/in/catalogue-5000.yaml" "$big/catalogue.yaml"
  tcmd="$typst compile --root $big --font-path $fonts --ignore-system-fonts --input catalogue=/catalogue.yaml --input engagement=/engagement.yaml --creation-timestamp 0 $big/statement.typ $work/peer-5000.pdf"
  ocmd="$bin build $work/in/engagement-5000.yaml --catalogue $work/in/catalogue-5000.yaml --only pdf --out $work/out-vs-5000"
  hyperfine -N --style none --warmup 1 --runs 3 --export-json "$work/typst-5000.json" "$tcmd" "$ocmd" >/dev/null
  /usr/bin/time -v $tcmd 2>"$work/typst-5000.time" >/dev/null
  /usr/bin/time -v $ocmd 2>"$work/ours-5000.time" >/dev/null
  trss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/typst-5000.time")
  orss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/ours-5000.time")
  printf '%s\t%s\t%s\t%s\n' typst-5000 "$work/typst-5000.json" "$trss" "$orss" >>"$results"
fi

echo
echo "handover $("$bin" --version | awk '{print $2}') on $(nproc) cores, $(uname -m); release build"
for f in "$work"/out-seed-ko-KR/*/statement-ko-KR.pdf "$work"/out-seed-bilingual/*/statement-ko-KR+en-US.pdf; do
  [ -f "$f" ] && printf '%s: %s pages\n' "$(basename "$f")" "$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')"
done
python3 - "$results" <<'PY'
import json, statistics, sys
print(f"{'case':<15} {'median':>10} {'min–max':>19} {'peak RSS':>10} {'output':>12}")
ms = lambda s: s * 1000


def load(paths):
    """The results of one or more hyperfine files (rounds), their runs pooled."""
    rounds = [json.load(open(p))["results"] for p in paths.split(",") if p]
    pooled = []
    for i in range(len(rounds[0])):
        times = [t for rs in rounds for t in rs[i]["times"]]
        pooled.append({"median": statistics.median(times), "min": min(times), "max": max(times)})
    ratios = [statistics.median(rs[1]["times"]) / statistics.median(rs[0]["times"])
              for rs in rounds if len(rs) > 1]
    return pooled, ratios


for line in open(sys.argv[1]):
    name, js, rss, out = line.rstrip("\n").split("\t")
    results, ratios = load(js)
    r = results[0]
    rng = f"{ms(r['min']):.1f}–{ms(r['max']):.1f} ms"
    mem = f"{int(rss)/1024:>7.1f} MiB" if int(rss) else f"{'':>11}"
    size = f"{int(out):>12,} B" if int(out) and not name.startswith("typst-") else ""
    print(f"{name:<15} {ms(r['median']):>7.1f} ms {rng:>19} {mem} {size}")
    if name.startswith("typst-"):
        ours = results[1]
        label = "  seed pack" if name == "typst-peer" else "  statement"
        mem = f", {int(out)/1024:.1f} MiB" if int(out) else ""
        spread = (f" (rounds {min(ratios):.2f}–{max(ratios):.2f}×)"
                  if len(ratios) > 1 else "")
        print(f"{label:<15} {ms(ours['median']):>7.1f} ms "
              f"{ms(ours['min']):.1f}–{ms(ours['max']):.1f} ms{mem}: "
              f"{ours['median'] / r['median']:.2f}× typst-cli's statement{spread}")
PY
