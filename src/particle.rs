//! Korean particles (조사) that fit the word before them.
//!
//! A Korean particle has two forms: one after a final consonant (받침), one
//! after a vowel: 한빛 산업**은** / 콘토소 코리아**는**. `으로`/`로` has a third
//! case: after ㄹ it is `로` (서울로, not 서울으로). Which form fits is read
//! from the last sound of the word:
//!
//! - a Hangul syllable carries its final consonant in its code point;
//! - a number is read in Sino-Korean (1 일, 2 이, 10 십, 100 백, 10000 만, …),
//!   unless Latin letters come before it (`Team 7` may be read 세븐);
//! - `(주)`, `(유)` and `㈜` are read 주, 유 (or 주식회사, 유한회사: no 받침 either
//!   way); another legal form (`(합)`, `(사)`) is unsure; any other bracketed
//!   ending counts only when the bracket's content and the words before it
//!   end alike; closing quotes and trailing punctuation are not read;
//! - anything else (Latin letters, symbols, an empty word) cannot be decided,
//!   and the particle keeps its bracketed form: `FastTrack Center은(는)`.

/// A particle with a form after a consonant and one after a vowel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Particle {
    /// 은/는 (topic).
    Topic,
    /// 이/가 (subject).
    Subject,
    /// 을/를 (object).
    Object,
    /// 과/와 (and, with).
    Comitative,
    /// 으로/로 (by, as, toward); `로` after ㄹ too.
    Instrumental,
    /// 이에요/예요 (is).
    Copula,
}

/// How a word ends, for its particle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// No final consonant (코리아, 2 이).
    Vowel,
    /// The final consonant ㄹ (서울, 1 일).
    Rieul,
    /// Another final consonant (산업, 3 삼, 10 십).
    Consonant,
}

impl Particle {
    /// Every particle.
    pub const ALL: [Particle; 6] = [
        Particle::Topic,
        Particle::Subject,
        Particle::Object,
        Particle::Comitative,
        Particle::Instrumental,
        Particle::Copula,
    ];

    /// The form after a final consonant: `은`, `이`, `을`, `과`, `으로`, `이에요`.
    pub fn after_consonant(self) -> &'static str {
        match self {
            Particle::Topic => "은",
            Particle::Subject => "이",
            Particle::Object => "을",
            Particle::Comitative => "과",
            Particle::Instrumental => "으로",
            Particle::Copula => "이에요",
        }
    }

    /// The form after a vowel: `는`, `가`, `를`, `와`, `로`, `예요`.
    pub fn after_vowel(self) -> &'static str {
        match self {
            Particle::Topic => "는",
            Particle::Subject => "가",
            Particle::Object => "를",
            Particle::Comitative => "와",
            Particle::Instrumental => "로",
            Particle::Copula => "예요",
        }
    }

    /// The form written when the ending cannot be decided: `은(는)`, `이(가)`,
    /// `을(를)`, `와(과)`, `(으)로`, `이에요(예요)`.
    pub fn bracketed(self) -> &'static str {
        match self {
            Particle::Topic => "은(는)",
            Particle::Subject => "이(가)",
            Particle::Object => "을(를)",
            Particle::Comitative => "와(과)",
            Particle::Instrumental => "(으)로",
            Particle::Copula => "이에요(예요)",
        }
    }

    /// The form after a word ending in `ending`.
    pub fn form(self, ending: Ending) -> &'static str {
        match (ending, self) {
            (Ending::Consonant, _) => self.after_consonant(),
            (Ending::Rieul, Particle::Instrumental) | (Ending::Vowel, _) => self.after_vowel(),
            (Ending::Rieul, _) => self.after_consonant(),
        }
    }

    /// The particle named by any of its forms (`은`, `는`, `은(는)`, `는(은)`),
    /// surrounding spaces ignored.
    pub fn from_name(name: &str) -> Option<Particle> {
        let name = name.trim();
        Particle::ALL.into_iter().find(|p| {
            let (c, v) = (p.after_consonant(), p.after_vowel());
            name == c
                || name == v
                || name == p.bracketed()
                || name == format!("{c}({v})")
                || name == format!("{v}({c})")
        })
    }
}

