//! A synthetic catalogue and engagement of any size, for layout tests and
//! benchmarks (`#[path]`-included by tests/pdf_*.rs and benches/pipeline.rs).
//!
//! Deterministic: the same `n` always gives the same files. Texts mix
//! short and long Korean and English sentences, long unbreakable tokens
//! (URLs, run-together Hangul), notes on most open items, and every 400th
//! item a note long enough to be taller than a page, and in some texts,
//! notes and a contact's name characters NanumGothic lacks (accented
//! Latin, Greek, Cyrillic, symbols: drawn with the fallback face).
#![allow(dead_code)]

use handover::locale::Locale;
use handover::report::Report;
use handover::source::Source;

const KO: &[&str] = &[
    "이 문서에 열거된 구성 가능한 옵션을 벗어나는 EMS(Enterprise Mobility + Security) 테넌트에 대한 기능 향상 및 통합을 제공합니다.",
    "사용자의 리소스에 대한 전체 프로그램 및 프로젝트 관리를 제공합니다.",
    "네트워크 구성, 분석, 대역폭 유효성 검사, 테스트 및 모니터링을 관리합니다.",
    "온-프레미스 다단계 인증을 설정합니다.",
    "Configuration Manager를 Microsoft Intune의 Configuration Manager와의 통합에 필요한 최소 요구 사항으로 설정하거나 업그레이드합니다.",
    "수정 검사 목록을 만들고 인프라, 네트워크, 관리, 디렉터리 동기화 준비, 네트워크 보안 및 페더레이션 ID 항목을 비롯한 전체 플랜 작업에 기여하는 모임에 참여합니다.",
    "검사점 모임에 참여합니다.",
    "인프라서버서비스팩누적업데이트기타필수업데이트설치확인절차문서화작업",
    "자세한 절차는 https://contoso.sharepoint.com/sites/handover/Shared%20Documents/runbooks/intune-enrollment-checklist-v2.docx 를 참고합니다.",
];

const EN: &[&str] = &[
    "Provide enhancements and integrations to the EMS (Enterprise Mobility + Security) tenant beyond the configurable options listed in this document.",
    "Provide overall program and project management for your resources.",
    "Manage network configuration, analysis, bandwidth validation, testing, and monitoring.",
    "Set up on-premises multi-factor authentication.",
    "Set up or upgrade Configuration Manager to the minimum requirements for integration with Microsoft Intune.",
    "Create a remediation checklist and join the meetings that contribute to the whole plan: infrastructure, network, management, directory synchronization readiness, network security and federated identity.",
    "Attend the checkpoint meetings.",
    "Supercalifragilisticexpialidociousconfigurationmanagementprocedure documentation.",
    "See https://contoso.sharepoint.com/sites/handover/Shared%20Documents/runbooks/intune-enrollment-checklist-v2.docx for the procedure.",
];

const NOTES_KO: &[&str] = &[
    "회선 개통 확인 후 즉시 재개 예정.",
    "본사와 판교 지사 간 WAN 회선 증설이 통신사 사정으로 12월 초로 연기되어 대역폭 유효성 검사와 모니터링 구성을 진행할 수 없음.",
    "법무팀 검토 완료",
];

const NOTES_EN: &[&str] = &[
    "Resumes as soon as the line is up.",
    "The WAN upgrade between head office and the Pangyo branch slipped to early December; bandwidth validation and monitoring cannot proceed.",
    "Legal review complete",
];

/// Texts with characters NanumGothic lacks (and some it has, next to
/// them), mixed into every 7th item's text and every 9th note.
pub const FALLBACK_TEXTS: &[&str] = &[
    "Wi\u{2011}Fi ✓ ✗ ⚠ 확인",
    "Jonas Petrauskas ė, Gábor Szőke ő, Łukasz Wójcik ł",
    "Nguyễn Văn Đức: ễ ạ ư → ⇒ ∑ ≤ ≠",
    "Ωμέγα Δέλτα, Дмитрий Иванов ™ ℃ ❤ ✂ ☎ ★",
];

/// A tiny deterministic generator (LCG).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.next() % xs.len()]
    }
}

fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The texts of item `i`: one to three sentences.
fn texts(rng: &mut Rng) -> (String, String) {
    let n = 1 + rng.next() % 3;
    let mut ko = Vec::new();
    let mut en = Vec::new();
    for _ in 0..n {
        let k = rng.next() % KO.len();
        ko.push(KO[k]);
        en.push(EN[k]);
    }
    (ko.join(" "), en.join(" "))
}

