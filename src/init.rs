//! `handover init`: a new engagement file, every responsibility not started,
//! with comments that explain each field.

use std::fmt::Write;

use jiff::civil::Date;
use sha2::{Digest, Sha256};

use crate::locale::Locale;
use crate::model::{Catalogue, Status};

/// What the new engagement is about.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// Customer name.
    pub customer: String,
    /// Provider name.
    pub provider: String,
    /// Engagement id; derived from the customer and start year when absent.
    pub id: Option<String>,
    /// Output language.
    pub locale: Locale,
    /// Start date.
    pub start: Date,
    /// Target date.
    pub target: Date,
}

/// A YAML scalar for `s`, quoted when plain style would change its meaning.
fn scalar(s: &str) -> String {
    serde_yaml::to_string(s)
        .map(|y| y.trim_end_matches('\n').to_owned())
        .unwrap_or_else(|_| format!("{s:?}"))
}

/// The default engagement id: `ENG-<year>-<4 hex digits of the customer>`.
pub fn default_id(customer: &str, start: Date) -> String {
    let h = Sha256::digest(customer.trim().as_bytes());
    format!("ENG-{}-{:02X}{:02X}", start.year(), h[0], h[1])
}

/// Shortens `s` to about `max` characters for a comment.
fn shorten(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if s.chars().count() > max {
        out.push('…');
    }
    out
}

/// Writes the engagement file text.
pub fn engagement_yaml(cat: &Catalogue, o: &InitOptions) -> String {
    let id =
        o.id.clone()
            .unwrap_or_else(|| default_id(&o.customer, o.start));
    let statuses: Vec<&str> = Status::ALL.iter().map(|s| s.key()).collect();
    let mut y = String::new();
    let _ = writeln!(
        y,
        "# Engagement state for {} — written by `handover init`.",
        o.customer.trim()
    );
    let _ = writeln!(
        y,
        "# Check it with `handover validate FILE`; build the pack with `handover build FILE`."
    );
    let _ = writeln!(y, "# Dates are YYYY-MM-DD. Unknown fields are errors.");
    y.push_str("\nengagement:\n");
    let _ = writeln!(
        y,
        "  id: {}                      # stable id; names the output folder",
        scalar(&id)
    );
    let _ = writeln!(
        y,
        "  catalogue: {}              # the responsibility catalogue",
        scalar(&cat.id)
    );
    let _ = writeln!(
        y,
        "  catalogue_version: {}     # must match the catalogue's version",
        scalar(&cat.version)
    );
    let _ = writeln!(
        y,
        "  locale: {}                          # default output language: ko-KR or en-US",
        o.locale.tag()
    );
    let _ = writeln!(y, "  customer:");
    let _ = writeln!(y, "    name: {}", scalar(o.customer.trim()));
    let _ = writeln!(y, "    # tenant: contoso.onmicrosoft.com   # optional");
    let _ = writeln!(y, "  provider:");
    let _ = writeln!(y, "    name: {}", scalar(o.provider.trim()));
    let _ = writeln!(
        y,
        "  start: {}                       # engagement start",
        o.start
    );
    let _ = writeln!(
        y,
        "  target: {}                      # target date; not before start",
        o.target
    );
    let _ = writeln!(
        y,
        "  # as_of: {}                     # the date this state speaks for: issue date of the statement; overdue is judged against it",
        o.start
    );
    y.push_str(
        "\n# People who own responsibilities. `id` is what `owner:` refers to.\ncontacts: []\n",
    );
    y.push_str(
        "#  - { id: minjun, name: 김민준, role: IT 디렉터, email: minjun.kim@example.com }\n",
    );
    y.push_str("\n# The state of each responsibility. Fields:\n");
    let _ = writeln!(y, "#   status:  {}", statuses.join(" | "));
    y.push_str("#   owner:   a contact id          due: YYYY-MM-DD\n");
    y.push_str("#   done_on: YYYY-MM-DD (needed when done, allowed only then)\n");
    y.push_str("#   note:    free text (needed when blocked or not-applicable)\n");
    y.push_str("# Items left out count as not-started.\nresponsibilities:\n");
    let width = cat.items().map(|(_, i)| i.id.len()).max().unwrap_or(0);
    for phase in &cat.phases {
        let _ = writeln!(y, "  # {}", phase.title.get(o.locale));
        for item in &phase.items {
            let opt = if item.optional { " (optional)" } else { "" };
            let _ = writeln!(
                y,
                "  {:<w$} {{ status: not-started }}  # {}{opt}",
                format!("{}:", item.id),
                shorten(item.text.get(o.locale), 60),
                w = width + 1
            );
        }
    }
    y.push_str("\n# Who signs. The statement is a draft until every party has a date.\n");
    y.push_str("signoff: []\n");
    y.push_str("#  - { party: customer, name: 김민준, title: IT 디렉터 }             # add `date: YYYY-MM-DD` once signed\n");
    y.push_str("#  - { party: provider, name: Jane Doe, title: FastTrack Manager }\n");
    y.push_str("\n# Document control, oldest first (optional).\nrevisions: []\n");
    let _ = writeln!(
        y,
        "#  - {{ version: \"1.0\", date: {}, note: First issue }}",
        o.start
    );
    y
}