/// `word` followed by the form of `particle` that fits it, or the bracketed
/// form when its ending cannot be decided. Trailing spaces of `word` are
/// dropped (a particle is written straight after its word).
pub fn attach(word: &str, particle: Particle) -> String {
    let form = ending(word).map_or(particle.bracketed(), |e| particle.form(e));
    format!("{}{form}", word.trim_end())
}

/// `word` followed by the bracketed form of `particle`, whatever it ends in.
pub fn attach_bracketed(word: &str, particle: Particle) -> String {
    format!("{}{}", word.trim_end(), particle.bracketed())
}

/// [`attach`] with the particle named by one of its forms
/// ([`Particle::from_name`]); a name that is not a known particle is
/// written after the word as it is.
pub fn attach_named(word: &str, name: &str) -> String {
    match Particle::from_name(name) {
        Some(p) => attach(word, p),
        None => format!("{}{name}", word.trim_end()),
    }
}

/// [`attach_bracketed`] with the particle named by one of its forms; a
/// name that is not a known particle is written after the word as it is.
pub fn attach_named_bracketed(word: &str, name: &str) -> String {
    match Particle::from_name(name) {
        Some(p) => attach_bracketed(word, p),
        None => format!("{}{name}", word.trim_end()),
    }
}

/// How `word` ends when read aloud, if that can be decided.
pub fn ending(word: &str) -> Option<Ending> {
    let t = word.trim_end_matches(|c: char| c.is_whitespace() || SILENT.contains(&c));
    let last = t.chars().next_back()?;
    if let Some(open) = opener(last) {
        return bracketed_ending(&t[..t.len() - last.len_utf8()], open, last);
    }
    if let Some(e) = syllable_ending(last) {
        return Some(e);
    }
    if last.is_ascii_digit() {
        return number_ending(t);
    }
    None
}

/// Closing quotes and punctuation that are not read.
const SILENT: [char; 15] = [
    '"', '\'', '’', '”', '»', '›', '」', '』', '.', ',', '!', '?', '…', ';', ':',
];

/// The opening bracket of a closing one.
fn opener(close: char) -> Option<char> {
    Some(match close {
        ')' => '(',
        ']' => '[',
        '}' => '{',
        '>' => '<',
        '）' => '（',
        '］' => '［',
        '〕' => '〔',
        '】' => '【',
        '〉' => '〈',
        '》' => '《',
        _ => return None,
    })
}

/// `before` ends with the content of a bracket closed by `close` (already
/// removed). `(주)` and `(유)` read the same abbreviated or in full (주식회사,
/// 유한회사), another single character is unsure; otherwise the bracket
/// counts only when its content and the words before it end alike, or
/// nothing comes before it.
fn bracketed_ending(before: &str, open: char, close: char) -> Option<Ending> {
    let mut depth = 0usize;
    let mut at = None;
    for (i, c) in before.char_indices().rev() {
        if c == close {
            depth += 1;
        } else if c == open {
            if depth == 0 {
                at = Some(i);
                break;
            }
            depth -= 1;
        }
    }
    let at = at?;
    let inner = before[at + open.len_utf8()..].trim();
    let outer = &before[..at];
    // One syllable in brackets is most likely a legal form, read abbreviated
    // or in full: (주) 주식회사, (유) 유한회사 agree; (합) 합자회사, (사)
    // 사단법인, (재) 재단법인 … do not.
    let mut chars = inner.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return matches!(c, '주' | '유').then_some(Ending::Vowel);
    }
    let inner = ending(inner);
    if outer.trim().is_empty() {
        return inner;
    }
    let outer = ending(outer);
    if inner == outer { inner } else { None }
}

/// The ending of a Hangul syllable, or of a parenthesized or circled one
/// (`㈜` 주, `㉮` 가: none has a final consonant).
fn syllable_ending(c: char) -> Option<Ending> {
    let u = u32::from(c);
    match u {
        0xAC00..=0xD7A3 => Some(match (u - 0xAC00) % 28 {
            0 => Ending::Vowel,
            8 => Ending::Rieul,
            _ => Ending::Consonant,
        }),
        0x320E..=0x321C | 0x326E..=0x327E => Some(Ending::Vowel),
        _ => None,
    }
}

