//! Both locales define the same messages with the same variables, and every
//! label the outputs use exists.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{self, Entry, Expression, InlineExpression, Pattern, PatternElement};
use handover::i18n::{BUNDLED_FTL, Translator};
use handover::locale::Locale;
use handover::report::Labels;

fn vars_in_pattern(p: &Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            vars_in_expr(expression, out);
        }
    }
}

fn vars_in_expr(e: &Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        Expression::Select { selector, variants } => {
            vars_in_inline(selector, out);
            for v in variants {
                vars_in_pattern(&v.value, out);
            }
        }
        Expression::Inline(i) => vars_in_inline(i, out),
    }
}

fn vars_in_inline(i: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        InlineExpression::Placeable { expression } => vars_in_expr(expression, out),
        InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                vars_in_inline(a, out);
            }
        }
        _ => {}
    }
}

fn messages(ftl: &str) -> BTreeMap<String, BTreeSet<String>> {
    let res: ast::Resource<&str> = fluent_syntax::parser::parse(ftl).expect("parses");
    res.body
        .iter()
        .filter_map(|e| match e {
            Entry::Message(m) => {
                let mut vars = BTreeSet::new();
                if let Some(v) = &m.value {
                    vars_in_pattern(v, &mut vars);
                }
                Some((m.id.name.to_owned(), vars))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn both_locales_define_the_same_messages_with_the_same_variables() {
    let ko = messages(BUNDLED_FTL[0].1);
    let en = messages(BUNDLED_FTL[1].1);
    assert_eq!(BUNDLED_FTL[0].0, Locale::KoKr);
    let ko_ids: Vec<&String> = ko.keys().collect();
    let en_ids: Vec<&String> = en.keys().collect();
    assert_eq!(ko_ids, en_ids, "message ids differ");
    for (id, vars) in &ko {
        assert_eq!(vars, &en[id], "variables of `{id}` differ");
    }
    // Sanity: the check sees variables at all.
    assert_eq!(
        ko["signoff-acknowledgement"].iter().collect::<Vec<_>>(),
        ["customer", "date", "provider"]
    );
    assert!(ko.len() > 60, "{}", ko.len());
}

#[test]
fn every_label_and_status_resolves_in_every_locale_without_isolation_marks() {
    let tr = Translator::bundled().unwrap();
    for l in Locale::ALL {
        for id in Labels::IDS {
            let s = tr.message(l, id, &[]).unwrap_or_else(|e| panic!("{e}"));
            assert!(!s.trim().is_empty(), "{l} {id}");
            assert!(!s.contains(['\u{2068}', '\u{2069}']), "{l} {id}: {s:?}");
        }
        for st in handover::model::Status::ALL {
            tr.message(l, &format!("status-{}", st.key()), &[]).unwrap();
        }
    }
}

#[test]
fn dates_are_localized() {
    let tr = Translator::bundled().unwrap();
    let d = jiff::civil::date(2026, 11, 20);
    assert_eq!(tr.date(Locale::KoKr, d).unwrap(), "2026년 11월 20일");
    assert_eq!(tr.date(Locale::EnUs, d).unwrap(), "November 20, 2026");
    for m in 1..=12 {
        let en = tr
            .date(Locale::EnUs, jiff::civil::date(2026, m, 1))
            .unwrap();
        assert!(
            en.ends_with(" 1, 2026") && !en.starts_with(char::is_numeric),
            "{en}"
        );
    }
}

#[test]
fn the_trackers_input_messages_fit_excels_limits_in_every_locale() {
    // Excel refuses a validation title over 32 UTF-16 units and a message
    // over 255; the workbook would cut them. The bundled texts must fit as
    // they are, for every sample (their names and dates filled in).
    let units = |s: &str| s.encode_utf16().count();
    let mut checked = 0;
    for sample in handover::bundled::SAMPLES {
        let loaded = handover::load(&sample.source(), None).unwrap_or_else(|e| panic!("{e}"));
        for l in Locale::ALL {
            let r = loaded.report(l, None).unwrap();
            let v = &r.validation;
            for (column, m) in [
                ("status", &v.status),
                ("owner", &v.owner),
                ("due", &v.due),
                ("done-on", &v.done_on),
            ] {
                assert!(
                    handover::report::ValidationMessages::COLUMNS.contains(&column),
                    "{column}"
                );
                for (t, max) in [
                    (&m.prompt_title, 32),
                    (&m.prompt, 255),
                    (&m.error_title, 32),
                    (&m.error, 255),
                ] {
                    assert!(
                        !t.trim().is_empty() && units(t) <= max,
                        "{} {l} {column}: {} units, at most {max}: {t}",
                        sample.id,
                        units(t)
                    );
                    assert!(!t.contains(['\u{2068}', '\u{2069}', '{']), "{l}: {t:?}");
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 3 * 2 * 4 * 4);
}
