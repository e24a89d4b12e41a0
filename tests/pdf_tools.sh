#!/usr/bin/env bash
# Checks the written PDF statements with other tools than the ones that
# wrote them (poppler-utils and qpdf), for .ci/run:
#
#   - builds both samples in ko-KR and en-US, and a 1,000-item synthetic
#     engagement (some of its texts and notes with characters NanumGothic
#     lacks, drawn with the fallback face), with the release (or given) binary;
#   - qpdf --check on every file;
#   - pdffonts: every font embedded, subset and with a ToUnicode map;
#   - pdftotext: Korean responsibilities, and the characters drawn with the
#     fallback face, come back exactly;
#   - pdftotext -bbox on the 1,000-item statement: every word lies inside
#     the page minus the template's margins;
#   - pdfdetach: a statement lists its three attachments, and the tracker
#     it saves is the pack's, byte for byte; a build for signature passes
#     qpdf --check and carries the same attachments;
#   - handover sign: the provider signs (PEM key), the customer
#     countersigns (PKCS#12); pyHanko judges both VALID, pdfsig (the test
#     CA in an NSS database) both valid, trusted and ETSI.CAdES.detached,
#     the last covering the whole file; qpdf --check is clean.
#
# Usage: tests/pdf_tools.sh [path/to/handover]   (default: target/release/handover,
# built if missing). Exit status 0 when every check passes.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/target/release/handover}"
if [ ! -x "$bin" ]; then
    (cd "$root" && cargo build --release --quiet)
fi
for tool in qpdf pdffonts pdftotext pdfdetach; do
    command -v "$tool" >/dev/null || { echo "pdf_tools: $tool is missing (apt-get install poppler-utils qpdf)" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail=0
problem() { echo "FAIL: $*" >&2; fail=1; }

# --- build ------------------------------------------------------------------
for e in contoso-midway fabrikam-signed northwind-fresh; do
    for l in ko-KR en-US; do
        "$bin" build "$root/samples/engagements/$e.yaml" --locale "$l" --out "$work/out/$l" --only pdf >/dev/null
    done
done

# A 1,000-item synthetic catalogue and engagement.
CAT="$work/synthetic-catalogue.yaml" ENG="$work/synthetic.yaml" awk -v n=1000 'BEGIN {
    split("GEN INIT ASSESS REMED ENABLE", pre, " ");
    split("general initiate assess remediate enable", pid, " ");
    ko[1] = "이 문서에 열거된 구성 가능한 옵션을 벗어나는 EMS(Enterprise Mobility + Security) 테넌트에 대한 기능 향상 및 통합을 제공합니다.";
    ko[2] = "네트워크 구성, 분석, 대역폭 유효성 검사, 테스트 및 모니터링을 관리합니다.";
    ko[3] = "수정 검사 목록을 만들고 인프라, 네트워크, 관리, 디렉터리 동기화 준비, 네트워크 보안 및 페더레이션 ID 항목을 비롯한 전체 플랜 작업에 기여하는 모임에 참여합니다.";
    ko[4] = "인프라서버서비스팩누적업데이트기타필수업데이트설치확인절차문서화작업";
    ko[5] = "자세한 절차는 https://contoso.sharepoint.com/sites/handover/Shared%20Documents/runbooks/intune-enrollment-checklist-v2.docx 를 참고합니다.";
    en[1] = "Provide enhancements and integrations to the EMS (Enterprise Mobility + Security) tenant beyond the configurable options listed in this document.";
    en[2] = "Manage network configuration, analysis, bandwidth validation, testing, and monitoring.";
    en[3] = "Create a remediation checklist and join the meetings that contribute to the whole plan.";
    en[4] = "Supercalifragilisticexpialidociousconfigurationmanagementprocedure documentation.";
    en[5] = "See https://contoso.sharepoint.com/sites/handover/Shared%20Documents/runbooks/intune-enrollment-checklist-v2.docx for the procedure.";
    fb = "Wi‑Fi ✓ ✗ ⚠ Jonas ė Gábor ő Łukasz ł Nguyễn ễ Ωμέγα Дмитрий → ⇒ ∑ ≤ ≠ ™ ℃ ❤ ✂ ☎ ★";
    cat = ENVIRON["CAT"]; eng = ENVIRON["ENG"];
    print "id: synthetic\nversion: \"1\"\nlocales: [ko-KR, en-US]\ntitle:\n  ko-KR: 합성 카탈로그\n  en-US: Synthetic catalogue\nphases:" > cat;
    print "engagement:\n  id: ENG-SYN-1000\n  catalogue: synthetic\n  catalogue_version: \"1\"\n  locale: ko-KR\n  customer: { name: 합성 고객 주식회사 }\n  provider: { name: FastTrack Center }\n  start: 2026-01-01\n  target: 2026-12-15\n  as_of: 2026-11-20\ncontacts:\n  - { id: minjun, name: 김민준 }\n  - { id: jane, name: Jane Doe }\nresponsibilities:" > eng;
    i = 0;
    for (p = 1; p <= 5; p++) {
        printf "  - id: %s\n    title: { ko-KR: 단계 %d, en-US: Phase %d }\n    items:\n", pid[p], p, p > cat;
        for (k = 0; k < n / 5; k++) {
            i++;
            id = sprintf("%s-%04d", pre[p], i);
            a = i % 5 + 1; b = (i * 7) % 5 + 1;
            x = (i % 7 == 3) ? " " fb : "";
            printf "      - id: %s\n        text: { ko-KR: \"%s %s%s\", en-US: \"%s %s%s\" }\n", id, ko[a], ko[b], x, en[a], en[b], x > cat;
            m = i % 10 + 1; d = i % 28 + 1;
            s = i % 4;
            if (s == 0) printf "  %s: { status: done, owner: minjun, due: 2026-%02d-%02d, done_on: 2026-%02d-%02d }\n", id, m, d, m, d > eng;
            else if (s == 1) printf "  %s: { status: in-progress, owner: jane, due: 2026-%02d-%02d, note: \"%s\" }\n", id, m, d, ko[b] > eng;
            else if (s == 2) printf "  %s: { status: blocked, owner: minjun, note: \"회선 개통 확인 후 즉시 재개 예정.\" }\n", id > eng;
        }
    }
    print "signoff:\n  - { party: customer, name: 김민준, date: 2026-11-20 }\n  - { party: provider, name: Jane Doe }" > eng;
}'
"$bin" build "$work/synthetic.yaml" --catalogue "$work/synthetic-catalogue.yaml" --locale ko-KR --out "$work/out/synthetic" --only pdf >/dev/null

