# handover — 한국어(대한민국) 레이블.
# 여기의 모든 메시지는 en-US/handover.ftl에도 같은 변수로 있어야 합니다.
# 테스트가 이를 확인합니다.

## 문서

document-title = 고객 책임 확인서
document-subject = { $catalogue } 고객 책임, 참여 { $engagement }
document-keywords = handover, 고객 책임, { $catalogue }, { $engagement }
tracker-title = 책임 추적표

## 표지

cover-customer = 고객
cover-languages = 언어
cover-tenant = 테넌트
cover-provider = 제공자
cover-engagement = 참여 ID
cover-catalogue = 카탈로그
cover-catalogue-version = 카탈로그 버전
cover-period = 참여 기간
cover-period-range = { $start } ~ { $target }
cover-issued = 발행일
cover-document-version = 문서 버전
cover-state = 문서 상태
state-draft = 초안
state-signed-off = 승인 완료
state-for-signature = 서명용 발행
for-signature-notice = 이 확인서는 최종본으로 서명을 위해 발행되었습니다. 각 당사자는 승인 페이지의 서명란에 전자 서명하며, 서명은 발행된 확인서 전체에 적용됩니다.
signature-field-tooltip = { $party } 서명 — { $name }
attachment-tracker = 이 확인서의 추적 통합 문서
attachment-engagement = 이 확인서의 근거가 된 참여 상태(검증본)
attachment-catalogue = 이 확인서의 근거가 된 책임 카탈로그
draft-marking = 초안 — 승인 전
draft-marking-detail = 서명 대기: { $parties }

## 개정 이력

revisions-heading = 개정 이력
revision-version = 버전
revision-date = 날짜
revision-note = 변경 내용

## 요약

summary-heading = 요약
summary-phase = 단계
summary-total = 합계
summary-done-percent = 완료율
summary-progress = 단계별 진행 현황
summary-overdue = 기한 초과
summary-overdue-count = { $count ->
    [0] 기한을 넘긴 책임이 없습니다.
   *[other] { $date } 기준 기한을 넘긴 책임이 { $count }건 있습니다.
}
summary-legend = 범례

## 차트를 말로 (화면 낭독기가 읽는 대체 텍스트)

chart-alt = { $title }: 단계마다 책임을 상태별로 나타낸 막대입니다. { $phases }
chart-alt-phase = { $phase }: 전체 { $total }건 중 완료 { $done }건, 진행 중 { $in_progress }건, 차단됨 { $blocked }건, 시작 전 { $not_started }건, 해당 없음 { $not_applicable }건(완료율 { $percent }%).

## 책임 표

column-id = ID
column-phase = 단계
column-responsibility = 책임
column-optional = 선택
column-owner = 담당자
column-due = 기한
column-status = 상태
column-done-on = 완료일
column-note = 비고
marker-optional = 선택 사항
marker-overdue = 기한 초과
value-yes = 예
value-no = 아니요

## 상태

status-not-started = 시작 전
status-in-progress = 진행 중
status-blocked = 차단됨
status-done = 완료
status-not-applicable = 해당 없음

## 승인

signoff-heading = 승인
# PARTICLE($변수, "은")는 변수 값의 받침에 맞는 조사를 붙입니다(은/는, 이/가, 을/를, 과/와,
# 으로/로, 이에요/예요). 로마자 이름처럼 판단할 수 없으면 은(는)과 같이 괄호 형태로 씁니다.
signoff-acknowledgement = 아래 서명으로 { PARTICLE($customer, "은") } 이 확인서에 열거된 고객 책임을 확인하며, { PARTICLE($customer, "과") } { PARTICLE($provider, "은") } 여기에 기록된 상태가 { $date } 현재 정확함에 동의합니다.
party-customer = 고객
party-provider = 제공자
signoff-name = 성명
signoff-title = 직책
signoff-date = 날짜
signoff-signature = 서명
signoff-signed-on = { $date } 서명
signoff-unsigned = 서명 전

## 연락처

contacts-heading = 연락처
contact-id = ID
contact-name = 이름
contact-role = 역할
contact-email = 이메일

## 통합 문서 시트

sheet-summary = 요약
sheet-tracker = 추적
sheet-contacts = 연락처
sheet-signoff = 승인

## 추적표 입력 검사

# 추적 시트에서 Excel이 보여 주는 안내: 검사하는 셀을 선택하면 입력 안내를,
# 입력한 값이 맞지 않으면 오류 메시지를 표시합니다. Excel은 입력한 값을
# 보여 줄 수 없으므로 오류 메시지에는 입력할 수 있는 값을 적습니다. 제목은
# 32자, 메시지는 255자까지입니다(Excel의 제한이며, 넘으면 잘립니다).
# 모든 메시지에서 쓸 수 있는 변수: $statuses(모든 상태 이름, 순서대로),
# $done, $blocked, $not_applicable(각 상태 이름), $done_on(열 이름),
# $sheet(연락처 시트 이름), $provider, $example(입력 예시 날짜, 예: 2026-11-20).
validation-status-prompt-title = 상태 선택
validation-status-prompt = 목록에서 상태를 선택하세요. ‘{ $blocked }’ 또는 ‘{ $not_applicable }’이면 비고를, ‘{ $done }’이면 { PARTICLE($done_on, "을") } 함께 입력해야 합니다.
validation-status-error-title = 목록에 없는 상태
validation-status-error = 입력한 값은 상태가 아닙니다. 다음 중에서 선택하세요: { $statuses }.
validation-owner-prompt-title = 담당자 선택
validation-owner-prompt = 목록에서 담당자를 선택하세요. { $sheet } 시트에 있는 사람만 지정할 수 있습니다.
validation-owner-error-title = 등록되지 않은 담당자
validation-owner-error = 입력한 이름이 { $sheet } 시트에 없습니다. 목록에서 선택하세요. 새 담당자를 추가하려면 { $provider }에 요청하세요.
validation-due-prompt-title = 기한 입력
validation-due-prompt = 기한을 날짜로 입력하세요(예: { $example }).
validation-due-error-title = 날짜가 아님
validation-due-error = 날짜가 아닙니다. { $example } 형식으로 입력하세요.
validation-done-on-prompt-title = 완료일 입력
validation-done-on-prompt = 완료한 날짜를 입력하세요(예: { $example }). 상태가 ‘{ $done }’인 책임에만 입력합니다.
validation-done-on-error-title = 날짜가 아님
validation-done-on-error = 날짜가 아닙니다. { $example } 형식으로 입력하세요.

## 쪽 머리글·바닥글

page-of = { $page } / { $pages }쪽
footer-fingerprint = 지문 { $fingerprint }
contents-heading = 목차

## 날짜

# 날짜 전체 표기: 2026년 11월 20일
date-long = { $year }년 { $month }월 { $day }일
# 날짜 셀의 Excel 표시 형식.
date-excel-format = yyyy"년" m"월" d"일"

## 이중 언어 확인서(--locale ko-KR+en-US): 어느 본문이 우선하는지.
# $primary, $secondary: 아래 language-<코드>의 언어 이름.
governing-language = 이 확인서는 { PARTICLE($primary, "와") } { PARTICLE($secondary, "로") } 작성되었습니다. 두 본문의 내용이 서로 다른 경우 { $primary } 본문이 우선합니다.
# 언어 코드별 언어 이름(이 로케일의 표기).
language-ko = 한국어
language-en = 영어
