//! Every locale folder defines the reference's (en-US) messages with the
//! same variables, and every label the outputs use exists.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{self, Entry, Expression, InlineExpression, Pattern, PatternElement};
use handover::i18n::{PARTICLE_FUNCTION, Translator, bundled_ftl};
use handover::locale::Locale;
use handover::particle::Particle;
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
            for a in &arguments.named {
                vars_in_inline(&a.value, out);
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
fn every_locale_folder_defines_the_references_messages_with_its_variables() {
    let folders = bundled_ftl();
    assert_eq!(folders[0].0, Locale::EN_US, "the reference comes first");
    assert!(
        folders.iter().any(|(l, _)| *l == Locale::KO_KR),
        "ko-KR is compiled in"
    );
    let en = messages(folders[0].1);
    for (locale, ftl) in &folders[1..] {
        let other = messages(ftl);
        let ids: Vec<&String> = other.keys().collect();
        let en_ids: Vec<&String> = en.keys().collect();
        assert_eq!(ids, en_ids, "{locale}: message ids differ from en-US's");
        for (id, vars) in &other {
            assert_eq!(vars, &en[id], "{locale}: variables of `{id}` differ");
        }
        // Sanity: the check sees variables at all.
        assert_eq!(
            other["signoff-acknowledgement"].iter().collect::<Vec<_>>(),
            ["customer", "date", "provider"]
        );
    }
    assert!(en.len() > 60, "{}", en.len());
    // The translator's own list of the reference's messages (what it
    // reports a user's folder lacks) is the same list.
    let tr = Translator::global().unwrap();
    assert!(tr.gaps(Locale::EN_US).is_empty());
    let one = Translator::new(&[(Locale::EN_US, "document-title = Only this\n")]).unwrap();
    assert_eq!(one.gaps(Locale::EN_US).len(), en.len() - 1);
}

/// Every function call in a pattern: its name and its positional arguments.
fn calls_in_pattern<'a>(p: &'a Pattern<&'a str>, out: &mut Vec<&'a InlineExpression<&'a str>>) {
    fn inline<'a>(i: &'a InlineExpression<&'a str>, out: &mut Vec<&'a InlineExpression<&'a str>>) {
        match i {
            InlineExpression::FunctionReference { arguments, .. } => {
                out.push(i);
                arguments.positional.iter().for_each(|a| inline(a, out));
            }
            InlineExpression::Placeable { expression } => expr(expression, out),
            _ => {}
        }
    }
    fn expr<'a>(e: &'a Expression<&'a str>, out: &mut Vec<&'a InlineExpression<&'a str>>) {
        match e {
            Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    calls_in_pattern(&v.value, out);
                }
            }
            Expression::Inline(i) => inline(i, out),
        }
    }
    for el in &p.elements {
        if let PatternElement::Placeable { expression } = el {
            expr(expression, out);
        }
    }
}

#[test]
fn every_function_called_is_particle_with_a_variable_and_a_known_particle() {
    let mut seen = 0;
    for (locale, ftl) in bundled_ftl() {
        let res: ast::Resource<&str> = fluent_syntax::parser::parse(ftl).expect("parses");
        for e in &res.body {
            let Entry::Message(m) = e else { continue };
            let Some(value) = &m.value else { continue };
            let mut calls = Vec::new();
            calls_in_pattern(value, &mut calls);
            for call in calls {
                let InlineExpression::FunctionReference { id, arguments } = call else {
                    unreachable!()
                };
                let at = format!("{locale} `{}`", m.id.name);
                assert_eq!(id.name, PARTICLE_FUNCTION, "{at}: an unknown function");
                assert!(arguments.named.is_empty(), "{at}: named arguments");
                match &arguments.positional[..] {
                    [
                        InlineExpression::VariableReference { .. },
                        InlineExpression::StringLiteral { value },
                    ] => assert!(
                        Particle::from_name(value).is_some(),
                        "{at}: `{value}` is not a known particle"
                    ),
                    other => panic!("{at}: PARTICLE($variable, \"은\"), not {other:?}"),
                }
                seen += 1;
            }
        }
    }
    // Sanity: the check sees the calls (three in the sign-off sentence).
    assert!(seen >= 3, "{seen}");
}

/// No particle follows a variable in its bracketed form: `{ $customer }은(는)`
/// is `{ PARTICLE($customer, "은") }`.
#[test]
fn no_bracketed_particle_follows_a_variable_in_korean() {
    let ko = bundled_ftl()
        .into_iter()
        .find(|(l, _)| *l == Locale::KO_KR)
        .map(|(_, t)| t)
        .unwrap();
    for (n, line) in ko.lines().enumerate() {
        for p in Particle::ALL {
            let (c, v) = (p.after_consonant(), p.after_vowel());
            for form in [p.bracketed(), &format!("{c}({v})"), &format!("{v}({c})")] {
                for var_end in ["}", "}’", "}\"", "})"] {
                    assert!(
                        !line.contains(&format!("{var_end}{form}")),
                        "ko-KR line {}: `{form}` after a variable: {line}",
                        n + 1
                    );
                }
            }
        }
    }
}

#[test]
fn every_label_and_status_resolves_in_every_locale_without_isolation_marks() {
    let tr = Translator::global().unwrap();
    for l in Locale::bundled() {
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
    let tr = Translator::global().unwrap();
    let d = jiff::civil::date(2026, 11, 20);
    assert_eq!(tr.date(Locale::KO_KR, d).unwrap(), "2026년 11월 20일");
    assert_eq!(tr.date(Locale::EN_US, d).unwrap(), "November 20, 2026");
    for m in 1..=12 {
        let en = tr
            .date(Locale::EN_US, jiff::civil::date(2026, m, 1))
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
        for l in Locale::bundled() {
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
