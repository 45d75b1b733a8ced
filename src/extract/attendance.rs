//! What the attendance and speaker rules of every language written in words share (English in
//! [`super::english::participants`], French, Spanish, Russian and Arabic in [`super::others`]):
//! the role a list's introduction gives, the names a list holds, and the sentences and agenda
//! items of a paragraph.
//!
//! Lists are read with the gazetteer's matcher of the language rather than by splitting on commas
//! and "and", because both occur inside names ("Korea, Republic of", "Trinidad and Tobago",
//! "Bolivie (État plurinational de)", "Iran (République islamique d')"). What the matcher leaves
//! of a list, once separators and small words are removed, is a name the gazetteer does not know:
//! it is reported with its paragraph, never dropped silently.

use regex::Regex;

use super::{DocumentFacts, Role, Speaker, StatementFact, UnresolvedName};
use crate::corpus::{Block, BlockKind};
use crate::gazetteer::{Gazetteer, Lang, Named, OrganisationKind};

/// The role a list gives the names in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListRole {
    /// Every name in the list has this role.
    Fixed(Role),
    /// A mixed list of UN entities and intergovernmental organisations: each by its kind.
    ByKind,
}

impl ListRole {
    /// The role of one name of the list.
    pub fn of(self, named: Named, gazetteer: &Gazetteer) -> Role {
        match self {
            Self::Fixed(role) => role,
            Self::ByKind => match named {
                Named::Organisation(i)
                    if gazetteer.organisations[i].kind == OrganisationKind::UnEntity =>
                {
                    Role::UnEntity
                }
                _ => Role::Igo,
            },
        }
    }
}

/// How a language's list introductions give roles: each row's words must all occur in the
/// introduction (lower-cased); the first row that matches wins, so the most specific come first
/// ("not parties" before "parties").
pub type RoleWords = [(&'static [&'static str], ListRole)];

/// The role a list's introduction gives, if any.
pub fn list_role(intro: &str, words: &RoleWords) -> Option<ListRole> {
    let intro = intro.to_lowercase();
    words
        .iter()
        .find(|(all, _)| all.iter().all(|w| intro.contains(w)))
        .map(|(_, role)| *role)
}

/// How one language's lists are read.
pub struct ListReader<'a> {
    /// The language whose names are looked for.
    pub lang: Lang,
    /// Words that join names and are not names (`and`, `the`, `et`, `l'`, `و`), compared without
    /// regard to case.
    pub joining: &'a [&'a str],
    /// Whether a leftover describes rather than names ("a regional economic integration
    /// organization party to the Convention").
    pub is_filler: &'a dyn Fn(&str) -> bool,
}

