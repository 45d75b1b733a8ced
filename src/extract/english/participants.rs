//! Who was there and who spoke, read from the fixed phrasing of English reports: attendance lists
//! by role ("The following States parties to the Convention were represented at the meeting: …"),
//! speakers by agenda item ("Under agenda item 2, statements were made by the representatives of
//! …", "The observer for … also made a statement") and panellists with the State they represent
//! ("Ms. Amanda Ledwaba (South Africa)"). The facts are those the Chinese rules make
//! ([`crate::extract::participants`]), so the graph does not know which language a list was read
//! in. How lists are read, and what else these rules share with the other languages', is in
//! [`crate::extract::attendance`].

use regex::Regex;
use std::sync::LazyLock;

use crate::corpus::Block;
use crate::extract::attendance::{
    ItemWords, ListReader, ListRole, Place, RoleWords, each_sentence, is_bracket_or_ellipsis,
    list_role, names_in, names_in_list, persons, record_statements,
};
use crate::extract::{DocumentFacts, ParticipationFact, Role, Speaker};
use crate::gazetteer::{Gazetteer, Lang, Named};

/// `were represented`, `was represented`, `attended the meeting`: the sentence is an attendance
/// list.
static ATTENDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:were|was) (?:also )?represented\b|\b(?:attended|participated in) the meeting\b",
    )
    .expect("valid regex")
});

/// `agenda item 2`, `agenda items 2 and 3`, `agenda items 2, 3 and 4`.
static ITEMS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bagenda items? (\d{1,2}(?:(?:\s*,\s*and\s+|\s*,\s*|\s+and\s+)\d{1,2})*)")
        .expect("valid regex")
});

/// `considered agenda item 3`: the paragraph opens the discussion of an item.
static CONSIDERED_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bconsidered agenda item (\d{1,2})\b").expect("valid regex"));

/// The words that make a sentence a statement: `statements were made`, `made a statement`,
/// `heard statements`, `presentations were made`, `took the floor`, `introduced`.
static SPOKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        \b(?:[Ss]tatements?|[Pp]resentations?)\ (?:was|were)\ (?:also\ )?(?:made|delivered|given)\b
        | \b(?:also\ )?(?:made|delivered|gave|heard)\ (?:an?\ |the\ )?(?:[a-z-]+\ ){0,2}(?:statements?|presentations?)\b
        | \btook\ the\ floor\b
        | \bintroduced\b",
    )
    .expect("valid regex")
});

/// `the representatives of`, `the observer for`, `panellists from`: the speakers' names follow.
static SPEAKER_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:representatives?|observers?|delegations?|panell?ists?|experts?) (?:of|for|from)\b",
    )
    .expect("valid regex")
});

/// `Ms. Amanda Ledwaba (`: a person, the bracket after the name holds the State represented.
static PERSON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:Mr|Ms|Mrs|Dr)\.?\s+((?:\p{Lu}[\p{L}'’.-]*\s+)*?\p{Lu}[\p{L}'’-]+)\s*\(")
        .expect("valid regex")
});

/// The secretariat of the Conference and its working groups is UNODC.
const SECRETARIAT: &str = "UNODC";

/// Words that end a sentence without ending it: `Mr.`, `Ms.`, `No.`.
const ABBREVIATIONS: [&str; 8] = ["Mr", "Ms", "Mrs", "Dr", "No", "Nos", "para", "paras"];

