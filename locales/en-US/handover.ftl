# handover — English (United States) labels.
# Every message here exists in ko-KR/handover.ftl with the same variables;
# a test checks it.

## Document

document-title = Statement of Customer Responsibilities
document-subject = Customer responsibilities for { $catalogue }, engagement { $engagement }
document-keywords = handover, customer responsibilities, { $catalogue }, { $engagement }
tracker-title = Responsibility Tracker

## Cover

cover-customer = Customer
cover-tenant = Tenant
cover-languages = Languages
cover-provider = Provider
cover-engagement = Engagement
cover-catalogue = Catalogue
cover-catalogue-version = Catalogue version
cover-period = Engagement period
cover-period-range = { $start } – { $target }
cover-issued = Issue date
cover-document-version = Document version
cover-state = Document status
state-draft = Draft
state-signed-off = Signed off
state-for-signature = Issued for signature
for-signature-notice = This statement is final and issued for signature. Each party signs it digitally in its signature field on the sign-off page; a signature covers the whole statement as issued.
signature-field-tooltip = { $party } signature — { $name }
attachment-tracker = The tracking workbook of this statement
attachment-engagement = The engagement state this statement was built from, as checked
attachment-catalogue = The responsibility catalogue this statement was built from
draft-marking = DRAFT — NOT YET SIGNED OFF
draft-marking-detail = Awaiting signature: { $parties }

## Revision history

revisions-heading = Revision history
revision-version = Version
revision-date = Date
revision-note = Changes

## Summary

summary-heading = Summary
summary-phase = Phase
summary-total = Total
summary-done-percent = % done
summary-progress = Progress by phase
summary-overdue = Overdue
summary-overdue-count = { $count ->
    [0] No responsibility is overdue.
    [one] One responsibility is overdue as of { $date }.
   *[other] { $count } responsibilities are overdue as of { $date }.
}
summary-legend = Legend

## The chart in words (its alternative text, for screen readers)

chart-alt = { $title }: one bar per phase, its responsibilities by status. { $phases }
chart-alt-phase = { $phase }: { $total } in all, { $done } done, { $in_progress } in progress, { $blocked } blocked, { $not_started } not started, { $not_applicable } not applicable ({ $percent }% done).

## Responsibility table

column-id = ID
column-phase = Phase
column-responsibility = Responsibility
column-optional = Optional
column-owner = Owner
column-due = Due
column-status = Status
column-done-on = Done on
column-note = Note
marker-optional = Optional
marker-overdue = Overdue
value-yes = Yes
value-no = No

## Statuses

status-not-started = Not started
status-in-progress = In progress
status-blocked = Blocked
status-done = Done
status-not-applicable = Not applicable

## Sign-off

signoff-heading = Sign-off
signoff-acknowledgement = By signing below, { $customer } acknowledges the customer responsibilities listed in this statement, and { $customer } and { $provider } agree that the status recorded here is accurate as of { $date }.
party-customer = Customer
party-provider = Provider
signoff-name = Name
signoff-title = Title
signoff-date = Date
signoff-signature = Signature
signoff-signed-on = Signed on { $date }
signoff-unsigned = Not yet signed

## Contacts

contacts-heading = Contacts
contact-id = ID
contact-name = Name
contact-role = Role
contact-email = E-mail

## Workbook sheets

sheet-summary = Summary
sheet-tracker = Tracker
sheet-contacts = Contacts
sheet-signoff = Sign-off

## Tracker input checks

# What Excel shows on the tracker: a prompt while a checked cell is
# selected, and an error when what was typed is refused. Excel cannot show
# the value typed, so an error names what the cell takes instead. Titles
# hold at most 32 characters and messages at most 255 (Excel's limits; the
# workbook cuts anything longer). Every message may use these variables:
# $statuses (every status name, in order), $done, $blocked, $not_applicable
# (those status names), $done_on (the column's name), $sheet (the contacts
# sheet's name), $provider, and $example (a date as the customer may type
# it, e.g. 2026-11-20).
validation-status-prompt-title = Status
validation-status-prompt = Pick a status from the list. “{ $blocked }” and “{ $not_applicable }” need a note; “{ $done }” needs the date in “{ $done_on }”.
validation-status-error-title = Not a status
validation-status-error = That is not a status. Pick one of: { $statuses }.
validation-owner-prompt-title = Owner
validation-owner-prompt = Pick the owner from the list of people on the { $sheet } sheet.
validation-owner-error-title = Not a contact
validation-owner-error = That name is not on the { $sheet } sheet: pick one from the list. To add someone, ask { $provider } to add them to the contacts.
validation-due-prompt-title = Due date
validation-due-prompt = Type the date this is due, e.g. { $example }.
validation-due-error-title = Not a date
validation-due-error = That is not a date. Type one such as { $example }.
validation-done-on-prompt-title = Date done
validation-done-on-prompt = Type the date this was done, e.g. { $example }. Only a responsibility whose status is “{ $done }” has one.
validation-done-on-error-title = Not a date
validation-done-on-error = That is not a date. Type one such as { $example }.

## Page furniture

page-of = Page { $page } of { $pages }
footer-fingerprint = Fingerprint { $fingerprint }
contents-heading = Contents

## Dates

# A date written out in full: November 20, 2026
date-long = { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $day }, { $year }
# Excel number format for date cells.
date-excel-format = mmmm d, yyyy

## Bilingual statements (--locale ko-KR+en-US): which text prevails.
# $primary, $secondary: the languages' names, from language-<code> below.
governing-language = This statement is written in { $primary } and { $secondary }. In case of any difference between the two texts, the { $primary } text prevails.
# Names of languages, by language code, as this locale writes them.
language-ko = Korean
language-en = English