mapfile -t pdfs < <(find "$work/out" -name '*.pdf' | sort)
[ "${#pdfs[@]}" -eq 7 ] || problem "expected 7 statements, found ${#pdfs[@]}"

# --- qpdf and pdffonts --------------------------------------------------------
for f in "${pdfs[@]}"; do
    name="${f#"$work/out/"}"
    qpdf --check "$f" >/dev/null 2>&1 || problem "$name: qpdf --check: $(qpdf --check "$f" 2>&1 | tail -3)"
    fonts="$(pdffonts "$f" | tail -n +3)"
    [ -n "$fonts" ] || problem "$name: no fonts"
    # Columns from the right: emb sub uni object-id generation.
    while read -r line; do
        set -- $line
        n=$#
        eval "emb=\${$((n - 4))} sub=\${$((n - 3))} uni=\${$((n - 2))}"
        [ "$emb" = yes ] && [ "$sub" = yes ] && [ "$uni" = yes ] ||
            problem "$name: font not embedded/subset/unicode: $line"
        case "$1" in [A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]+*) ;; *) problem "$name: $1 lacks a subset tag" ;; esac
    done <<<"$fonts"
done

# --- pdftotext: Korean comes back exactly -------------------------------------
ko="$work/out/ko-KR/ENG-2026-0142/statement-ko-KR.pdf"
text="$(pdftotext -enc UTF-8 "$ko" - | tr -d ' \n\f')"
for phrase in \
    "사용자의 리소스에 대한 전체 프로그램 및 프로젝트 관리를 제공합니다." \
    "네트워크 구성, 분석, 대역폭 유효성 검사, 테스트 및 모니터링을 관리합니다." \
    "이 문서에 열거된 구성 가능한 옵션을 벗어나는 EMS(Enterprise Mobility + Security) 테넌트에 대한 기능 향상 및 통합을 제공합니다." \
    "마이그레이션 준비를 위한 지원 플랜을 만듭니다." \
    "고객 책임 확인서" "김민준"; do
    want="$(printf '%s' "$phrase" | tr -d ' ')"
    case "$text" in *"$want"*) ;; *) problem "pdftotext lost: $phrase" ;; esac
