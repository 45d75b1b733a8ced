//! Who was there and who spoke: attendance lists by role, speakers by agenda item, and the
//! persons who chaired or presented, each traced to its paragraph.
//!
//! Lists are read with the gazetteer's leftmost-longest matcher rather than by splitting on 、，和,
//! because 和 also occurs inside names (特立尼达和多巴哥) and lists are broken across lines. What the
//! matcher leaves of a list, once separators are removed, is a name the gazetteer does not know:
//! it is reported, never dropped silently.

use regex::Regex;
use std::sync::LazyLock;

use crate::corpus::{Block, BlockKind};
use crate::extract::{
    DocumentFacts, ParticipationFact, Role, Speaker, StatementFact, UnresolvedName,
};
use crate::gazetteer::{Gazetteer, Named, OrganisationKind};

/// `出席了会议`, `参加了工作组会议`: the sentence is an attendance list.
static ATTENDED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:出席|参加)了(?:本次|工作组)?会议").expect("valid regex"));

/// `议程项目 2 和 3`, `议程项目2`.
static ITEMS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"议程项目 ?(\d{1,2})(?: ?(?:和|、|及) ?(\d{1,2}))?").expect("valid regex")
});

/// `审议了…议程项目 3`: the paragraph opens the discussion of an item.
static CONSIDERED_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"审议了[^。]*?议程项目 ?(\d{1,2})").expect("valid regex"));

/// A name in Latin script as printed (`Francesco Testa`, `Perez Esquivel`).
static LATIN_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-ZÀ-Ý][a-zà-ÿ]+(?:[ -][A-ZÀ-Ý][a-zà-ÿ]+)*").expect("valid regex")
});

/// `Ledwaba女士（南非）`, `Francesco Testa（意大利）`.
static NAME_WITH_COUNTRY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"([A-ZÀ-Ý][a-zà-ÿ]+(?:[ -][A-ZÀ-Ý][a-zà-ÿ]+)*) ?(?:女士|先生)? ?[（(]([^）)]{2,20})[）)]",
    )
    .expect("valid regex")
});

/// Verbs that make a sentence's subject a speaker.
const SPEECH: [&str; 11] = [
    "发言",
    "回顾",
    "提请",
    "强调",
    "提醒",
    "请工作组",
    "通报",
    "告知",
    "介绍了",
    "宣布会议开幕",
    "概述了",
];

/// The secretariat of the Conference and its working groups is UNODC.
const SECRETARIAT: &str = "UNODC";

/// The roles a list's introduction gives, most specific words first.
fn list_role(intro: &str) -> Option<ListRole> {
    let role = if intro.contains("非《")
        || intro.contains("非缔约")
        || (intro.contains("也派观察员") && intro.contains("国家"))
    {
        ListRole::Fixed(Role::ObserverState)
    } else if intro.contains("签署国") {
        ListRole::Fixed(Role::Signatory)
    } else if intro.contains("区域经济一体化组织")
        || intro.contains("缔约国")
        || intro.contains("缔约方")
    {
        ListRole::Fixed(Role::StateParty)
    } else if intro.contains("常驻观察员办公室") || intro.contains("常设观察员办公室")
    {
        ListRole::Fixed(Role::PermanentObserver)
    } else if intro.contains("政府间组织") && intro.contains("联合国实体") {
        ListRole::ByKind
    } else if intro.contains("联合国实体") {
        ListRole::Fixed(Role::UnEntity)
    } else if intro.contains("政府间组织") {
        ListRole::Fixed(Role::Igo)
    } else if intro.contains("观察员") && intro.contains("国家") {
        ListRole::Fixed(Role::ObserverState)
    } else {
        return None;
    };
    Some(role)
}

#[derive(Debug, Clone, Copy)]
enum ListRole {
    Fixed(Role),
    /// A mixed list of UN entities and intergovernmental organisations: each by its kind.
    ByKind,
}

/// Extracts attendance, statements and persons from a report.
pub fn extract(blocks: &[Block], gazetteer: &Gazetteer, facts: &mut DocumentFacts) {
    if !matches!(
        facts.header.doc_type.as_deref(),
        Some("report" | "draft-report")
    ) {
        return;
    }
    let full_names = latin_full_names(blocks);
    let chair = persons(blocks, gazetteer, &full_names, facts);
    let item_titles: Vec<(u32, String)> = facts
        .agenda
        .iter()
        .map(|i| (i.number, i.title.clone()))
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
        let text = block.text.replace('\n', "");
        attendance(index, &text, gazetteer, facts);
        let stated = stated_items(&text);
        let considered = CONSIDERED_ITEM
            .captures(&text)
            .and_then(|c| c[1].parse().ok());
        if considered.is_some() {
            section_item = considered;
        }
        let items: Vec<Option<u32>> = if stated.is_empty() {
            vec![None]
        } else {
            stated.into_iter().map(Some).collect()
        };
        let mut previous: Option<Speaker> = None;
        for sentence in text.split_inclusive('。') {
            let context = Context {
                block: index,
                items: &items,
                section_item,
                chair: chair.as_deref(),
            };
            previous = statements(&context, sentence, previous, gazetteer, facts);
        }
    }
    dedup_statements(&mut facts.statements);
}

