//! Settles meetings referred to by ordinal ("the fifth meeting", 第五次会议) against the meetings
//! whose dates any document of the corpus states.

use std::collections::BTreeMap;

use super::{DocumentFacts, MeetingKey, MeetingRef};

/// What the corpus knows of each meeting, merged across documents.
#[derive(Debug, Clone, Default)]
pub struct MeetingIndex {
    by_ordinal: BTreeMap<(String, u32), MeetingKey>,
}

/// A meeting a document dates, with its ordinal.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OrdinalEntry {
    /// Body key.
    pub body: String,
    /// The meeting's number among the body's meetings.
    pub ordinal: u32,
    /// The meeting.
    pub key: MeetingKey,
}

/// A reference no document could settle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsettled {
    /// The reference.
    pub reference: MeetingRef,
    /// Why.
    pub reason: String,
}

impl MeetingIndex {
    /// Indexes the dated meetings of all documents.
    pub fn new<'a>(documents: impl IntoIterator<Item = &'a DocumentFacts>) -> Self {
        Self::from_entries(documents.into_iter().flat_map(Self::entries_of))
    }

    /// What one document adds to the index: the meetings it dates, with their ordinals.
    pub fn entries_of(facts: &DocumentFacts) -> Vec<OrdinalEntry> {
        facts
            .meetings
            .iter()
            .filter_map(|m| {
                m.ordinal.map(|ordinal| OrdinalEntry {
                    body: m.key.body.clone(),
                    ordinal,
                    key: m.key.clone(),
                })
            })
            .collect()
    }

    /// The index of the documents' entries, taken in corpus order: the first document to date a
    /// meeting settles it.
    pub fn from_entries(entries: impl IntoIterator<Item = OrdinalEntry>) -> Self {
        let mut by_ordinal = BTreeMap::new();
        for entry in entries {
            by_ordinal
                .entry((entry.body, entry.ordinal))
                .or_insert(entry.key);
        }
        Self { by_ordinal }
    }

    /// A digest of the index: documents made against an index with the same digest resolve
    /// their references the same way.
    pub fn digest(&self) -> String {
        self.by_ordinal
            .iter()
            .map(|((body, ordinal), key)| format!("{body}#{ordinal}={key};"))
            .collect()
    }

    /// The meeting a reference stands for.
    pub fn resolve(&self, reference: &MeetingRef) -> Result<MeetingKey, Unsettled> {
        match reference {
            MeetingRef::Dated(key) => Ok(key.clone()),
            MeetingRef::Ordinal {
                body,
                ordinal,
                year,
            } => {
                let key = self
                    .by_ordinal
                    .get(&(body.clone(), *ordinal))
                    .ok_or_else(|| Unsettled {
                        reference: reference.clone(),
                        reason: format!(
                            "no document gives the date of meeting {ordinal} of {body}"
                        ),
                    })?;
                match year {
                    Some(y) if *y != key.start.year => Err(Unsettled {
                        reference: reference.clone(),
                        reason: format!(
                            "meeting {ordinal} of {body} was held in {}, the text says {y}",
                            key.start.year
                        ),
                    }),
                    _ => Ok(key.clone()),
                }
            }
        }
    }
}