/// The ending of `t`, which ends in an ASCII digit, read in Sino-Korean.
fn number_ending(t: &str) -> Option<Ending> {
    let start = t
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_ascii_digit() || c == ',')
        .last()
        .map_or(t.len(), |(i, _)| i);
    let (before, number) = t.split_at(start);
    let digits: Vec<u8> = number
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect();
    // Latin letters before the number: it may be read in English.
    let letter = before.chars().rev().find(|c| c.is_alphanumeric());
    if letter.is_some_and(|c| c.is_alphabetic() && !is_hangul_or_han(c)) {
        return None;
    }
    let last = *digits.last()?;
    // After a decimal point each digit is read by itself.
    let decimal =
        before.ends_with('.') && before[..before.len() - 1].ends_with(|c: char| c.is_ascii_digit());
    if last != 0 || decimal {
        return Some(digit_ending(last));
    }
    let zeros = digits.iter().rev().take_while(|&&d| d == 0).count();
    // 영 (all zeros), 십, 백, 천, 만 (up to 천만), 억 (up to 천억) all end in
    // a consonant that is not ㄹ, and so do 영 and 공 when the digits are read
    // one by one. From 조 (10^12) on the readings disagree.
    (zeros < 12 || zeros == digits.len()).then_some(Ending::Consonant)
}

/// 영 일 이 삼 사 오 육 칠 팔 구.
fn digit_ending(d: u8) -> Ending {
    match d {
        1 | 7 | 8 => Ending::Rieul,
        0 | 3 | 6 => Ending::Consonant,
        _ => Ending::Vowel,
    }
}

fn is_hangul_or_han(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7A3 | 0x4E00..=0x9FFF | 0x3400..=0x4DBF)
}

#[cfg(test)]
mod tests {
    use super::Particle::{Comitative, Copula, Instrumental, Object, Subject, Topic};
    use super::*;

    #[test]
    fn hangul_syllables_decide_every_particle() {
        for (word, topic, and, subject, object, by, is) in [
            ("콘토소 코리아", "는", "와", "가", "를", "로", "예요"),
            ("한빛 산업", "은", "과", "이", "을", "으로", "이에요"),
            ("서울", "은", "과", "이", "을", "로", "이에요"),
            ("판교", "는", "와", "가", "를", "로", "예요"),
        ] {
            for (p, form) in [
                (Topic, topic),
                (Comitative, and),
                (Subject, subject),
                (Object, object),
                (Instrumental, by),
                (Copula, is),
            ] {
                assert_eq!(attach(word, p), format!("{word}{form}"), "{word} {p:?}");
            }
        }
    }

    #[test]
    fn final_consonants_are_read_from_the_code_point() {
        // 각 (ㄱ, 1), 갈 (ㄹ, 8), 갛 (ㅎ, 27), 가 (none), 힣 (the last syllable).
        assert_eq!(ending("각"), Some(Ending::Consonant));
        assert_eq!(ending("갈"), Some(Ending::Rieul));
        assert_eq!(ending("갛"), Some(Ending::Consonant));
        assert_eq!(ending("가"), Some(Ending::Vowel));
        assert_eq!(ending("힣"), Some(Ending::Consonant));
        assert_eq!(ending("하"), Some(Ending::Vowel));
    }

    #[test]
    fn digits_are_read_in_sino_korean() {
        for (word, topic, by) in [
            ("코리아 0", "은", "으로"),
            ("코리아 1", "은", "로"),
            ("코리아 2", "는", "로"),
            ("코리아 3", "은", "으로"),
            ("코리아 4", "는", "로"),
            ("코리아 5", "는", "로"),
            ("코리아 6", "은", "으로"),
            ("코리아 7", "은", "로"),
            ("코리아 8", "은", "로"),
            ("코리아 9", "는", "로"),
            ("제2공장 12", "는", "로"),
            ("1", "은", "로"),
            ("2,002", "는", "로"),
        ] {
            assert_eq!(attach(word, Topic), format!("{word}{topic}"), "{word}");
            assert_eq!(attach(word, Instrumental), format!("{word}{by}"), "{word}");
        }
    }

    #[test]
    fn round_numbers_end_in_a_consonant_up_to_a_trillion() {
        // 십, 백, 천, 만, 십만, 억, 천억; 0 and 00 are 영; 010 (공일공) too.
        for word in [
            "10",
            "100",
            "1000",
            "1,000",
            "10000",
            "100000",
            "100000000",
            "500000000000",
            "0",
            "00",
            "010",
            "1.0",
        ] {
            assert_eq!(ending(word), Some(Ending::Consonant), "{word}");
            assert_eq!(attach(word, Instrumental), format!("{word}으로"));
        }
        // 조 (no 받침) read as a magnitude, 영 read digit by digit.
        assert_eq!(attach("1000000000000", Topic), "1000000000000은(는)");
        // Decimals: 1.5 is 일 점 오.
        assert_eq!(attach("1.5", Topic), "1.5는");
    }