/// The roles list introductions give, most specific words first.
const ROLES: &RoleWords = &[
    (&["not parties"], ListRole::Fixed(Role::ObserverState)),
    (&["not party"], ListRole::Fixed(Role::ObserverState)),
    (&["non-part"], ListRole::Fixed(Role::ObserverState)),
    (&["not signator"], ListRole::Fixed(Role::ObserverState)),
    (&["non-signator"], ListRole::Fixed(Role::ObserverState)),
    (&["signator"], ListRole::Fixed(Role::Signatory)),
    (&["had signed"], ListRole::Fixed(Role::Signatory)),
    (
        &["regional economic integration organization"],
        ListRole::Fixed(Role::StateParty),
    ),
    (&["states parties"], ListRole::Fixed(Role::StateParty)),
    (&["parties to"], ListRole::Fixed(Role::StateParty)),
    (&["party to"], ListRole::Fixed(Role::StateParty)),
    (
        &["permanent observer"],
        ListRole::Fixed(Role::PermanentObserver),
    ),
    (
        &["standing invitation"],
        ListRole::Fixed(Role::PermanentObserver),
    ),
    (&["intergovernmental", "united nations"], ListRole::ByKind),
    (&["united nations"], ListRole::Fixed(Role::UnEntity)),
    (&["specialized agencies"], ListRole::Fixed(Role::UnEntity)),
    (&["secretariat units"], ListRole::Fixed(Role::UnEntity)),
    (&["intergovernmental"], ListRole::Fixed(Role::Igo)),
    (&["observer", "state"], ListRole::Fixed(Role::ObserverState)),
];

/// Words that join the names of a list.
const JOINING: [&str; 10] = [
    "and", "the", "The", "by", "as", "well", "also", "of", "for", "with",
];

/// How English lists are read.
fn reader() -> ListReader<'static> {
    ListReader {
        lang: Lang::En,
        joining: &JOINING,
        is_filler: &is_list_filler,
    }
}

/// Extracts attendance, statements and panellists from an English report.
pub fn extract(blocks: &[Block], gazetteer: &Gazetteer, facts: &mut DocumentFacts) {
    if !matches!(
        facts.header.doc_type.as_deref(),
        Some("report" | "draft-report")
    ) {
        return;
    }
    let items = ItemWords {
        considered: &CONSIDERED_ITEM,
        named: &ITEMS,
        abbreviations: &ABBREVIATIONS,
    };
    each_sentence(blocks, &items, facts, |place, sentence, facts| {
        if !attendance(place.block, sentence, gazetteer, facts) {
            statements(place, sentence, gazetteer, facts);
        }
    });
}

/// Attendance: the sentence names a role, then lists after a colon, or names the entity itself
/// before its verb ("The European Union, a regional economic integration organization party to
/// the Convention, was represented"). Returns whether the sentence was an attendance list.
fn attendance(
    block: usize,
    sentence: &str,
    gazetteer: &Gazetteer,
    facts: &mut DocumentFacts,
) -> bool {
    let Some(verb) = ATTENDED.find(sentence) else {
        return false;
    };
    let (intro, list) = match sentence.split_once(':') {
        Some((intro, list)) if intro.len() >= verb.end() => (intro, list),
        _ => (&sentence[verb.start()..], &sentence[..verb.start()]),
    };
    let Some(role) = list_role(intro, ROLES).or_else(|| list_role(list, ROLES)) else {
        return false;
    };
    for named in names_in_list(block, list, gazetteer, &reader(), facts) {
        facts.participations.push(ParticipationFact {
            participant: named,
            role: role.of(named, gazetteer),
            block,
        });
    }
    true
}

/// Leftovers that are not names: words in lower case (`a regional economic integration
/// organization party to the Convention`), an acronym in brackets, an elision, the secretariat.
fn is_list_filler(fragment: &str) -> bool {
    fragment.starts_with(|c: char| !c.is_uppercase())
        && !fragment.starts_with(|c: char| c.is_ascii_digit())
        || is_bracket_or_ellipsis(fragment)
        || fragment == "Secretariat"
        || fragment.starts_with("Chair")
}

