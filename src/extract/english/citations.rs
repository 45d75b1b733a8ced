//! English citation rules: provisions ("article 27, paragraph 1 (e), of the Organized Crime
//! Convention", "paragraphs 1 and 2 of article 19", "articles 10 to 18") resolved to their
//! instrument from context as the Chinese rules do (the instrument named right after the
//! reference, else the last one named, else the body's own Protocol for a bare "the Protocol");
//! resolutions and decisions of the Conference and the General Assembly, with the body an act
//! established. Documents cited by symbol are read by the shared rules
//! ([`crate::extract::documents`]), with what English says of them ([`super::English`]).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use super::meeting::{body_key, sentences};
use crate::corpus::Block;
use crate::extract::{Act, ActKind, Citation, DocumentFacts, Mention};
use crate::gazetteer::Gazetteer;

/// The instruments whose provisions the graph holds.
const WITH_TEXT: [&str; 4] = ["UNTOC", "SOM", "TIP", "FIREARMS"];

/// A list of numbers: `1`, `1 and 2`, `10 to 18`, `6, 16 and 19`, `10–14`.
const NUMBERS: &str = r"\d{1,3}(?:(?:, |,? and | to | through |–|-)\d{1,3})*";

/// `article 27`, `articles 10 to 18`, then `, paragraph 1` or `, paragraphs 1 and 2`, then `(e)`;
/// in brackets the documents abbreviate: `(art. 27, para. 1 (e))`.
static ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:[Aa]rticles?|[Aa]rts?\.) (?P<art>{NUMBERS})(?:,? (?:paragraphs?|paras?\.) (?P<para>{NUMBERS}))?(?: ?\((?P<point>[a-z])\))?"
    ))
    .expect("valid regex")
});

/// `paragraphs 1 and 2 of article 19`, `paragraph 1 (e) of article 27`.
static PARAGRAPH_OF_ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:[Pp]aragraphs?|[Pp]aras?\.) (?P<para>{NUMBERS})(?: ?\((?P<point>[a-z])\))? of (?:article|art\.) (?P<art>\d{{1,3}})"
    ))
    .expect("valid regex")
});

/// `resolution 5/3`, `decisions 4/4 and 5/1`, `resolutions 5/3, 6/1 and 7/1`.
static ACT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?P<kind>[Rr]esolutions?|[Dd]ecisions?) (?P<list>\d{1,3}/\d{1,3}(?:(?:, |,? and )\d{1,3}/\d{1,3})*)\b",
    )
    .expect("valid regex")
});

/// `5/3` in a list of acts.
static SESSION_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,3})/(\d{1,3})").expect("valid regex"));

/// The bodies whose names stand right before an act (`General Assembly resolution 55/25`,
/// `Conference resolution 7/1`, `the Commission on Crime Prevention and Criminal Justice in its
/// resolution 27/3`), longest first; `None` for bodies outside the graph, whose acts are not ours.
const ACT_BODIES: [(&str, Option<&str>); 9] = [
    ("commission on crime prevention and criminal justice", None),
    ("commission on narcotic drugs", None),
    ("conference of the parties", Some("cop")),
    ("general assembly", Some("ga")),
    ("conference", Some("cop")),
    ("assembly", Some("ga")),
    ("council", None),
    ("commission", None),
    ("board", None),
];

/// The body named right before an act: `Some(None)` when it is one outside the graph.
fn body_right_before(before: &str) -> Option<Option<&'static str>> {
    let lower = before.to_ascii_lowercase();
    let lower = lower.trim_end();
    let lower = lower.strip_suffix("in its").unwrap_or(lower).trim_end();
    ACT_BODIES
        .iter()
        .find(|(name, _)| lower.ends_with(name))
        .map(|(_, key)| *key)
}

/// `in its decision 4/4, the Conference …`: the subject after the act.
static ACT_BODY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,? (?:the )?(General Assembly|Assembly|Conference|Council|Commission)\b")
        .expect("valid regex")
});

/// What a name of an instrument refers to.
#[derive(Debug, Clone)]
enum Target {
    /// This instrument.
    Key(&'static str),
    /// One of the gazetteer's instruments, by index.
    Listed(usize),
    /// "the Convention", "the parent Convention".
    BareConvention,
    /// "the Protocol": the last Protocol named, else the body's own.
    BareProtocol,
}

/// The English names of instruments: the gazetteer's full titles and the short titles the
/// documents use, matched leftmost-longest without regard to case.
struct InstrumentNames {
    matcher: AhoCorasick,
    targets: Vec<Target>,
}

impl InstrumentNames {
    /// The names of a gazetteer's instruments, built once per table: building the automaton
    /// took 40% of the time an English document's rules ran.
    fn of(gazetteer: &Gazetteer) -> Arc<Self> {
        static BUILT: LazyLock<Mutex<HashMap<Vec<String>, Arc<InstrumentNames>>>> =
            LazyLock::new(Mutex::default);
        let key: Vec<String> = gazetteer.instruments.iter().map(|i| i.en.clone()).collect();
        let mut built = BUILT
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        Arc::clone(
            built
                .entry(key)
                .or_insert_with(|| Arc::new(Self::new(gazetteer))),
        )
    }

