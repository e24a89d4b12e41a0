//! A checked engagement written back out as YAML, canonically: the same
//! state always gives the same text, and reading that text back gives the
//! same state. This is the engagement a statement carries inside it: what
//! the statement states, without the comments of the file it was built
//! from (which may be a consultant's internal notes), so that a customer
//! holding only the PDF can rebuild the pack from it.

use serde::Serialize;
use serde::ser::SerializeMap;

use crate::model::{Catalogue, Engagement, ItemState};
use crate::raw::{
    RawContact, RawCustomer, RawEngagement, RawItemState, RawProvider, RawRevision, RawSignoff,
};

/// The file as a whole, sections in the order `init` writes them.
#[derive(Serialize)]
struct File<'a> {
    engagement: RawEngagement,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    contacts: Vec<RawContact>,
    #[serde(skip_serializing_if = "States::is_empty")]
    responsibilities: States<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    signoff: Vec<RawSignoff>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    revisions: Vec<RawRevision>,
}

/// Every responsibility the engagement lists (also those listed as not
/// started: they are part of the state), in catalogue order.
struct States<'a>(Vec<(&'a str, &'a ItemState)>);

impl States<'_> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for States<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (id, st) in &self.0 {
            m.serialize_entry(
                id,
                &RawItemState {
                    status: st.status.key().to_owned(),
                    owner: st.owner.clone(),
                    due: st.due.map(|d| d.to_string()),
                    done_on: st.done_on.map(|d| d.to_string()),
                    note: st.note.clone(),
                },
            )?;
        }
        m.end()
    }
}

/// The engagement's canonical YAML text (`catalogue` gives the order of
/// the responsibilities).
pub fn engagement_yaml(engagement: &Engagement, catalogue: &Catalogue) -> String {
    let e = engagement;
    let file = File {
        engagement: RawEngagement {
            id: e.id.clone(),
            catalogue: e.catalogue.clone(),
            catalogue_version: e.catalogue_version.clone(),
            locale: e.locale.map(|l| l.tag().to_owned()),
            customer: RawCustomer {
                name: e.customer.clone(),
                tenant: e.tenant.clone(),
            },
            provider: RawProvider {
                name: e.provider.clone(),
            },
            start: e.start.to_string(),
            target: e.target.to_string(),
            as_of: e.as_of.map(|d| d.to_string()),
        },
        contacts: e
            .contacts
            .iter()
            .map(|c| RawContact {
                id: c.id.clone(),
                name: c.name.clone(),
                role: c.role.clone(),
                email: c.email.clone(),
            })
            .collect(),
        responsibilities: States(
            catalogue
                .items()
                .filter_map(|(_, i)| e.states.get(&i.id).map(|s| (i.id.as_str(), s)))
                .collect(),
        ),
        signoff: e
            .signoff
            .iter()
            .map(|s| RawSignoff {
                party: s.party.key().to_owned(),
                name: s.name.clone(),
                title: s.title.clone(),
                date: s.date.map(|d| d.to_string()),
            })
            .collect(),
        revisions: e
            .revisions
            .iter()
            .map(|r| RawRevision {
                version: r.version.clone(),
                date: r.date.to_string(),
                note: r.note.clone(),
            })
            .collect(),
    };
    let body = serde_yaml::to_string(&file).unwrap_or_default();
    format!(
        "# The engagement state of {}, as checked by handover: the state its statement states.\n{body}",
        e.id
    )
}
