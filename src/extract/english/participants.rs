//! Who was there and who spoke, read from the fixed phrasing of English reports: attendance lists
//! by role ("The following States parties to the Convention were represented at the meeting: …"),
//! speakers by agenda item ("Under agenda item 2, statements were made by the representatives of
//! …", "The observer for … also made a statement") and panellists with the State they represent
//! ("Ms. Amanda Ledwaba (South Africa)"). The facts are those the Chinese rules make
//! ([`crate::extract::participants`]), so the graph does not know which language a list was read
//! in.
//!
//! Lists are read with the gazetteer's English matcher rather than by splitting on commas and
//! "and", because both occur inside names ("Korea, Republic of", "Trinidad and Tobago", "United
//! Kingdom of Great Britain and Northern Ireland"). What the matcher leaves of a list, once
//! separators and small words are removed, is a name the gazetteer does not know: it is reported,
//! never dropped silently.

use regex::Regex;
use std::sync::LazyLock;

use crate::corpus::{Block, BlockKind};
use crate::extract::{
    DocumentFacts, Mention, ParticipationFact, PersonFact, Role, Speaker, StatementFact,
    UnresolvedName,
};
use crate::gazetteer::{Gazetteer, Lang, Named, OrganisationKind};

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

#[derive(Debug, Clone, Copy)]
enum ListRole {
    Fixed(Role),
    /// A mixed list of UN entities and intergovernmental organisations: each by its kind.
    ByKind,
}

/// The role a list's introduction gives, most specific words first.
fn list_role(intro: &str) -> Option<ListRole> {
    let intro = intro.to_lowercase();
    let has = |w: &str| intro.contains(w);
    let role = if has("not parties")
        || has("not party")
        || has("non-part")
        || has("not signator")
        || has("non-signator")
    {
        ListRole::Fixed(Role::ObserverState)
    } else if has("signator") || has("had signed") {
        ListRole::Fixed(Role::Signatory)
    } else if has("regional economic integration organization")
        || has("states parties")
        || has("parties to")
        || has("party to")
    {
        ListRole::Fixed(Role::StateParty)
    } else if has("permanent observer") || has("standing invitation") {
        ListRole::Fixed(Role::PermanentObserver)
    } else if has("intergovernmental") && has("united nations") {
        ListRole::ByKind
    } else if has("united nations") || has("specialized agencies") || has("secretariat units") {
        ListRole::Fixed(Role::UnEntity)
    } else if has("intergovernmental") {
        ListRole::Fixed(Role::Igo)
    } else if has("observer") && has("state") {
        ListRole::Fixed(Role::ObserverState)
    } else {
        return None;
    };
    Some(role)
}