/// Statements: "Statements were made by the representatives of …: A, B and C", "The observer for
/// A also made a statement", "presentations were made by the following panellists: Ms. X
/// (Italy)…", "A representative of the Secretariat made an introductory statement".
fn statements(place: &Place<'_>, sentence: &str, gazetteer: &Gazetteer, facts: &mut DocumentFacts) {
    let block = place.block;
    let panel = {
        let lower = sentence.to_lowercase();
        lower.contains("panellist")
            || lower.contains("panelist")
            || lower.contains("presentation")
            || lower.contains("moderat")
    };
    // "The discussion was led by the following panellists: …" says no verb of speech
    let (verb_start, verb_end) = match (SPOKE.find(sentence), sentence.find(':')) {
        (Some(verb), _) => (verb.start(), verb.end()),
        (None, Some(colon)) if panel => (colon, colon),
        _ => return,
    };
    // where the speakers are named: after a colon, after "the representatives of", or before the
    // verb as its subject
    let (region, listed) = match sentence.split_once(':') {
        Some((intro, list)) if intro.len() >= verb_end || intro.contains("following") => {
            (list, true)
        }
        _ => match SPEAKER_MARKER.find(sentence) {
            Some(marker) => {
                let end = if verb_start > marker.end() {
                    verb_start
                } else {
                    sentence.len()
                };
                (&sentence[marker.end()..end], true)
            }
            None => (&sentence[..verb_start], false),
        },
    };
    let mut speakers: Vec<Speaker> = Vec::new();
    let region = persons(
        place,
        region,
        panel,
        &PERSON,
        Lang::En,
        gazetteer,
        facts,
        &mut speakers,
    );
    let names = if listed {
        names_in_list(block, &region, gazetteer, &reader(), facts)
    } else {
        names_in(&region, gazetteer, Lang::En)
    };
    speakers.extend(names.into_iter().map(Speaker::Named));
    if speakers.is_empty() {
        if region.contains("Secretariat") || region.contains("secretariat") {
            if let Some(i) = gazetteer
                .organisations
                .iter()
                .position(|o| o.key == SECRETARIAT)
            {
                speakers.push(Speaker::Named(Named::Organisation(i)));
            }
        } else if region.contains("Chair")
            && let Some(chair) = facts.persons.iter().find(|p| p.role == Role::Chair)
        {
            speakers.push(Speaker::Person(chair.slug.clone()));
        }
    }
    // a list says under which items when its paragraph does
    let is_list = listed && !panel && (speakers.len() > 1 || sentence.contains("also"));
    record_statements(place, &speakers, is_list, facts);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_of_list_introductions() {
        let role = |intro: &str| match list_role(intro, ROLES) {
            Some(ListRole::Fixed(r)) => Some(r.slug()),
            Some(ListRole::ByKind) => Some("by-kind"),
            None => None,
        };
        assert_eq!(
            role("The following States parties to the Convention were represented at the meeting"),
            Some("state-party")
        );
        assert_eq!(
            role("The following States not parties to the Protocol were represented by observers"),
            Some("observer-state")
        );
        assert_eq!(
            role("The following signatory States to the Protocol were represented by observers"),
            Some("signatory")
        );
        assert_eq!(
            role(
                "The following United Nations entities and institutes were represented by observers"
            ),
            Some("un-entity")
        );
        assert_eq!(
            role("The following intergovernmental organizations were represented by observers"),
            Some("igo")
        );
        assert_eq!(
            role(
                "The following United Nations entities and intergovernmental organizations were represented"
            ),
            Some("by-kind")
        );
        assert_eq!(
            role(
                "The Sovereign Military Order of Malta, an entity maintaining a permanent observer office at Headquarters,"
            ),
            Some("permanent-observer")
        );
        assert_eq!(role("The meeting was opened by the Chair"), None);
    }

    #[test]
    fn leftovers_in_lower_case_are_not_names() {
        assert!(is_list_filler(
            "a regional economic integration organization party to the Convention"
        ));
        assert!(is_list_filler("(INTERPOL)"));
        assert!(is_list_filler("[...]"));
        assert!(!is_list_filler(
            "Office of the United Nations High Commissioner for Human Rights"
        ));
    }
}