/// A heading that repeats an agenda item's title opens that item's section.
fn heading_item(heading: &str, items: &[(u32, String)]) -> Option<u32> {
    let heading = heading.replace('\n', "");
    let title = heading
        .split_once(['.', '．'])
        .map_or(heading.as_str(), |(_, t)| t)
        .trim();
    items
        .iter()
        .find(|(_, t)| !t.is_empty() && (t == title || title.ends_with(t.as_str())))
        .map(|(n, _)| *n)
}

fn stated_items(text: &str) -> Vec<u32> {
    let mut items = Vec::new();
    for caps in ITEMS.captures_iter(text) {
        for group in [1, 2] {
            if let Some(n) = caps.get(group).and_then(|m| m.as_str().parse().ok())
                && !items.contains(&n)
            {
                items.push(n);
            }
        }
    }
    items
}

/// Attendance: the sentence names a role, then lists after a colon (or names the entity itself).
fn attendance(block: usize, text: &str, gazetteer: &Gazetteer, facts: &mut DocumentFacts) {
    for sentence in text.split_inclusive('。') {
        let Some(verb) = ATTENDED.find(sentence) else {
            continue;
        };
        let (intro, list) = match sentence.split_once('：') {
            Some((intro, list)) => (intro, list),
            None => (&sentence[verb.start()..], &sentence[..verb.start()]),
        };
        let Some(role) = list_role(intro).or_else(|| list_role(list)) else {
            continue;
        };
        let list = without_titles(list);
        for named in names_in_list(block, &list, gazetteer, facts) {
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
    }
}

/// Instrument titles between 《》 name no participant.
fn without_titles(text: &str) -> String {
    static TITLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"《[^《》]*》").expect("valid regex"));
    TITLE.replace_all(text, "、").into_owned()
}