    fn new(gazetteer: &Gazetteer) -> Self {
        let short: [(&str, Target); 21] = [
            ("Organized Crime Convention", Target::Key("UNTOC")),
            (
                "Convention against Transnational Organized Crime",
                Target::Key("UNTOC"),
            ),
            ("UNTOC", Target::Key("UNTOC")),
            ("Smuggling of Migrants Protocol", Target::Key("SOM")),
            ("Migrant Smuggling Protocol", Target::Key("SOM")),
            ("Migrants Protocol", Target::Key("SOM")),
            (
                "Protocol against the Smuggling of Migrants by Land, Sea and Air",
                Target::Key("SOM"),
            ),
            (
                "Protocol against the Smuggling of Migrants",
                Target::Key("SOM"),
            ),
            ("Trafficking in Persons Protocol", Target::Key("TIP")),
            ("Trafficking Protocol", Target::Key("TIP")),
            (
                "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children",
                Target::Key("TIP"),
            ),
            ("Firearms Protocol", Target::Key("FIREARMS")),
            (
                "Protocol against the Illicit Manufacturing of and Trafficking in Firearms, Their Parts and Components and Ammunition",
                Target::Key("FIREARMS"),
            ),
            ("Global Compact for Migration", Target::Key("GCM")),
            ("Global Compact", Target::Key("GCM")),
            ("Convention on the Law of the Sea", Target::Key("UNCLOS")),
            ("Law of the Sea Convention", Target::Key("UNCLOS")),
            ("Convention against Corruption", Target::Key("UNCAC")),
            ("Convention", Target::BareConvention),
            ("Protocol", Target::BareProtocol),
            ("Protocols", Target::BareProtocol),
        ];
        let mut patterns: Vec<String> = Vec::new();
        let mut targets = Vec::new();
        for (i, instrument) in gazetteer.instruments.iter().enumerate() {
            patterns.push(instrument.en.clone());
            targets.push(Target::Listed(i));
        }
        for (name, target) in short {
            patterns.push(name.to_owned());
            targets.push(target);
        }
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&patterns)
            .expect("names build an automaton");
        Self { matcher, targets }
    }
}

/// What a bare "the Protocol" stands for.
struct Protocol {
    /// The body's own Protocol, if it has one.
    own: Option<&'static str>,
    /// The last Protocol named (the body's own before any is named; the Smuggling of Migrants
    /// Protocol for a body that has none).
    last: String,
}

impl Protocol {
    fn new(own_body: &str) -> Self {
        let own = body_protocol(own_body);
        Self {
            own,
            last: own.unwrap_or("SOM").to_owned(),
        }
    }

    fn bare(&self) -> &str {
        self.own.unwrap_or(&self.last)
    }
}

/// Where the text names an instrument.
#[derive(Debug)]
struct InstrumentEvent {
    at: usize,
    end: usize,
    key: String,
}

/// Which protocol a bare "the Protocol" means in a working group's documents: its own, whatever
/// other Protocol a paragraph names in passing ("article 6 of the Firearms Protocol").
fn body_protocol(body: &str) -> Option<&'static str> {
    match body {
        "wg7" => Some("SOM"),
        "wg4" => Some("TIP"),
        "wg6" => Some("FIREARMS"),
        _ => None,
    }
}