done

# --- pdftotext: the characters drawn with the fallback face ------------------
syn="$work/out/synthetic/ENG-SYN-1000/statement-ko-KR.pdf"
pdffonts "$syn" | grep -q '+DejaVuSans ' || problem "synthetic: the fallback face is not embedded"
text="$(pdftotext -enc UTF-8 "$syn" - | tr -d ' \n\f')"
want="$(printf '%s' "Wi‑Fi ✓ ✗ ⚠ Jonas ė Gábor ő Łukasz ł Nguyễn ễ Ωμέγα Дмитрий → ⇒ ∑ ≤ ≠ ™ ℃ ❤ ✂ ☎ ★" | tr -d ' ')"
case "$text" in *"$want"*) ;; *) problem "pdftotext lost characters drawn with the fallback face" ;; esac

# --- pdftotext -bbox: every word inside the page minus the margins ------------
# The default template's margins, in millimetres (templates/default/template.yaml).
read -r mt mr mb ml < <(sed -n 's/^margins_mm: *{ *top: *\([0-9.]*\), *right: *\([0-9.]*\), *bottom: *\([0-9.]*\), *left: *\([0-9.]*\).*/\1 \2 \3 \4/p' "$root/templates/default/template.yaml")
syn="$work/out/synthetic/ENG-SYN-1000/statement-ko-KR.pdf"
pdftotext -bbox "$syn" "$work/bbox.html"
awk -v mt="$mt" -v mr="$mr" -v mb="$mb" -v ml="$ml" '
    function attr(s, k,   r) { r = s; sub(".*" k "=\"", "", r); sub("\".*", "", r); return r + 0 }
    BEGIN { mm = 72 / 25.4; tol = 0.5; bad = 0; words = 0 }
    /<page / { w = attr($0, "width"); h = attr($0, "height"); page++ }
    /<word / {
        words++
        x0 = attr($0, "xMin"); y0 = attr($0, "yMin"); x1 = attr($0, "xMax"); y1 = attr($0, "yMax")
        if (x0 < ml * mm - tol || x1 > w - mr * mm + tol || y0 < mt * mm - tol || y1 > h - mb * mm + tol) {
            if (bad < 10) print "  page " page ": word outside the margins: " $0 > "/dev/stderr"
            bad++
        }
    }
    END {
        if (words < 10000) { print "  only " words " words in the 1,000-item statement" > "/dev/stderr"; exit 1 }
        if (bad) { print "  " bad " words outside the margins" > "/dev/stderr"; exit 1 }
        print "pdf_tools: " words " words on " page " pages inside the margins"
    }' "$work/bbox.html" || problem "pdftotext -bbox: text outside the margins"

# --- pdfdetach: the pack inside the statement ---------------------------------
for kind in draft for-signature; do
    flag=""; [ "$kind" = for-signature ] && flag="--for-signature"
    "$bin" build "$root/samples/engagements/contoso-midway.yaml" --locale ko-KR --out "$work/$kind" $flag >/dev/null
    st="$work/$kind/ENG-2026-0142/statement-ko-KR.pdf"
    qpdf --check "$st" >/dev/null 2>&1 || problem "$kind: qpdf --check: $(qpdf --check "$st" 2>&1 | tail -3)"
    list="$(pdfdetach -list -enc UTF-8 "$st")"
    grep -q '^3 embedded files' <<<"$list" || problem "$kind: pdfdetach -list: $list"
    for name in catalogue-fasttrack-ems.yaml engagement-ENG-2026-0142.yaml tracker-ko-KR.xlsx; do
        grep -q ": $name\$" <<<"$list" || problem "$kind: $name is not attached: $list"
    done
    mkdir -p "$work/detach-$kind"
    pdfdetach -saveall -o "$work/detach-$kind" "$st"
    cmp -s "$work/detach-$kind/tracker-ko-KR.xlsx" "$work/$kind/ENG-2026-0142/tracker-ko-KR.xlsx" ||
        problem "$kind: the attached tracker is not the pack's"
    grep -q '^  id: ENG-2026-0142$' "$work/detach-$kind/engagement-ENG-2026-0142.yaml" ||
        problem "$kind: the attached engagement is not the engagement"
done