/// The names of a list, in order, without repeats; what no name covers is reported.
fn names_in_list(
    block: usize,
    list: &str,
    gazetteer: &Gazetteer,
    facts: &mut DocumentFacts,
) -> Vec<Named> {
    let found = gazetteer.find_names(list);
    let mut rest = String::new();
    let mut last = 0;
    for m in &found {
        rest.push_str(&list[last..m.start]);
        rest.push('、');
        last = m.end;
    }
    rest.push_str(&list[last..]);
    for fragment in rest.split(['、', '，', ',', '；', '。']) {
        let fragment = fragment
            .replace("[……]", "")
            .replace(['（', '）', '(', ')', '[', ']', '…', ' '], "");
        let fragment = fragment
            .trim_start_matches(['和', '与', '及'])
            .trim_end_matches(['和', '与', '及'])
            .trim_start_matches("以及");
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

/// Words around names in lists that are not names.
fn is_list_filler(fragment: &str) -> bool {
    fragment.ends_with("观察员")
        || fragment.contains("观察员办公室")
        || fragment.ends_with("实体")
        || fragment.ends_with("代表")
        || fragment.ends_with("的")
        || fragment.contains("作为")
        || fragment.contains("出席")
        || fragment.contains("发言")
}

/// Latin full names printed in the document (two words or more), to complete surnames.
fn latin_full_names(blocks: &[Block]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for block in blocks.iter().filter(|b| b.kind == BlockKind::Paragraph) {
        for m in LATIN_NAME.find_iter(&block.text) {
            let name = m.as_str();
            if name.contains(' ') && !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
    }
    names
}

fn full_name<'a>(short: &'a str, full_names: &'a [String]) -> &'a str {
    let matching: Vec<&String> = full_names
        .iter()
        .filter(|f| f.ends_with(&format!(" {short}")))
        .collect();
    match matching.as_slice() {
        [only] => only.as_str(),
        _ => short,
    }
}

/// Chairs and panellists: a Latin name with its country in brackets. Returns the chair's slug.
fn persons(
    blocks: &[Block],
    gazetteer: &Gazetteer,
    full_names: &[String],
    facts: &mut DocumentFacts,
) -> Option<String> {
    let mut chair = None;
    for (index, block) in blocks.iter().enumerate() {
        if block.kind != BlockKind::Paragraph {
            continue;
        }
        let text = block.text.replace('\n', "");
        for sentence in text.split_inclusive('。') {
            for caps in NAME_WITH_COUNTRY.captures_iter(sentence) {
                let Some(Named::Country(country)) = gazetteer.lookup_name(caps[2].trim()) else {
                    continue;
                };
                let before = &sentence[..caps.get(0).map_or(0, |m| m.start())];
                let role = if before.ends_with("主席 ") || before.ends_with("主席") {
                    if sentence.contains("主持") || sentence.contains("开幕") {
                        Role::Chair
                    } else {
                        Role::ViceChair
                    }
                } else if sentence.contains("主讲人") || sentence.contains("专题介绍") {
                    Role::Panellist
                } else {
                    continue;
                };
                let name = full_name(caps[1].trim(), full_names).to_owned();
                let slug = facts.person(index, name, role, Some(Named::Country(country)));
                if role == Role::Chair {
                    chair = Some(slug.clone());
                }
                let stated = stated_items(sentence);
                if role == Role::Panellist {
                    for item in &stated {
                        facts.statements.push(StatementFact {
                            speaker: Speaker::Person(slug.clone()),
                            item: Some(*item),
                            block: index,
                        });
                    }
                }
            }
        }
    }
    chair
}

/// Where a sentence sits.
struct Context<'a> {
    block: usize,
    /// Items the paragraph names; `[None]` when it names none.
    items: &'a [Option<u32>],
    /// The item whose section the paragraph is in.
    section_item: Option<u32>,
    /// The meeting's chair.
    chair: Option<&'a str>,
}

/// Statements: "下列国家的发言：…", "…的观察员也作了发言", the chair's and the secretariat's words.
/// Returns the sentence's speaker, whom a following 他/她 refers to.
fn statements(
    context: &Context<'_>,
    sentence: &str,
    previous: Option<Speaker>,
    gazetteer: &Gazetteer,
    facts: &mut DocumentFacts,
) -> Option<Speaker> {
    let block = context.block;
    let Some(verb_at) = SPEECH.iter().filter_map(|v| sentence.find(v)).min() else {
        return previous;
    };
    // a list of speakers: "…的发言：A、B", "A和B也作了发言", "听取了A的发言"
    let is_list = sentence
        .split_once('：')
        .is_some_and(|(intro, _)| intro.trim_end().ends_with("发言"))
        || sentence.contains("也作了发言")
        || (sentence.contains("听取了") && sentence.contains("的发言"));
    let mut speakers: Vec<Speaker> = Vec::new();
    if is_list {
        let list = match sentence.split_once('：') {
            Some((intro, list)) if intro.trim_end().ends_with("发言") => list.to_owned(),
            _ => sentence.to_owned(),
        };
        let list = without_titles(&list);
        let list = list.split("也作了发言").next().unwrap_or(&list);
        let list = list.rsplit("听取了").next().unwrap_or(list);
        for named in names_in_list(block, list, gazetteer, facts) {
            speakers.push(Speaker::Named(named));
        }
    } else {
        // the subject, before the verb: an organisation, the secretariat or the chair
        // the subject sits in the verb's own clause: "…，并向工作组通报" has none
        let clause_start = sentence[..verb_at].rfind(['，', '；', ',']).map_or(0, |i| {
            i + sentence[i..].chars().next().map_or(1, char::len_utf8)
        });
        let subject = &sentence[clause_start..verb_at];
        let person = facts
            .persons
            .iter()
            .find(|p| subject.contains(p.name.rsplit(' ').next().unwrap_or(&p.name)))
            .map(|p| p.slug.clone());
        if let Some(slug) = person {
            speakers.push(Speaker::Person(slug));
        } else if subject.contains("主席")
            && let Some(chair) = context.chair
        {
            speakers.push(Speaker::Person(chair.to_owned()));
        } else if let Some(first) = gazetteer.find_names(subject).first() {
            speakers.push(Speaker::Named(first.named));
        } else if subject.contains("秘书处")
            && let Some(i) = gazetteer
                .organisations
                .iter()
                .position(|o| o.key == SECRETARIAT)
        {
            speakers.push(Speaker::Named(Named::Organisation(i)));
        } else if subject.trim_start().starts_with(['他', '她'])
            && let Some(previous) = &previous
        {
            speakers.push(previous.clone());
        }
    }
    let items: Vec<Option<u32>> = if context.items == [None] && !is_list {
        vec![context.section_item]
    } else {
        context.items.to_vec()
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
    match speakers.as_slice() {
        [one] => Some(one.clone()),
        _ => previous,
    }
}

fn dedup_statements(statements: &mut Vec<StatementFact>) {
    let mut seen = std::collections::BTreeSet::new();
    statements.retain(|s| seen.insert((s.speaker.clone(), s.item, s.block)));
}