fn instrument_events(
    text: &str,
    names: &InstrumentNames,
    gazetteer: &Gazetteer,
    protocol: &mut Protocol,
) -> Vec<InstrumentEvent> {
    let mut events = Vec::new();
    for m in names.matcher.find_iter(text) {
        let (at, end) = (m.start(), m.end());
        // whole words only
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let preceding = text[..at].to_ascii_lowercase();
        // "Conference of the Parties to the United Nations Convention against …" names a body
        if preceding.ends_with("conference of the parties to the ") {
            continue;
        }
        let matched = &text[at..end];
        let key = match &names.targets[m.pattern().as_usize()] {
            Target::Key(key) => (*key).to_owned(),
            Target::Listed(i) => gazetteer.instruments[*i].key.clone(),
            Target::BareConvention | Target::BareProtocol
                if !matched.starts_with(char::is_uppercase) =>
            {
                continue;
            }
            Target::BareConvention => {
                let named_by_article = ["the ", "parent ", "this ", "that "]
                    .iter()
                    .any(|w| preceding.ends_with(w));
                if !named_by_article || names_another_convention(&text[end..]) {
                    continue;
                }
                "UNTOC".to_owned()
            }
            Target::BareProtocol => {
                let named_by_article = ["the ", "this ", "that "]
                    .iter()
                    .any(|w| preceding.ends_with(w));
                // "the Protocols thereto" are all of them: no provision is cited through them
                if !named_by_article
                    || matched.ends_with('s')
                    || text[end..].starts_with(" thereto")
                {
                    continue;
                }
                protocol.bare().to_owned()
            }
        };
        if matches!(key.as_str(), "SOM" | "TIP" | "FIREARMS") {
            protocol.last.clone_from(&key);
        }
        events.push(InstrumentEvent { at, end, key });
    }
    events
}

/// Whether the words after "the Convention" make it another one: "on the Rights of the Child",
/// "relating to the Status of Refugees", "against Torture" (a title goes on in capitals; "the
/// Convention on international cooperation" is this one's provisions on it).
fn names_another_convention(after: &str) -> bool {
    let mut words = after.split_whitespace();
    let Some(link) = words.next() else {
        return false;
    };
    if !["on", "against", "relating", "for", "of", "concerning"].contains(&link) {
        return false;
    }
    words
        .find(|w| !["to", "the", "a", "an"].contains(w))
        .is_some_and(|w| w.starts_with(char::is_uppercase))
}

/// Extracts citations of provisions, acts and documents, and the documents' relations.
pub fn extract(blocks: &[Block], own_body: &str, gazetteer: &Gazetteer, facts: &mut DocumentFacts) {
    let names = InstrumentNames::of(gazetteer);
    let mut protocol = Protocol::new(own_body);
    let mut current: Option<String> = None;
    for (index, block) in blocks.iter().enumerate() {
        // a reference cut at a line end reads as one line ("paragraph 1\n(e), of the …")
        let text = block.text.replace('\n', " ");
        let events = instrument_events(&text, &names, gazetteer, &mut protocol);
        if block.number.is_none() {
            if let Some(last) = events.last() {
                current = Some(last.key.clone());
            }
            continue;
        }
        for event in &events {
            facts
                .mentions
                .push((index, Mention::Instrument(event.key.clone())));
        }
        provisions(
            index,
            &text,
            &events,
            current.as_deref(),
            &mut facts.citations,
        );
        if let Some(last) = events.last() {
            current = Some(last.key.clone());
        }
        acts(index, &text, own_body, facts);
    }
    dedup(&mut facts.citations);
    dedup(&mut facts.mentions);
}

fn dedup<T: Ord>(items: &mut Vec<T>) {
    items.sort();
    items.dedup();
}

/// `1 and 2` → [1, 2]; `10 to 12` → [10, 11, 12]; `6, 16 and 19` → [6, 16, 19].
fn number_list(text: &str) -> Vec<u32> {
    static PART: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(^|, |,? and | to | through |–|-)(\d{1,3})").expect("valid regex")
    });
    let mut list: Vec<u32> = Vec::new();
    for caps in PART.captures_iter(text) {
        let Ok(n) = caps[2].parse::<u32>() else {
            continue;
        };
        let is_range = matches!(caps[1].trim(), "to" | "through" | "–" | "-");
        match list.last().copied() {
            Some(prev) if is_range && n > prev && n - prev < 100 => list.extend(prev + 1..=n),
            _ => list.push(n),
        }
    }
    list.dedup();
    list
}

/// One provision reference, with where it is in the text.
struct Reference {
    start: usize,
    end: usize,
    articles: Vec<u32>,
    paragraphs: Vec<u32>,
    point: Option<String>,
}

fn references(text: &str) -> Vec<Reference> {
    let mut found: Vec<Reference> = Vec::new();
    for caps in PARAGRAPH_OF_ARTICLE.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        found.push(Reference {
            start: whole.start(),
            end: whole.end(),
            articles: number_list(&caps["art"]),
            paragraphs: number_list(&caps["para"]),
            point: caps.name("point").map(|m| m.as_str().to_owned()),
        });
    }
    for caps in ARTICLE.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        if found
            .iter()
            .any(|r| r.start <= whole.start() && whole.start() < r.end)
        {
            continue;
        }
        found.push(Reference {
            start: whole.start(),
            end: whole.end(),
            articles: number_list(&caps["art"]),
            paragraphs: caps
                .name("para")
                .map(|m| number_list(m.as_str()))
                .unwrap_or_default(),
            point: caps.name("point").map(|m| m.as_str().to_owned()),
        });
    }
    found.sort_by_key(|r| r.start);
    found
}