# --- handover sign: pyHanko and poppler judge both signatures -----------------
# A test CA (openssl), the provider signing with a PEM key (RSA 2048), the
# customer countersigning with a PKCS#12 file (P-256); then pyHanko and
# pdfsig (the CA in an NSS database) each judge both signatures.
for tool in openssl pyhanko certutil pdfsig; do
    command -v "$tool" >/dev/null || { problem "$tool is missing (.ci/run installs it: pip install pyhanko-cli; apt-get install libnss3-tools poppler-utils)"; }
done
if command -v pyhanko >/dev/null && command -v certutil >/dev/null; then
    pki="$work/pki"; mkdir -p "$pki"
    printf '[leaf]\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n' >"$pki/ext.cnf"
    (
        cd "$pki"
        openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 \
            -subj "/CN=Handover Test Root" -addext "keyUsage=critical,keyCertSign,cRLSign" \
            -addext "basicConstraints=critical,CA:TRUE" 2>/dev/null
        openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out provider.key 2>/dev/null
        openssl req -new -key provider.key -subj "/O=FastTrack Center/CN=Jane Doe" -out provider.csr
        openssl x509 -req -in provider.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 \
            -extfile ext.cnf -extensions leaf -out provider.pem 2>/dev/null
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out customer.key
        openssl req -new -key customer.key -utf8 -subj "/O=Northwind Traders/CN=Nancy Davolio" -out customer.csr
        openssl x509 -req -in customer.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 \
            -extfile ext.cnf -extensions leaf -out customer.pem 2>/dev/null
        openssl pkcs12 -export -inkey customer.key -in customer.pem -certfile ca.pem \
            -passout pass:test-secret -out customer.p12
    )
    "$bin" build "$root/samples/engagements/northwind-fresh.yaml" --for-signature --only pdf --out "$work/sign" >/dev/null
    st="$(find "$work/sign" -name 'statement-*.pdf' | head -1)"
    signed="$work/sign/signed.pdf"
    "$bin" sign "$st" --party provider --key "$pki/provider.key" --cert "$pki/provider.pem" \
        --chain "$pki/ca.pem" --reason "Handover approved" --out "$signed" >/dev/null ||
        problem "handover sign (provider, PEM) failed"
    HANDOVER_P12_PASSWORD=test-secret "$bin" sign "$signed" --party customer --p12 "$pki/customer.p12" \
        --reason "Accepted" >/dev/null || problem "handover sign (customer, PKCS#12) failed"
    qpdf --check "$signed" >/dev/null 2>&1 || problem "signed: qpdf --check: $(qpdf --check "$signed" 2>&1 | tail -3)"
    v="$(pyhanko sign validate --pretty-print --trust "$pki/ca.pem" --trust-replace --no-revocation-check "$signed" 2>&1 || true)"
    [ "$(grep -c 'The signature is judged VALID' <<<"$v")" -eq 2 ] || problem "pyHanko does not judge both signatures VALID: $v"
    mkdir -p "$pki/nss"
    certutil -N -d "sql:$pki/nss" --empty-password
    certutil -A -d "sql:$pki/nss" -n root -t CT,CT,CT -i "$pki/ca.pem"
    v="$(pdfsig -nssdir "sql:$pki/nss" "$signed" 2>&1 || true)"
    [ "$(grep -c 'Signature is Valid.' <<<"$v")" -eq 2 ] || problem "pdfsig: not both valid: $v"
    [ "$(grep -c 'Certificate is Trusted.' <<<"$v")" -eq 2 ] || problem "pdfsig: not both trusted: $v"
    [ "$(grep -c 'Signature Type: ETSI.CAdES.detached' <<<"$v")" -eq 2 ] || problem "pdfsig: not both ETSI.CAdES.detached: $v"
    # pdfsig lists the last signature first: it covers the whole file.
    first="$(awk '/^Signature #1:/{f=1} /^Signature #2:/{f=0} f' <<<"$v")"
    grep -q 'Signature Field Name: customer-signature' <<<"$first" && grep -q 'Total document signed' <<<"$first" ||
        problem "pdfsig: the customer's (last) signature does not cover the whole file: $v"
    echo "pdf_tools: signed by the provider (PEM) and the customer (PKCS#12): pyHanko VALID x2, pdfsig valid and trusted x2, qpdf clean"
fi

if [ "$fail" -ne 0 ]; then
    echo "pdf_tools: FAILED" >&2
    exit 1
fi
echo "pdf_tools: ${#pdfs[@]} statements pass qpdf, pdffonts, pdftotext and the bbox check; attachments read back by pdfdetach"
