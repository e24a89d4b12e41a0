#!/usr/bin/env bash
# Keeps a fuzz target's corpus in the repository, so that the next run on a
# fresh clone starts where this one stopped instead of from the seeds.
#
#   fuzz/keep.sh TARGET     (with no fuzzer running on it)
#
# Merges fuzz/corpus/TARGET into its smallest subset that reaches every
# feature libFuzzer saw (-merge=1), then writes fuzz/kept/TARGET.tar.zst:
# the inputs sorted by name, owner 0 and modification time 0 (the same
# inputs give the same archive), compressed with zstd's long window — the
# inputs are mutations of a few seeds, so 200 MB of them come to under
# 1 MB. fuzz/run.sh unpacks it into an empty corpus; the unpacked inputs are
# dated 1970, so fuzz/coverage.sh counts them as old and only what a new
# run finds as new.
set -euo pipefail
cd "$(dirname "$0")"
target="${1:?usage: fuzz/keep.sh TARGET}"
bin="target/x86_64-unknown-linux-gnu/release/$target"
corpus="corpus/$target"
[ -x "$bin" ] || { echo "build it first: fuzz/run.sh $target SECONDS" >&2; exit 2; }
[ -n "$(ls -A "$corpus" 2>/dev/null)" ] || { echo "fuzz/$corpus is empty: nothing to keep" >&2; exit 2; }
command -v zstd >/dev/null || { echo "zstd is missing (apt-get install zstd)" >&2; exit 2; }
if pgrep -f "release/$target $corpus" >/dev/null || pgrep -f "run.sh $target" >/dev/null; then
  echo "a fuzzer is still running on fuzz/$corpus: stop it first" >&2
  exit 2
fi

work="$(mktemp -d -p target "keep-$target.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir "$work/merged"
"$bin" -merge=1 "$work/merged" "$corpus" -timeout=60 -rss_limit_mb=4096 -detect_leaks=0 \
  >"$work/merge.log" 2>&1 || { tail -5 "$work/merge.log" >&2; exit 1; }
n=$(find "$work/merged" -type f | wc -l)
[ "$n" -gt 0 ] || { echo "the merge kept no input: see its log" >&2; tail -5 "$work/merge.log" >&2; exit 1; }

mkdir -p kept
out="kept/$target.tar.zst"
tar -C "$work/merged" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -cf - . |
  zstd -q -T1 -12 --long=30 -o "$work/kept.tar.zst"
mv "$work/kept.tar.zst" "$out"
echo "fuzz/$out: $n inputs of $(find "$corpus" -type f | wc -l), $(du -sh "$work/merged" | cut -f1) unpacked, $(stat -c %s "$out") bytes"