/// Extracts attendance, statements and panellists from an English report.
pub fn extract(blocks: &[Block], gazetteer: &Gazetteer, facts: &mut DocumentFacts) {
    if !matches!(
        facts.header.doc_type.as_deref(),
        Some("report" | "draft-report")
    ) {
        return;
    }
    let item_titles: Vec<(u32, String)> = facts
        .agenda
        .iter()
        .map(|i| (i.number, i.title.to_lowercase()))
        .collect();
    let mut section_item: Option<u32> = None;
    for (index, block) in blocks.iter().enumerate() {
        if block.kind == BlockKind::Heading {
            section_item = heading_item(&block.text, &item_titles);
            continue;
        }
        if block.kind != BlockKind::Paragraph {
            continue;
        }
        let text = one_line(&block.text);
        if let Some(n) = CONSIDERED_ITEM
            .captures(&text)
            .and_then(|c| c[1].parse().ok())
        {
            section_item = Some(n);
        }
        let stated = stated_items(&text);
        for sentence in sentences(&text) {
            if attendance(index, sentence, gazetteer, facts) {
                continue;
            }
            let place = Place {
                block: index,
                stated: &stated,
                section_item,
            };
            statements(&place, sentence, gazetteer, facts);
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    facts
        .statements
        .retain(|s| seen.insert((s.speaker.clone(), s.item, s.block)));
}

/// The block's lines joined by single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Sentences: split after a full stop followed by a space and a capital, except after `Mr.`.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(". ") {
        let word = text[start..i]
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        let next_is_capital = text[i + 2..].chars().next().is_some_and(char::is_uppercase);
        if next_is_capital && !ABBREVIATIONS.contains(&word) && word.chars().count() > 1 {
            out.push(&text[start..=i]);
            start = i + 2;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// A heading that repeats an agenda item's title opens that item's section.
fn heading_item(heading: &str, items: &[(u32, String)]) -> Option<u32> {
    let heading = one_line(heading).to_lowercase();
    let title = heading
        .split_once(". ")
        .map_or(heading.as_str(), |(_, t)| t)
        .trim();
    items
        .iter()
        .find(|(_, t)| !t.is_empty() && (t == title || title.ends_with(t.as_str())))
        .map(|(n, _)| *n)
}

fn stated_items(text: &str) -> Vec<u32> {
    static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+").expect("valid regex"));
    let mut items = Vec::new();
    for caps in ITEMS.captures_iter(text) {
        for n in NUMBER.find_iter(&caps[1]) {
            if let Ok(n) = n.as_str().parse()
                && !items.contains(&n)
            {
                items.push(n);
            }
        }
    }
    items
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
    let Some(role) = list_role(intro).or_else(|| list_role(list)) else {
        return false;
    };
    for named in names_in_list(block, list, gazetteer, facts) {
        let role = match role {
            ListRole::Fixed(r) => r,
            ListRole::ByKind => match named {
                Named::Organisation(i)
                    if gazetteer.organisations[i].kind == OrganisationKind::UnEntity =>
                {
                    Role::UnEntity
                }
                _ => Role::Igo,
            },
        };
        facts.participations.push(ParticipationFact {
            participant: named,
            role,
            block,
        });
    }
    true
}

/// The names of a list, in order, without repeats; what no name covers is reported.
fn names_in_list(
    block: usize,
    list: &str,
    gazetteer: &Gazetteer,
    facts: &mut DocumentFacts,
) -> Vec<Named> {
    let table = first_cells(list);
    let list = table.as_deref().unwrap_or(list);
    let found = gazetteer.find_names_in(list, Lang::En);
    let mut rest = String::new();
    let mut last = 0;
    for m in &found {
        rest.push_str(&list[last..m.start]);
        rest.push(',');
        last = m.end;
    }
    rest.push_str(&list[last..]);
    for fragment in rest.split([',', ';']) {
        let fragment = trim_fragment(fragment);
        if !fragment.is_empty() && !is_list_filler(fragment) {
            facts.unresolved.push(UnresolvedName {
                name: fragment.to_owned(),
                block,
            });
        }
    }
    let mut names: Vec<Named> = Vec::new();
    for m in found {
        if !names.contains(&m.named) {
            names.push(m.named);
        }
    }
    names
}

/// A list laid out as a table (a Word table's rows, cells joined by ` | `): the participant is
/// each row's first cell; the other cells (representative, capacity) and a header row are not
/// names.
fn first_cells(list: &str) -> Option<String> {
    const HEADERS: [&str; 6] = [
        "state",
        "country",
        "participant",
        "organization",
        "delegation",
        "name",
    ];
    if !list.contains(" | ") {
        return None;
    }
    let cells: Vec<&str> = list
        .lines()
        .map(|row| row.split(" | ").next().unwrap_or(row).trim())
        .filter(|cell| {
            let lower = cell.to_lowercase();
            !HEADERS.contains(&lower.as_str()) && !HEADERS.contains(&lower.trim_end_matches('s'))
        })
        .collect();
    Some(cells.join(", "))
}

/// A list's leftover without the joining words around it (`and the`, `as well as`).
fn trim_fragment(fragment: &str) -> &str {
    const JOINING: [&str; 10] = [
        "and", "the", "The", "by", "as", "well", "also", "of", "for", "with",
    ];
    let mut f = fragment.trim_matches(|c: char| c.is_whitespace() || c == '.');
    while let Some(word) = f.split_whitespace().next().filter(|w| JOINING.contains(w)) {
        f = f[word.len()..].trim_start();
    }
    while let Some(word) = f
        .split_whitespace()
        .next_back()
        .filter(|w| JOINING.contains(w))
    {
        f = f[..f.len() - word.len()].trim_end();
    }
    f
}

/// Leftovers that are not names: words in lower case (`a regional economic integration
/// organization party to the Convention`), an acronym in brackets, an elision, the secretariat.
fn is_list_filler(fragment: &str) -> bool {
    fragment.starts_with(|c: char| !c.is_uppercase())
        && !fragment.starts_with(|c: char| c.is_ascii_digit())
        || (fragment.starts_with(['(', '[']) && fragment.ends_with([')', ']']))
        || fragment
            .chars()
            .all(|c| matches!(c, '.' | '…' | '[' | ']' | ' '))
        || fragment == "Secretariat"
        || fragment.starts_with("Chair")
}

/// Where a sentence sits.
struct Place<'a> {
    block: usize,
    /// The items its paragraph names.
    stated: &'a [u32],
    /// The item whose section the paragraph is in.
    section_item: Option<u32>,
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
    let region = persons(place, region, panel, gazetteer, facts, &mut speakers);
    let names = if listed {
        names_in_list(block, &region, gazetteer, facts)
    } else {
        let mut names: Vec<Named> = Vec::new();
        for m in gazetteer.find_names_in(&region, Lang::En) {
            if !names.contains(&m.named) {
                names.push(m.named);
            }
        }
        names
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
    // a list says under which items when its paragraph does; a single speaker's words and a
    // panel belong to the section they are in
    let is_list = listed && !panel && (speakers.len() > 1 || sentence.contains("also"));
    let items: Vec<Option<u32>> = if !place.stated.is_empty() {
        place.stated.iter().copied().map(Some).collect()
    } else if is_list {
        vec![None]
    } else {
        vec![place.section_item]
    };
    for speaker in &speakers {
        for item in &items {
            facts.statements.push(StatementFact {
                speaker: speaker.clone(),
                item: *item,
                block,
            });
        }
    }
}

/// Persons with a bracket after their name: panellists (when the sentence speaks of a panel or
/// presentations) become persons who spoke; elsewhere the bracket's State is the speaker, its
/// representative having spoken for it. Returns the region with the persons taken out.
fn persons(
    place: &Place<'_>,
    region: &str,
    panel: bool,
    gazetteer: &Gazetteer,
    facts: &mut DocumentFacts,
    speakers: &mut Vec<Speaker>,
) -> String {
    let mut rest = String::new();
    let mut last = 0;
    for caps in PERSON.captures_iter(region) {
        let whole = caps.get(0).expect("a match");
        if whole.start() < last {
            continue;
        }
        let open = whole.end();
        let Some(close) = closing_bracket(region, open) else {
            continue;
        };
        let Some(represents) = gazetteer.lookup_name_in(&region[open..close], Lang::En) else {
            continue;
        };
        rest.push_str(&region[last..whole.start()]);
        rest.push(',');
        last = close + 1;
        if !panel {
            speakers.push(Speaker::Named(represents));
            continue;
        }
        let name = caps[1].trim().to_owned();
        let slug = crate::extract::slug(&name);
        facts
            .mentions
            .push((place.block, Mention::Person(slug.clone())));
        if !facts
            .persons
            .iter()
            .any(|p| p.slug == slug && p.role == Role::Panellist)
        {
            facts.persons.push(PersonFact {
                slug: slug.clone(),
                name,
                role: Role::Panellist,
                represents: Some(represents),
                block: place.block,
            });
        }
        speakers.push(Speaker::Person(slug));
    }
    rest.push_str(&region[last..]);
    rest
}

/// The byte index of the `)` that closes the bracket opened just before `open`, brackets inside
/// it counted ("Bolivia (Plurinational State of)").
fn closing_bracket(text: &str, open: usize) -> Option<usize> {
    let mut depth = 1usize;
    for (i, c) in text[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_gives_the_first_cell_of_each_row_and_no_header() {
        assert_eq!(
            first_cells(
                "\nState | Representative | Capacity\nAustria | Anna Gruber | Head of delegation\nBolivia (Plurinational State of) | Luis Mamani | Delegate"
            )
            .as_deref(),
            Some(", Austria, Bolivia (Plurinational State of)")
        );
        assert_eq!(first_cells("Austria, Belgium and Chile"), None);
    }

    #[test]
    fn sentences_do_not_end_after_titles() {
        assert_eq!(
            sentences(
                "Ms. Ledwaba (South Africa) spoke. The observer for Japan also made a statement."
            ),
            [
                "Ms. Ledwaba (South Africa) spoke.",
                "The observer for Japan also made a statement."
            ]
        );
    }

    #[test]
    fn roles_of_list_introductions() {
        let role = |intro: &str| match list_role(intro) {
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
    fn items_stated_in_a_paragraph() {
        assert_eq!(
            stated_items("Under agenda item 2, statements were made"),
            [2]
        );
        assert_eq!(
            stated_items("Under agenda items 2 and 3, the representatives"),
            [2, 3]
        );
        assert_eq!(stated_items("agenda items 2, 3 and 4"), [2, 3, 4]);
        assert!(stated_items("item 2 of the agenda").is_empty());
    }

    #[test]
    fn fragments_lose_their_joining_words() {
        assert_eq!(trim_fragment(" and the "), "");
        assert_eq!(
            trim_fragment(" and the Organization for Security and Co-operation in Europe."),
            "Organization for Security and Co-operation in Europe"
        );
        assert!(is_list_filler(
            "a regional economic integration organization party to the Convention"
        ));
        assert!(is_list_filler("(INTERPOL)"));
        assert!(is_list_filler("[...]"));
        assert!(!is_list_filler(
            "Office of the United Nations High Commissioner for Human Rights"
        ));
    }

    #[test]
    fn brackets_inside_brackets_close_where_they_should() {
        let text = "Ms. X (Bolivia (Plurinational State of)) and";
        let open = text.find('(').expect("bracket") + 1;
        assert_eq!(closing_bracket(text, open), Some(text.len() - 5));
    }
}