/// What a reference is followed by: `, of the Organized Crime Convention`, ` of the Protocol`.
static OF_WHAT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^,? of (?:the |this |that )?").expect("valid regex"));

fn provisions(
    block: usize,
    text: &str,
    events: &[InstrumentEvent],
    carried: Option<&str>,
    out: &mut Vec<(usize, Citation)>,
) {
    for reference in references(text) {
        let after = &text[reference.end..];
        let instrument = match OF_WHAT.find(after) {
            // "article 32, paragraph 3, of the Organized Crime Convention"
            Some(of) => {
                let at = reference.end + of.end();
                match events.iter().find(|e| e.at == at) {
                    Some(event) => Some(event.key.as_str()),
                    // "article 2 of the rules of procedure", "of Directive 2001/55/EC": not a
                    // treaty of this corpus
                    None => continue,
                }
            }
            None => events
                .iter()
                .rev()
                .find(|e| e.end <= reference.start)
                .map(|e| e.key.as_str())
                .or(carried)
                .or_else(|| events.first().map(|e| e.key.as_str())),
        };
        let Some(instrument) = instrument.filter(|i| WITH_TEXT.contains(i)) else {
            continue;
        };
        let single = reference.articles.len() == 1;
        for article in &reference.articles {
            let art = format!("art_{article}");
            let mut paths: Vec<Vec<String>> = if reference.paragraphs.is_empty() {
                vec![vec![art.clone()]]
            } else {
                reference
                    .paragraphs
                    .iter()
                    .map(|p| vec![art.clone(), format!("para_{p}")])
                    .collect()
            };
            if let Some(point) = &reference.point
                && single
            {
                for path in &mut paths {
                    path.push(format!("point_{point}"));
                }
            }
            for path in paths {
                out.push((block, Citation::Provision(instrument.to_owned(), path)));
            }
        }
    }
}

/// The body that adopted an act the sentence cites at `start..end`.
fn act_body(sentence: &str, start: usize, end: usize, session: u32) -> Option<&'static str> {
    let body = |name: &str| -> Option<&'static str> {
        let name = name.to_ascii_lowercase();
        if name.contains("assembly") {
            Some("ga")
        } else if name.contains("conference") {
            Some("cop")
        } else {
            None
        }
    };
    let before = &sentence[..start];
    // an Assembly session below 40 is a slip for the Conference's (the Assembly's sessions were
    // above 40 before the Convention existed)
    let checked = |b: Option<&'static str>| match b {
        Some("ga") if session < 40 => Some("cop"),
        other => other,
    };
    if let Some(named) = body_right_before(before) {
        return checked(named);
    }
    if before.trim_end().to_ascii_lowercase().ends_with("in its")
        && let Some(caps) = ACT_BODY_AFTER.captures(&sentence[end..])
    {
        return checked(body(&caps[1]));
    }
    let lower = before.to_ascii_lowercase();
    let assembly = lower.rfind("assembly");
    let conference = lower.rfind("conference");
    let by_assembly = assembly.is_some_and(|ga| conference.is_none_or(|cop| ga > cop));
    Some(if by_assembly && session >= 40 {
        "ga"
    } else {
        "cop"
    })
}

fn acts(block: usize, text: &str, own_body: &str, facts: &mut DocumentFacts) {
    for sentence in sentences(text) {
        for caps in ACT.captures_iter(sentence) {
            let whole = caps.get(0).expect("match");
            let kind = if caps["kind"].to_ascii_lowercase().starts_with("resolution") {
                ActKind::Resolution
            } else {
                ActKind::Decision
            };
            let established = establishes(sentence, own_body)
                .filter(|(at, _)| nearest_act(sentence, *at) == Some(whole.start()))
                .map(|(_, body)| body);
            for number in SESSION_NUMBER.captures_iter(&caps["list"]) {
                let (Ok(session), Ok(number)) =
                    (number[1].parse::<u32>(), number[2].parse::<u32>())
                else {
                    continue;
                };
                let Some(body) = act_body(sentence, whole.start(), whole.end(), session) else {
                    continue;
                };
                let act = Act {
                    kind,
                    body: body.to_owned(),
                    session,
                    number,
                };
                facts.citations.push((block, Citation::Act(act.clone())));
                facts.acts.push((block, act, established.clone()));
            }
        }
    }
}