    #[test]
    fn latin_and_symbols_keep_the_bracketed_form() {
        for word in [
            "FastTrack Center",
            "Northwind Traders",
            "Team 7",
            "Windows 10",
            "R2-D2",
            "Contoso (CK)",
            "ㅋ",
            "★",
            "",
            "   ",
        ] {
            for p in Particle::ALL {
                assert_eq!(ending(word), None, "{word}");
                assert_eq!(
                    attach(word, p),
                    format!("{}{}", word.trim_end(), p.bracketed())
                );
            }
        }
        assert_eq!(attach("FastTrack Center", Topic), "FastTrack Center은(는)");
        assert_eq!(
            attach("FastTrack Center", Comitative),
            "FastTrack Center와(과)"
        );
        assert_eq!(attach("", Instrumental), "(으)로");
    }

    #[test]
    fn company_forms_quotes_and_punctuation() {
        assert_eq!(attach("한빛(주)", Topic), "한빛(주)는");
        assert_eq!(attach("한빛 산업(주)", Comitative), "한빛 산업(주)와");
        assert_eq!(attach("콘토소 ㈜", Topic), "콘토소 ㈜는");
        assert_eq!(attach("(주)한빛", Topic), "(주)한빛은");
        assert_eq!(attach("한빛(유)", Subject), "한빛(유)가");
        assert_eq!(attach("\"한빛\"", Topic), "\"한빛\"은");
        assert_eq!(attach("‘서울’", Instrumental), "‘서울’로");
        assert_eq!(attach("한빛 산업 ", Topic), "한빛 산업은");
        assert_eq!(attach("콘토소 코리아!", Topic), "콘토소 코리아!는");
        // Brackets whose content reads unlike the words before them: unsure.
        assert_eq!(attach("한빛(합)", Topic), "한빛(합)은(는)");
        assert_eq!(attach("한빛(사)", Topic), "한빛(사)은(는)");
        assert_eq!(attach("한빛 (2)", Topic), "한빛 (2)은(는)");
        assert_eq!(attach("콘토소(서울)", Topic), "콘토소(서울)은(는)");
        assert_eq!(attach("Contoso (콘토소)", Topic), "Contoso (콘토소)은(는)");
        // …and alike, or alone: decided.
        assert_eq!(attach("산업(공업)", Topic), "산업(공업)은");
        assert_eq!(attach("[한빛]", Topic), "[한빛]은");
        assert_eq!(attach("한빛 (2(3))", Topic), "한빛 (2(3))은(는)");
        assert_eq!(attach("한빛 (산업(공업))", Topic), "한빛 (산업(공업))은");
        assert_eq!(attach("한빛)", Topic), "한빛)은(는)");
        assert_eq!(attach("㈝", Topic), "㈝은(는)");
    }

    #[test]
    fn particles_are_named_by_any_form() {
        for p in Particle::ALL {
            assert_eq!(Particle::from_name(p.after_consonant()), Some(p));
            assert_eq!(Particle::from_name(p.after_vowel()), Some(p));
            assert_eq!(Particle::from_name(p.bracketed()), Some(p));
        }
        assert_eq!(Particle::from_name("는(은)"), Some(Topic));
        assert_eq!(Particle::from_name("과(와)"), Some(Comitative));
        assert_eq!(Particle::from_name(" 와 "), Some(Comitative));
        assert_eq!(Particle::from_name("에"), None);
        assert_eq!(Particle::from_name(""), None);
    }

    #[test]
    fn unknown_particles_are_written_as_given() {
        assert_eq!(attach_named("한빛 산업", "는"), "한빛 산업은");
        assert_eq!(attach_named("콘토소 코리아", "은(는)"), "콘토소 코리아는");
        assert_eq!(attach_named("한빛 산업", "에"), "한빛 산업에");
        assert_eq!(attach_named("한빛 산업", ""), "한빛 산업");
        assert_eq!(attach_named_bracketed("12", "는"), "12은(는)");
        assert_eq!(attach_named_bracketed("12", "에"), "12에");
    }
}