/// The names of a list, in order, without repeats; what no name covers is reported.
pub fn names_in_list(
    block: usize,
    list: &str,
    gazetteer: &Gazetteer,
    reader: &ListReader<'_>,
    facts: &mut DocumentFacts,
) -> Vec<Named> {
    let table = first_cells(list);
    let list = table.as_deref().unwrap_or(list);
    let found = gazetteer.find_names_in(list, reader.lang);
    let mut rest = String::new();
    let mut last = 0;
    for m in &found {
        rest.push_str(&list[last..m.start]);
        rest.push(',');
        last = m.end;
    }
    rest.push_str(&list[last..]);
    for fragment in rest.split([',', ';', '،', '؛']) {
        let fragment = trim_fragment(fragment, reader.joining);
        if !fragment.is_empty() && !(reader.is_filler)(fragment) {
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

/// Names found in a stretch of text that is not a list (the subject of a sentence): nothing is
/// reported of the rest.
pub fn names_in(text: &str, gazetteer: &Gazetteer, lang: Lang) -> Vec<Named> {
    let mut names: Vec<Named> = Vec::new();
    for m in gazetteer.find_names_in(text, lang) {
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

/// A list's leftover without the joining words around it (`and the`, `ainsi que`, `و`).
fn trim_fragment<'a>(fragment: &'a str, joining: &[&str]) -> &'a str {
    let joins = |w: &str| {
        joining
            .iter()
            .any(|j| j.eq_ignore_ascii_case(w) || *j == w.to_lowercase())
    };
    let mut f = fragment.trim_matches(|c: char| c.is_whitespace() || c == '.');
    while let Some(word) = f.split_whitespace().next().filter(|w| joins(w)) {
        f = f[word.len()..].trim_start();
    }
    while let Some(word) = f.split_whitespace().next_back().filter(|w| joins(w)) {
        f = f[..f.len() - word.len()].trim_end();
    }
    // an article elided onto the name: "l'Organisation des États américains"
    if let Some(elided) = joining
        .iter()
        .filter(|j| j.ends_with(['\'', '’']))
        .find(|j| {
            f.get(..j.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(j))
        })
    {
        f = &f[elided.len()..];
    }
    f.trim_matches(|c: char| c.is_whitespace() || c == '.')
}

/// Leftovers that are never names in any language: an acronym in brackets, an elision.
pub fn is_bracket_or_ellipsis(fragment: &str) -> bool {
    (fragment.starts_with(['(', '[']) && fragment.ends_with([')', ']']))
        || fragment
            .chars()
            .all(|c| matches!(c, '.' | '…' | '[' | ']' | ' '))
}

/// The byte index of the `)` that closes the bracket opened just before `open`, brackets inside
/// it counted ("Bolivia (Plurinational State of)").
pub fn closing_bracket(text: &str, open: usize) -> Option<usize> {
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

/// How a language names the agenda items its paragraphs report on.
pub struct ItemWords<'a> {
    /// "considered agenda item 3": the paragraph opens that item's discussion; the number in
    /// group 1.
    pub considered: &'a Regex,
    /// "under agenda items 2 and 3": the items a paragraph is about; the numbers in group 1.
    pub named: &'a Regex,
    /// Words ending in a full stop that do not end a sentence (`Mr`).
    pub abbreviations: &'a [&'a str],
}

/// Calls `read` on each sentence of the document's paragraphs with where it sits: the items its
/// paragraph names, and the item whose section it is in (a heading repeating the item's title, or
/// a paragraph saying the item was considered, opens it). A speaker named twice under the same
/// item in one paragraph spoke once.
pub fn each_sentence(
    blocks: &[Block],
    words: &ItemWords<'_>,
    facts: &mut DocumentFacts,
    mut read: impl FnMut(&Place<'_>, &str, &mut DocumentFacts),
) {
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
        if let Some(n) = words
            .considered
            .captures(&text)
            .and_then(|c| c[1].parse().ok())
        {
            section_item = Some(n);
        }
        let stated = stated_items(&text, words.named);
        let place = Place {
            block: index,
            stated: &stated,
            section_item,
        };
        for sentence in sentences(&text, words.abbreviations) {
            read(&place, sentence, facts);
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    facts
        .statements
        .retain(|s| seen.insert((s.speaker.clone(), s.item, s.block)));
}

/// Records that `speakers` spoke: under the items the paragraph names, else, for a list (more
/// than one speaker, or one added to others: `is_list`), under no item in particular, else under
/// the item whose section the paragraph is in (a single speaker's words, a panel).
pub fn record_statements(
    place: &Place<'_>,
    speakers: &[Speaker],
    is_list: bool,
    facts: &mut DocumentFacts,
) {
    let items: Vec<Option<u32>> = if !place.stated.is_empty() {
        place.stated.iter().copied().map(Some).collect()
    } else if is_list {
        vec![None]
    } else {
        vec![place.section_item]
    };
    for speaker in speakers {
        for item in &items {
            facts.statements.push(StatementFact {
                speaker: speaker.clone(),
                item: *item,
                block: place.block,
            });
        }
    }
}

/// The block's lines joined by single spaces.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Sentences: split after a full stop followed by a space and a letter that is not lower case (a
/// capital, or a letter of a script without case), except after a title (`Mr.`, `Sr.`) or a
/// single letter (`M.`).
pub fn sentences<'a>(text: &'a str, abbreviations: &[&str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(". ") {
        if i < start {
            continue;
        }
        let word = text[start..i]
            .rsplit(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or("");
        let opens = text[i + 2..]
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() && !c.is_lowercase());
        if opens && !abbreviations.contains(&word) && word.chars().count() > 1 {
            out.push(&text[start..=i]);
            start = i + 2;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// A heading that repeats an agenda item's title (lower-cased in `items`) opens that item's
/// section.
pub fn heading_item(heading: &str, items: &[(u32, String)]) -> Option<u32> {
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

/// The agenda items a text names with `pattern`, whose first group holds their numbers ("agenda
/// items 2 and 3", "points 2 et 3 de l'ordre du jour").
pub fn stated_items(text: &str, pattern: &Regex) -> Vec<u32> {
    let mut items = Vec::new();
    for caps in pattern.captures_iter(text) {
        let Some(numbers) = caps.get(1) else {
            continue;
        };
        for n in numbers
            .as_str()
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
        {
            if !items.contains(&n) {
                items.push(n);
            }
        }
    }
    items
}

/// Where a sentence sits.
pub struct Place<'a> {
    /// Its paragraph.
    pub block: usize,
    /// The items its paragraph names.
    pub stated: &'a [u32],
    /// The item whose section the paragraph is in.
    pub section_item: Option<u32>,
}

/// Persons with a bracket after their name (`person` matches a title and the name up to the
/// bracket, the name in group 1): panellists (when the sentence speaks of a panel) become persons
/// who spoke; elsewhere the bracket's State is the speaker, its representative
/// having spoken for it. Returns the region with the persons taken out.
#[expect(
    clippy::too_many_arguments,
    reason = "the sentence's place, the words of its language and the facts it adds to"
)]
pub fn persons(
    place: &Place<'_>,
    region: &str,
    panel: bool,
    person: &Regex,
    lang: Lang,
    gazetteer: &Gazetteer,
    facts: &mut DocumentFacts,
    speakers: &mut Vec<Speaker>,
) -> String {
    let mut rest = String::new();
    let mut last = 0;
    for caps in person.captures_iter(region) {
        let Some(whole) = caps.get(0).filter(|w| w.start() >= last) else {
            continue;
        };
        let open = whole.end();
        let Some(close) = closing_bracket(region, open) else {
            continue;
        };
        let Some(represents) = gazetteer.lookup_name_in(&region[open..close], lang) else {
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
        let slug = facts.person(place.block, name, Role::Panellist, Some(represents));
        speakers.push(Speaker::Person(slug));
    }
    rest.push_str(&region[last..]);
    rest
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
                "Ms. Ledwaba (South Africa) spoke. The observer for Japan also made a statement.",
                &["Ms"]
            ),
            [
                "Ms. Ledwaba (South Africa) spoke.",
                "The observer for Japan also made a statement."
            ]
        );
        assert_eq!(
            sentences("M. Ferreira (Portugal) a parlé. Le Japon aussi.", &[]),
            ["M. Ferreira (Portugal) a parlé.", "Le Japon aussi."]
        );
        assert_eq!(
            sentences(
                "وأدلى ممثل الأمانة ببيان. وأدلى المراقب عن اليابان ببيان.",
                &[]
            )
            .len(),
            2
        );
    }

    #[test]
    fn fragments_lose_their_joining_words() {
        let english = ["and", "the", "of", "as", "well"];
        assert_eq!(trim_fragment(" and the ", &english), "");
        assert_eq!(
            trim_fragment(
                " and the Organization for Security and Co-operation in Europe.",
                &english
            ),
            "Organization for Security and Co-operation in Europe"
        );
        assert_eq!(trim_fragment(" L' ", &["l'", "et"]), "");
        assert_eq!(
            trim_fragment(" et l'Organisation des États américains.", &["l'", "et"]),
            "Organisation des États américains"
        );
        assert_eq!(trim_fragment(" و ", &["و"]), "");
        assert!(is_bracket_or_ellipsis("(INTERPOL)"));
        assert!(is_bracket_or_ellipsis("[...]"));
    }

    #[test]
    fn brackets_inside_brackets_close_where_they_should() {
        let text = "Ms. X (Bolivia (Plurinational State of)) and";
        let open = text.find('(').expect("bracket") + 1;
        assert_eq!(closing_bracket(text, open), Some(text.len() - 5));
    }

    #[test]
    fn items_stated_in_a_paragraph() {
        let pattern =
            Regex::new(r"\bagenda items? (\d{1,2}(?:(?:\s*,\s*and\s+|\s*,\s*|\s+and\s+)\d{1,2})*)")
                .expect("valid regex");
        assert_eq!(
            stated_items("Under agenda items 2 and 3, the", &pattern),
            [2, 3]
        );
        assert_eq!(stated_items("agenda items 2, 3 and 4", &pattern), [2, 3, 4]);
        assert!(stated_items("item 2 of the agenda", &pattern).is_empty());
    }
}