/// The working group a sentence says an act established ("decided to establish an open-ended
/// working group …", "the Working Group, established by the Conference in its decision 4/4").
/// Returns where the sentence says "establish" and the group.
fn establishes(sentence: &str, own_body: &str) -> Option<(usize, String)> {
    static ESTABLISH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:established|establish|establishing|establishment of|set up)\b")
            .expect("valid regex")
    });
    let lower = sentence.to_ascii_lowercase();
    let at = ESTABLISH.find(sentence)?.start();
    let group = lower.find("working group")?;
    // the group's name ("working group on the smuggling of migrants"), else the document's own
    let key = body_key(&lower[group..], own_body);
    let key = if lower[group..].starts_with("working group on") && key.starts_with("wg") {
        key
    } else {
        own_body.to_owned()
    };
    Some((at, key))
}

/// Where the act nearest to `at` starts.
fn nearest_act(sentence: &str, at: usize) -> Option<usize> {
    ACT.find_iter(sentence)
        .min_by_key(|m| m.start().abs_diff(at).min(m.end().abs_diff(at)))
        .map(|m| m.start())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cited(text: &str, instrument: &str) -> Vec<String> {
        let events = vec![InstrumentEvent {
            at: 0,
            end: 0,
            key: instrument.to_owned(),
        }];
        let mut out = Vec::new();
        provisions(0, text, &events, None, &mut out);
        out.into_iter()
            .map(|(_, c)| match c {
                Citation::Provision(i, path) => format!("{i}/{}", path.join("/")),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn ranges_lists_paragraphs_and_points_expand() {
        assert_eq!(
            cited("articles 10 to 12", "SOM"),
            ["SOM/art_10", "SOM/art_11", "SOM/art_12"]
        );
        assert_eq!(
            cited("articles 12 and 13", "SOM"),
            ["SOM/art_12", "SOM/art_13"]
        );
        assert_eq!(
            cited("paragraphs 1 and 2 of article 19", "SOM"),
            ["SOM/art_19/para_1", "SOM/art_19/para_2"]
        );
        assert_eq!(
            cited("article 19, paragraphs 1 and 2", "SOM"),
            ["SOM/art_19/para_1", "SOM/art_19/para_2"]
        );
        assert_eq!(
            cited("article 27, paragraph 1 (e)", "UNTOC"),
            ["UNTOC/art_27/para_1/point_e"]
        );
        assert_eq!(cited("article 3 (a)", "SOM"), ["SOM/art_3/point_a"]);
        assert_eq!(
            cited("(art. 27, para. 1 (b))", "UNTOC"),
            ["UNTOC/art_27/para_1/point_b"]
        );
        assert_eq!(cited("articles 10–14", "SOM").len(), 5);
        assert_eq!(cited("articles 6, 16 and 19", "SOM").len(), 3);
        assert!(cited("article 2 of the rules of procedure", "UNTOC").is_empty());
    }

    #[test]
    fn other_conventions_are_told_by_their_titles() {
        assert!(names_another_convention(" on the Rights of the Child"));
        assert!(names_another_convention(
            " relating to the Status of Refugees"
        ));
        assert!(!names_another_convention(" on international cooperation"));
        assert!(!names_another_convention(", on mutual legal assistance"));
        assert!(!names_another_convention(" and the Protocol"));
    }

    #[test]
    fn acts_by_the_body_that_adopted_them() {
        let body = |sentence: &str| {
            let m = ACT.find(sentence).expect("an act");
            let session = SESSION_NUMBER.captures(m.as_str()).expect("numbers")[1]
                .parse()
                .expect("session");
            act_body(sentence, m.start(), m.end(), session)
        };
        assert_eq!(
            body("as set out in General Assembly resolution 55/25"),
            Some("ga")
        );
        assert_eq!(
            body("In its decision 4/4, the Conference decided"),
            Some("cop")
        );
        assert_eq!(
            body("In its resolution 64/293, the General Assembly adopted"),
            Some("ga")
        );
        assert_eq!(body("Conference resolution 7/1"), Some("cop"));
        assert_eq!(body("pursuant to decision 4/4"), Some("cop"));
        // an Assembly session below 40 is the Conference's
        assert_eq!(body("the Assembly, in its decision 4/4"), Some("cop"));
        assert_eq!(
            body("the Commission on Crime Prevention and Criminal Justice resolution 27/3"),
            None
        );
        assert_eq!(body("Human Rights Council resolution 44/4"), None);
    }

    #[test]
    fn number_lists() {
        assert_eq!(number_list("1, 2 and 4"), [1, 2, 4]);
        assert_eq!(number_list("10 to 12"), [10, 11, 12]);
        assert_eq!(number_list("27"), [27]);
    }
}