/// Catalogue and engagement YAML with `n` items in five phases.
pub fn synthetic(n: usize) -> (String, String) {
    let mut rng = Rng(0x5eed);
    let phases = [
        ("general", "GEN", "일반 책임", "General responsibilities"),
        ("initiate", "INIT", "시작 단계", "Initiate phase"),
        ("assess", "ASSESS", "평가 단계", "Assess phase"),
        ("remediate", "REMED", "수정 단계", "Remediate phase"),
        ("enable", "ENABLE", "활성화 단계", "Enable phase"),
    ];
    let mut cat = String::from(
        "id: synthetic\nversion: \"1\"\nlocales: [ko-KR, en-US]\ntitle:\n  ko-KR: 합성 카탈로그 — 사용자의 책임\n  en-US: Synthetic catalogue — customer responsibilities\nphases:\n",
    );
    let mut eng = String::from(
        "engagement:\n  id: ENG-SYN-0001\n  catalogue: synthetic\n  catalogue_version: \"1\"\n  locale: ko-KR\n  customer: { name: 합성 고객 주식회사, tenant: synthetic.onmicrosoft.com }\n  provider: { name: FastTrack Center }\n  start: 2026-01-01\n  target: 2026-12-15\n  as_of: 2026-11-20\ncontacts:\n  - { id: minjun, name: 김민준, role: IT 디렉터, email: minjun.kim@example.com }\n  - { id: jane, name: Jane Doe, role: Project Manager }\n  - { id: seoyeon, name: 이서연, role: 프로젝트 관리자 }\n  - { id: duc, name: Nguyễn Văn Đức, role: Wi\u{2011}Fi ✓ }\nresponsibilities:\n",
    );
    let owners = ["minjun", "jane", "seoyeon"];
    let mut i = 0usize;
    for (p, (pid, prefix, ko, en)) in phases.iter().enumerate() {
        let count = n / phases.len() + usize::from(p < n % phases.len());
        cat.push_str(&format!(
            "  - id: {pid}\n    title: {{ ko-KR: {ko}, en-US: {en} }}\n    items:\n"
        ));
        for _ in 0..count {
            i += 1;
            let id = format!("{prefix}-{i:04}");
            let (mut tko, mut ten) = texts(&mut rng);
            if i % 7 == 3 {
                let mixed = FALLBACK_TEXTS[i / 7 % FALLBACK_TEXTS.len()];
                for t in [&mut tko, &mut ten] {
                    t.push(' ');
                    t.push_str(mixed);
                }
            }
            let optional = if i.is_multiple_of(11) {
                "\n        optional: true"
            } else {
                ""
            };
            cat.push_str(&format!(
                "      - id: {id}{optional}\n        text:\n          ko-KR: {}\n          en-US: {}\n",
                q(&tko),
                q(&ten)
            ));
            let mut owner = owners[rng.next() % owners.len()];
            if i % 13 == 5 {
                owner = "duc";
            }
            let month = 1 + rng.next() % 10;
            let day = 1 + rng.next() % 28;
            let due = format!("2026-{month:02}-{day:02}");
            let giant = i % 400 == 7;
            let note = if giant {
                // Taller than a page on its own.
                let mut s = String::new();
                for k in 0..60 {
                    s.push_str(NOTES_KO[k % NOTES_KO.len()]);
                    s.push(' ');
                    s.push_str(NOTES_EN[k % NOTES_EN.len()]);
                    s.push(' ');
                }
                Some(s)
            } else if rng.next().is_multiple_of(3) {
                Some(rng.pick(NOTES_KO).to_owned())
            } else {
                None
            };
            let note = note.map(|n| {
                if i % 9 == 4 {
                    format!("{n} {}", FALLBACK_TEXTS[i / 9 % FALLBACK_TEXTS.len()])
                } else {
                    n
                }
            });
            let note_field = note
                .map(|n| format!(", note: {}", q(&n)))
                .unwrap_or_default();
            let line = match if giant { 1 } else { rng.next() % 6 } {
                0 => format!(
                    "{{ status: done, owner: {owner}, due: {due}, done_on: 2026-{month:02}-{day:02}{note_field} }}"
                ),
                1 => format!("{{ status: in-progress, owner: {owner}, due: {due}{note_field} }}"),
                2 => format!(
                    "{{ status: blocked, owner: {owner}, due: {due}, note: {} }}",
                    q(rng.pick(NOTES_KO))
                ),
                3 => format!(
                    "{{ status: not-applicable, note: {} }}",
                    q(rng.pick(NOTES_KO))
                ),
                4 => format!("{{ status: not-started, owner: {owner}, due: {due}{note_field} }}"),
                _ => continue,
            };
            eng.push_str(&format!("  {id}: {line}\n"));
        }
    }
    eng.push_str("signoff:\n  - { party: customer, name: 김민준, title: IT 디렉터, date: 2026-11-20 }\n  - { party: provider, name: Jane Doe, title: FastTrack Manager }\nrevisions:\n  - { version: \"1.0\", date: 2026-10-01, note: 초안 배포 }\n");
    (cat, eng)
}

/// The resolved report of the synthetic engagement with `n` items.
pub fn report(n: usize, locale: Locale) -> Report {
    let (cat, eng) = synthetic(n);
    let loaded = handover::load(
        &Source::new("synthetic-engagement.yaml", eng.as_str()),
        Some(&Source::new("synthetic-catalogue.yaml", cat.as_str())),
    )
    .unwrap_or_else(|e| panic!("synthetic engagement does not load:\n{e}"));
    loaded.report(locale, None).expect("resolve")
}

/// A one-line JSON engagement (JSON is YAML) with `contacts` contacts
/// (5,000 make 330 KB), every role "R&D" (so the checker's event index is
/// built), and the last contact repeating the id `c1`: an error far along
/// the line.
pub fn one_line_json(contacts: usize) -> String {
    let list: Vec<String> = (0..contacts)
        .map(|i| {
            let id = if i + 1 == contacts { 1 } else { i };
            format!("{{\"id\": \"c{id}\", \"name\": \"김민준 {i}\", \"role\": \"R&D\"}}")
        })
        .collect();
    format!(
        "{{\"engagement\": {{\"id\": \"ENG-T-1\", \"catalogue\": \"fasttrack-ems\", \
         \"catalogue_version\": \"2018-06-01\", \"locale\": \"ko-KR\", \
         \"customer\": {{\"name\": \"R&D 고객\"}}, \"provider\": {{\"name\": \"FastTrack Center\"}}, \
         \"start\": \"2026-09-01\", \"target\": \"2026-12-15\"}}, \"contacts\": [{}], \
         \"responsibilities\": {{}}, \"signoff\": [{{\"party\": \"customer\", \"name\": \"김민준\"}}]}}",
        list.join(", ")
    )
}
