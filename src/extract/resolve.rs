//! Settles meetings referred to by ordinal ("the fifth meeting", 第五次会议) against the meetings
//! whose dates any document of the corpus states.

use std::collections::BTreeMap;

use super::{DocumentFacts, MeetingKey, MeetingRef};

/// What the corpus knows of each meeting, merged across documents.
#[derive(Debug, Clone, Default)]
pub struct MeetingIndex {
    by_ordinal: BTreeMap<(String, u32), MeetingKey>,
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
        let mut by_ordinal = BTreeMap::new();
        for facts in documents {
            for meeting in &facts.meetings {
                if let Some(ordinal) = meeting.ordinal {
                    by_ordinal
                        .entry((meeting.key.body.clone(), ordinal))
                        .or_insert_with(|| meeting.key.clone());
                }
            }
        }
        Self { by_ordinal }
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
