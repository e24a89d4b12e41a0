#!/usr/bin/env bash
# Runs one fuzz target for a while and reports how its coverage grew.
#
#   fuzz/run.sh TARGET SECONDS [libFuzzer flags...]
#   TARGET: engagement | catalogue | import | pipeline | verify
#
# Builds the target (cargo-fuzz on stable via RUSTC_BOOTSTRAP, optimized,
# AddressSanitizer), fills an empty corpus from fuzz/kept/TARGET.tar.zst
# (fuzz/keep.sh) or else from samples/, adds fuzz/regressions/TARGET/ and
# fuzz/seeds/TARGET/ (if any), runs it (with yaml.dict for the YAML
# targets, pdf.dict for verify), and prints one line a minute (runs,
# coverage, minutes since coverage last grew) and a summary at the end.
# A crash leaves its input in
# fuzz/artifacts/TARGET/: minimize it, fix the cause, and copy it to
# fuzz/regressions/TARGET/ (replayed by `cargo test --test fuzz_regressions`).
#
# FUZZ_MAX_LEN=N fuzz/run.sh TARGET SECONDS fuzzes only the inputs of at
# most N bytes (libFuzzer's -max_len), in fuzz/corpus/TARGET-small (hard
# links to them), and copies what it finds into fuzz/corpus/TARGET every
# minute, dates kept. Run it beside a plain run: on verify, inputs of at
# most 32 KB run about ten times faster than the 200 KB statements, and
# their mutations land on structure (xref, trailer, signature dictionaries)
# rather than on font and workbook bytes that verify only hashes.
#
# Needs cargo-fuzz: cargo install cargo-fuzz --locked
set -euo pipefail
cd "$(dirname "$0")"
target="${1:?usage: fuzz/run.sh TARGET SECONDS [libFuzzer flags...]}"
seconds="${2:?usage: fuzz/run.sh TARGET SECONDS [libFuzzer flags...]}"
shift 2
if [ -n "${FUZZ_MAX_LEN:-}" ] && ! [[ "$FUZZ_MAX_LEN" =~ ^[1-9][0-9]*$ ]]; then
  echo "FUZZ_MAX_LEN is a number of bytes, not '$FUZZ_MAX_LEN'" >&2
  exit 2
fi

RUSTC_BOOTSTRAP=1 cargo fuzz build -O "$target" >&2
bin="target/x86_64-unknown-linux-gnu/release/$target"
corpus="corpus/$target"
mkdir -p "$corpus" "artifacts/$target"
# An empty corpus starts from the one kept by fuzz/keep.sh, when there is
# one (the inputs a former run found, dated 1970), else from the samples.
kept="kept/$target.tar.zst"
if [ -z "$(ls -A "$corpus")" ] && [ -f "$kept" ]; then
  command -v zstd >/dev/null || { echo "zstd is missing, to unpack fuzz/$kept (apt-get install zstd)" >&2; exit 2; }
  zstd -q -d --long=30 -c "$kept" | tar -C "$corpus" -xf -
  echo "fuzz/$corpus: $(ls "$corpus" | wc -l) inputs from fuzz/$kept" >&2
fi
if [ -z "$(ls -A "$corpus")" ]; then
  case "$target" in
    engagement) cp ../samples/engagements/*.yaml "$corpus"/ ;;
    catalogue) cp ../samples/catalogues/*.yaml "$corpus"/ ;;
    import) printf '\001Done|2026-01-01|x' >"$corpus/edit" ;;
    pipeline) printf '고객 책임\037Customer\037콘토소 ㈜\037note\037김민준\037단계' >"$corpus/seed" ;;
  esac
fi
# The inputs that once failed, and the hand-made seeds (one per kind of
# error the checker words differently), join the corpus on every run;
# files already there are kept.
cp -n regressions/"$target"/* "$corpus"/ 2>/dev/null || true
cp -n seeds/"$target"/* "$corpus"/ 2>/dev/null || true

# The pipeline target renders on rayon's worker threads: LeakSanitizer
# reports the thread-local destructor list glibc keeps for a worker still
# alive at exit (not a leak of ours), so leaks are not checked there.
leaks=1
[ "$target" = pipeline ] && leaks=0

# The YAML targets mutate with the schema's keys and values (yaml.dict):
# without them, most mutations die at the first unknown field.
dict=()
# The verify target mutates with PDF's keywords and signature keys (pdf.dict).
case "$target" in
  engagement | catalogue) dict=(-dict=yaml.dict) ;;
  verify) dict=(-dict=pdf.dict) ;;
esac

# The small inputs' run: its own corpus folder, so that libFuzzer, which
# reads every input whole, never truncates a large one to -max_len.
run_on="$corpus" small=()
sync_small() { :; }
if [ -n "${FUZZ_MAX_LEN:-}" ]; then
  run_on="corpus/$target-small"
  mkdir -p "$run_on"
  find "$corpus" -type f -size -"$((FUZZ_MAX_LEN + 1))"c -exec ln -f -t "$run_on" {} +
  small=(-max_len="$FUZZ_MAX_LEN")
  sync_small() { find "$run_on" -type f -exec cp -pn -t "$corpus" {} + 2>/dev/null || true; }
  echo "fuzz/$run_on: $(ls "$run_on" | wc -l) inputs of at most $FUZZ_MAX_LEN bytes" >&2
fi

log="$(mktemp -t "fuzz-$target.XXXXXX")"
start=$(date +%s)
"$bin" "$run_on" "${small[@]}" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
  -detect_leaks="$leaks" "${dict[@]}" -print_final_stats=1 -artifact_prefix="artifacts/$target/" "$@" \
  >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' INT TERM

cov_of() { grep -oE '^#[0-9]+.*cov: [0-9]+' "$log" | tail -1 | sed -E 's/^#([0-9]+).*cov: ([0-9]+)/\1 \2/'; }
last_cov=0
last_new=$start
while kill -0 $pid 2>/dev/null; do
  sleep 60
  sync_small
  read -r runs cov < <(cov_of || echo "0 0") || true
  now=$(date +%s)
  if [ "${cov:-0}" -gt "$last_cov" ]; then last_cov=$cov; last_new=$now; fi
  printf '%s %5ds  runs %8s  cov %6s  no new coverage for %3d min\n' \
    "$target" $((now - start)) "${runs:-0}" "${cov:-0}" $(((now - last_new) / 60))
done
wait $pid && status=0 || status=$?
sync_small

runs=$(awk '/stat::number_of_executed_units/ {print $NF}' "$log")
speed=$(awk '/stat::average_exec_per_sec/ {print $NF}' "$log")
now=$(date +%s)
echo "---"
echo "$target: $((now - start)) s, ${runs:-?} runs (${speed:-?}/s), coverage ${last_cov}, none new in the last $(((now - last_new) / 60)) min, exit $status"
ls "artifacts/$target" | sed 's/^/artifact: /'
echo "log: $log"
exit "$status"
