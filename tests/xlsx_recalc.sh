#!/usr/bin/env bash
# LibreOffice recalculation of the sample workbooks.
#
# Builds every sample's workbook in both locales and both bilingual orders
# (ko-KR+en-US, en-US+ko-KR) with the CLI, opens each in
# LibreOffice Calc headless with recalculation on load forced ("always"),
# saves it back as XLSX, and runs tests/xlsx_recalc.rs, which compares every
# recalculated count and "% done" on the Summary with the true counts (a
# formula LibreOffice cannot evaluate fails), and also edits statuses in a
# workbook and checks that the recalculated summary follows them.
#
# Usage: tests/xlsx_recalc.sh [WORK_DIR]     (installs libreoffice-calc when
# soffice is missing; WORK_DIR defaults to a fresh temporary folder)
set -euo pipefail

cd "$(dirname "$0")/.."

if ! command -v soffice >/dev/null 2>&1; then
    echo "xlsx_recalc: installing libreoffice-calc" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends libreoffice-calc >/dev/null
fi

work="${1:-$(mktemp -d -t handover-recalc.XXXXXX)}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
built="$work/built"
recalc="$work/recalc"
profile="$work/profile"
rm -rf "$built" "$recalc" "$profile"
mkdir -p "$built" "$recalc" "$profile/user"

# A fresh LibreOffice profile that recalculates OOXML (and ODF) files on
# load, always: 0 = always, 1 = never, 2 = ask.
cat >"$profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU

cargo build --quiet
for sample in samples/engagements/*.yaml; do
    cargo run --quiet -- build "$sample" --locale ko-KR,en-US,ko-KR+en-US,en-US+ko-KR --only xlsx --out "$built" >/dev/null
done

count=0
for xlsx in "$built"/*/tracker-*.xlsx; do
    id="$(basename "$(dirname "$xlsx")")"
    mkdir -p "$recalc/$id"
    soffice -env:UserInstallation="file://$profile" --headless --norestore \
        --convert-to xlsx --outdir "$recalc/$id" "$xlsx" >/dev/null 2>&1
    if [ ! -s "$recalc/$id/$(basename "$xlsx")" ]; then
        echo "xlsx_recalc: LibreOffice did not convert $xlsx" >&2
        exit 1
    fi
    count=$((count + 1))
done
echo "xlsx_recalc: $count workbooks recalculated by LibreOffice into $recalc"

HANDOVER_RECALC_DIR="$work" cargo test --quiet --test xlsx_recalc -- --include-ignored
