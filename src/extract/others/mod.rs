//! The rules for French, Spanish, Russian and Arabic text: acts ("résolution 5/3", "resolución
//! 55/25 de la Asamblea General", "решение 4/4", "المقرر 4/4"), provisions ("article 27,
//! paragraphe 1 e), de la Convention", "статья 3 (a) Протокола о незаконном ввозе мигрантов",
//! "المادة 6 من بروتوكول الاتجار بالأشخاص") and meetings stated with their venue and dates
//! ("la première réunion …, tenue à Vienne du 11 au 13 novembre 2013"), with their ordinal.
//!
//! One set of rules reads the four languages; what differs between them is a table of words per
//! language ([`Words`]), each in a file of its own (`fr.rs`, `es.rs`, `ru.rs`, `ar.rs`) and named
//! in [`LANGUAGES`]. The rules make the facts the English and Chinese rules make, and resolve
//! a provision's instrument the same way: the instrument named right after the reference, else the
//! last one named before it in the paragraph, else the last one named in an earlier paragraph; a
//! bare "the Protocol" is the working group's own. Document symbols are read in any language by
//! the shared rules ([`super::citations`]), and are not read again here.

use regex::Regex;
use std::sync::LazyLock;

use super::Role;
use super::attendance::{ListRole, RoleWords};

mod agenda;
mod ar;
mod es;
mod fr;
mod participants;
mod ru;

use super::{Act, ActKind, Citation, DocumentFacts, MeetingFact, MeetingKey, Mention};
use crate::corpus::{Block, BlockKind};
use crate::gazetteer::Gazetteer;
use crate::masthead::{ascii_digits, first_dates};

/// The instruments whose provisions the graph holds.
const WITH_TEXT: [&str; 4] = ["UNTOC", "SOM", "TIP", "FIREARMS"];

/// What a name of an instrument stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    /// This instrument.
    Key(&'static str),
    /// "la Convention": the Organized Crime Convention, unless a title follows.
    BareConvention,
    /// "le Protocole": the working group's own Protocol, else the last one named.
    BareProtocol,
}

/// The words of one language, as regex fragments (matched without regard to case unless said).
struct Words {
    /// Resolution, singular and plural.
    resolution: &'static str,
    /// Decision, singular and plural.
    decision: &'static str,
    /// A body written between the act's word and its number (Arabic "قرار الجمعية العامة 55/25").
    body_between: Option<&'static str>,
    /// "and" in a list of numbers.
    and: &'static str,
    /// "to" in a range of numbers.
    to: &'static str,
    /// Article, all its forms.
    article: &'static str,
    /// Paragraph, all its forms.
    paragraph: &'static str,
    /// Subparagraph: the word that stands before a point alone ("alinéa a) de l'article 3").
    subparagraph: &'static str,
    /// A point: `e)`, `(e)`, `(هـ)`; one group.
    point: &'static str,
    /// "of" between a paragraph and its article ("paragraphe 3 de l'article 6").
    of_article: &'static str,
    /// "of" between a reference and the instrument's name, at the start of the text after it.
    of_instrument: &'static str,
    /// Whether a reference followed by "of" and something other than an instrument is another
    /// text's ("article 2 du règlement intérieur"); Russian links by the genitive alone, so the
    /// word after a reference says nothing.
    of_is_explicit: bool,
    /// The General Assembly.
    assembly: &'static str,
    /// The Conference of the Parties.
    conference: &'static str,
    /// Bodies outside the graph whose acts are not ours (the Commission, councils).
    outside: &'static str,
    /// Names of instruments.
    instruments: &'static [(&'static str, Target)],
    /// Words after a bare "Convention" that make it another one ("relative aux droits de …").
    another_convention: &'static str,
    /// "Conférence des Parties à la" before the Convention's title: the name of a body, not of
    /// the instrument (at the end of the text before it).
    parties_to: &'static str,
    /// "held in" before a venue, one group for the venue's name.
    held_in: &'static str,
    /// A meeting with its ordinal, the ordinal in one group ("première réunion", "اجتماعه
    /// الأول").
    ordinal_meeting: &'static str,
    /// The ordinals 1, 2, 3 … as patterns of their forms.
    ordinals: &'static [&'static str],
    /// Working groups and the Conference by name, with their keys; a bare "working group" is the
    /// document's own.
    bodies: &'static [(&'static str, &'static str)],
    /// The venues these bodies meet in, as the language writes them, with the English name.
    places: &'static [(&'static str, &'static str)],
    /// The adopted agenda, its items and who attended and spoke.
    meeting: MeetingWords,
}

/// The fixed phrasing of a report's account of its meeting, as regex fragments matched without
/// regard to case: the adopted agenda, attendance by role and statements by agenda item.
struct MeetingWords {
    /// "a adopté l'ordre du jour suivant": the numbered list follows, after a colon.
    agenda_adopted: &'static str,
    /// Where an agenda item's sub-items start (" a) Ouverture", " (أ) افتتاح").
    sub_item: &'static str,
    /// "le point 2 de l'ordre du jour, intitulé « … »": the number in group `n`, the title in
    /// group `title`.
    item_titled: &'static str,
    /// "au titre des points 2 et 3 de l'ordre du jour": the numbers in group 1.
    items_named: &'static str,
    /// "a examiné le point 2 de l'ordre du jour": the paragraph opens that item's discussion; the
    /// number in group 1.
    item_considered: &'static str,
    /// "étaient représentés": the sentence is an attendance list.
    attended: &'static str,
    /// The roles list introductions give (lower-cased words), most specific first.
    roles: &'static RoleWords,
    /// Words joining the names of a list ("et", "la", "l'").
    joining: &'static [&'static str],
    /// A list's leftover that describes rather than names, beyond the words in lower case that
    /// never name ("وهو منظمة تكامل اقتصادي إقليمية": Arabic has no case).
    describes: Option<&'static str>,
    /// "des déclarations ont été faites", "a également fait une déclaration": someone spoke.
    spoke: &'static str,
    /// "les représentants de", "l'observateur de": the speakers' names follow.
    speaker_marker: &'static str,
    /// "les intervenants suivants": the speakers are panellists.
    panel: &'static str,
    /// "suivants", "ci-après": the list after the colon is the speakers'.
    following: &'static str,
    /// "également": a speaker added to the item's list, not one who spoke alone.
    also: &'static str,
    /// Titles before a person's name ("M.", "Mme").
    titles: &'static str,
    /// Words ending in a full stop that do not end a sentence ("Sr").
    abbreviations: &'static [&'static str],
    /// The secretariat, which is UNODC.
    secretariat: &'static str,
}

/// The languages these rules read, each with its table of words: a new language is a file with
/// its [`Words`] and a line here.
const LANGUAGES: [(&str, &Words); 4] = [
    ("fr", &fr::WORDS),
    ("es", &es::WORDS),
    ("ru", &ru::WORDS),
    ("ar", &ar::WORDS),
];

/// The rules of one language, compiled.
struct Rules {
    /// The language's ISO 639-1 code.
    code: &'static str,
    words: &'static Words,
    act: Regex,
    resolution: Regex,
    body_after: Regex,
    assembly: Regex,
    conference: Regex,
    article: Regex,
    paragraph_of_article: Regex,
    number_part: Regex,
    range_sep: Regex,
    of_instrument: Regex,
    instruments: Vec<(Regex, Target)>,
    another_convention: Regex,
    parties_to: Regex,
    held_in: Regex,
    ordinal_meeting: Regex,
    ordinals: Vec<Regex>,
    bodies: Vec<(Regex, &'static str)>,
    meeting: MeetingRules,
}

/// [`MeetingWords`], compiled.
struct MeetingRules {
    roles: &'static RoleWords,
    agenda_adopted: Regex,
    sub_item: Regex,
    item_titled: Regex,
    items_named: Regex,
    item_considered: Regex,
    attended: Regex,
    describes: Option<Regex>,
    spoke: Regex,
    speaker_marker: Regex,
    panel: Regex,
    following: Regex,
    also: Regex,
    person: Regex,
    secretariat: Regex,
}

impl MeetingRules {
    fn new(words: &'static MeetingWords) -> Self {
        let re = |pattern: &str| Regex::new(&format!("(?i){pattern}")).expect("valid regex");
        Self {
            roles: words.roles,
            agenda_adopted: re(words.agenda_adopted),
            sub_item: re(words.sub_item),
            item_titled: re(words.item_titled),
            items_named: re(words.items_named),
            item_considered: re(words.item_considered),
            attended: re(words.attended),
            describes: words.describes.map(re),
            spoke: re(words.spoke),
            speaker_marker: re(words.speaker_marker),
            panel: re(words.panel),
            following: re(words.following),
            also: re(words.also),
            // a title, the name, and the bracket that holds the State represented
            person: Regex::new(&format!(
                r"(?:^|[\s,،:;])(?:{})\s+([^()،,:;]+?)\s*\(",
                words.titles
            ))
            .expect("valid regex"),
            secretariat: re(words.secretariat),
        }
    }
}

impl Rules {
    fn new(code: &'static str, words: &'static Words) -> Self {
        let re = |pattern: &str| Regex::new(pattern).expect("valid regex");
        let and = words.and;
        let to = words.to;
        let acts_list =
            format!(r"\d{{1,3}}/\d{{1,3}}(?:(?:,\s*|{and}|,{and})\d{{1,3}}/\d{{1,3}})*");
        let numbers = format!(r"\d{{1,3}}(?:(?:[,،]\s*|{and}|{to}|\s*[–-]\s*)\d{{1,3}})*");
        let point = words.point;
        Self {
            code,
            words,
            act: re(&match words.body_between {
                Some(between) => format!(
                    r"(?i)\b(?P<kind>{}|{})\s+(?:(?P<between>{between})\s+)?(?P<list>{acts_list})",
                    words.resolution, words.decision
                ),
                None => format!(
                    r"(?i)\b(?P<kind>{}|{})\s+(?P<list>{acts_list})",
                    words.resolution, words.decision
                ),
            }),
            resolution: re(&format!(r"(?i)^(?:{})$", words.resolution)),
            body_after: re(&format!(
                r"(?i)^[,،]?\s+(?:(?:de\s+la|de\s+l['’]|del|de\s+las|de\s+los|de|du|des)\s*)?(?:(?P<ga>{})|(?P<cop>{})|(?P<out>{}))",
                words.assembly, words.conference, words.outside
            )),
            assembly: re(&format!(r"(?i){}", words.assembly)),
            conference: re(&format!(r"(?i){}", words.conference)),
            article: re(&format!(
                r"(?i)\b(?:{})\s+(?P<art>{numbers})(?:[,،]?\s+(?:{})\s+(?P<para>{numbers}))?(?:\s?{point})?",
                words.article, words.paragraph
            )),
            paragraph_of_article: re(&format!(
                r"(?i)\b(?:(?:{})\s+(?P<para>{numbers})(?:\s?{point})?|(?:{})\s+{point})[,،]?{}(?P<art>\d{{1,3}})",
                words.paragraph, words.subparagraph, words.of_article
            )),
            number_part: re(&format!(
                r"(?i)(^|[,،]\s*|{and}|,{and}|{to}|\s*[–-]\s*)(\d{{1,3}})"
            )),
            range_sep: re(&format!(r"^(?:{to}|\s*[–-]\s*)$")),
            of_instrument: re(&format!("(?i){}", words.of_instrument)),
            instruments: words
                .instruments
                .iter()
                .map(|(p, t)| (re(&format!("(?i){p}")), *t))
                .collect(),
            another_convention: re(&format!("(?i){}", words.another_convention)),
            parties_to: re(&format!("(?i){}", words.parties_to)),
            held_in: re(words.held_in),
            ordinal_meeting: re(&format!("(?i){}", words.ordinal_meeting)),
            ordinals: words
                .ordinals
                .iter()
                .map(|p| re(&format!("(?i)^(?:{p})$")))
                .collect(),
            bodies: words
                .bodies
                .iter()
                .map(|(p, k)| (re(&format!("(?i){p}")), *k))
                .collect(),
            meeting: MeetingRules::new(&words.meeting),
        }
    }
}

static RULES: LazyLock<Vec<(&str, Rules)>> = LazyLock::new(|| {
    LANGUAGES
        .iter()
        .map(|(code, words)| (*code, Rules::new(code, words)))
        .collect()
});

/// Extracts acts, provisions and dated meetings from a French, Spanish, Russian or Arabic
/// document's blocks; other languages give nothing here.
pub fn extract(
    blocks: &[Block],
    language: &str,
    own_body: &str,
    gazetteer: &Gazetteer,
    facts: &mut DocumentFacts,
) {
    let Some((_, rules)) = RULES.iter().find(|(code, _)| *code == language) else {
        return;
    };
    let own_protocol = match own_body {
        "wg7" => Some("SOM"),
        "wg4" => Some("TIP"),
        "wg6" => Some("FIREARMS"),
        _ => None,
    };
    let mut last_protocol = own_protocol.unwrap_or("SOM").to_owned();
    let mut carried: Option<String> = None;
    for (index, block) in blocks.iter().enumerate() {
        let text = ascii_digits(&block.text.replace('\n', " "));
        let events = instrument_events(&text, rules, own_protocol, &mut last_protocol);
        if matches!(block.kind, BlockKind::Paragraph | BlockKind::Footnote) {
            meetings(index, &text, rules, own_body, gazetteer, facts);
        }
        if block.number.is_none() {
            if let Some(last) = events.last() {
                carried = Some(last.key.clone());
            }
            continue;
        }
        for event in &events {
            facts
                .mentions
                .push((index, Mention::Instrument(event.key.clone())));
        }
        provisions(index, &text, rules, &events, carried.as_deref(), facts);
        if let Some(last) = events.last() {
            carried = Some(last.key.clone());
        }
        acts(index, &text, rules, facts);
    }
    front_venue(blocks, rules, gazetteer, facts);
    let blocks = without_vowel_marks(blocks);
    agenda::extract(&blocks, rules, gazetteer, facts);
    participants::extract(&blocks, rules, gazetteer, facts);
    facts.mentions.sort();
    facts.mentions.dedup();
    facts.citations.sort();
    facts.citations.dedup();
    facts.acts.sort();
    facts.acts.dedup();
}

/// The blocks without the Arabic short vowels and marks (ممثَّلة → ممثلة), which the UN's Arabic
/// sometimes prints and the gazetteer's names and the phrasings never hold; other scripts are
/// left as they are.
fn without_vowel_marks(blocks: &[Block]) -> Vec<Block> {
    let is_mark = |c: char| matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}');
    blocks
        .iter()
        .map(|b| {
            let mut b = b.clone();
            if b.text.contains(is_mark) {
                b.text = b.text.chars().filter(|c| !is_mark(*c)).collect();
            }
            b
        })
        .collect()
}

/// The venue of the meeting the front page states ("Vienne, 11-13 novembre 2013"), which the
/// shared rules look up by its English and Chinese names only: a place followed by a comma and
/// a date on the front page.
fn front_venue(blocks: &[Block], rules: &Rules, gazetteer: &Gazetteer, facts: &mut DocumentFacts) {
    let venue = blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Front)
        .find_map(|b| {
            rules.words.places.iter().find_map(|(name, english)| {
                let text = ascii_digits(&b.text);
                let at = text
                    .find(&format!("{name},"))
                    .or_else(|| text.find(&format!("{name}،")))?;
                let after = &text[at + name.len()..];
                let dated = first_dates(after).is_some_and(|(_, range)| range.start <= 3);
                dated
                    .then(|| gazetteer.place_by_name(english).map(|p| p.slug.clone()))
                    .flatten()
            })
        });
    for meeting in &mut facts.meetings {
        let on_front = blocks
            .get(meeting.block)
            .is_some_and(|b| b.kind == BlockKind::Front);
        if meeting.venue.is_none() && on_front {
            meeting.venue.clone_from(&venue);
        }
    }
}

/// Where the text names an instrument.
#[derive(Debug)]
struct InstrumentEvent {
    at: usize,
    end: usize,
    key: String,
}

fn instrument_events(
    text: &str,
    rules: &Rules,
    own_protocol: Option<&str>,
    last_protocol: &mut String,
) -> Vec<InstrumentEvent> {
    let mut found: Vec<(usize, usize, Target)> = Vec::new();
    for (pattern, target) in &rules.instruments {
        for m in pattern.find_iter(text) {
            found.push((m.start(), m.end(), *target));
        }
    }
    // leftmost, then longest, then no overlap
    found.sort_by_key(|(start, end, _)| (*start, std::cmp::Reverse(*end)));
    let mut events = Vec::new();
    let mut reached = 0;
    for (at, end, target) in found {
        if at < reached {
            continue;
        }
        if rules.parties_to.is_match(&text[..at]) {
            continue;
        }
        // whole words only
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let after = &text[end..];
        let key = match target {
            Target::Key(key) => key.to_owned(),
            Target::BareConvention => {
                if rules.another_convention.is_match(after) {
                    continue;
                }
                "UNTOC".to_owned()
            }
            Target::BareProtocol => own_protocol.unwrap_or(last_protocol).to_owned(),
        };
        if matches!(key.as_str(), "SOM" | "TIP" | "FIREARMS") {
            last_protocol.clone_from(&key);
        }
        reached = end;
        events.push(InstrumentEvent { at, end, key });
    }
    events
}

/// `1 et 2` → [1, 2]; `10 à 12` → [10, 11, 12]; `6, 16 y 19` → [6, 16, 19].
fn number_list(text: &str, rules: &Rules) -> Vec<u32> {
    let mut list: Vec<u32> = Vec::new();
    for caps in rules.number_part.captures_iter(text) {
        let Ok(n) = caps[2].parse::<u32>() else {
            continue;
        };
        let is_range = !caps[1].is_empty() && rules.range_sep.is_match(&caps[1]);
        match list.last().copied() {
            Some(prev) if is_range && n > prev && n - prev < 100 => list.extend(prev + 1..=n),
            _ => list.push(n),
        }
    }
    list.dedup();
    list
}

/// A point as the path writes it: Latin letters; Cyrillic letters that look Latin, and Arabic
/// letters in their order (أ a, ب b, ج c …), mapped to them.
fn point_letter(point: &str) -> Option<String> {
    const ARABIC_ORDER: [&str; 11] = ["أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ه"];
    if let Some(i) = ARABIC_ORDER.iter().position(|l| *l == point) {
        // "ه" is "هـ" written without its tail
        let i = if i == 10 { 4 } else { i };
        return Some(char::from(b'a' + u8::try_from(i).ok()?).to_string());
    }
    let c = point.chars().next()?;
    let c = match c {
        'а' => 'a',
        'с' => 'c',
        'е' => 'e',
        'о' => 'o',
        'р' => 'p',
        'х' => 'x',
        c if c.is_ascii_lowercase() => c,
        _ => return None,
    };
    Some(c.to_string())
}

/// One provision reference, with where it is in the text.
struct Reference {
    start: usize,
    end: usize,
    articles: Vec<u32>,
    paragraphs: Vec<u32>,
    point: Option<String>,
}

fn references(text: &str, rules: &Rules) -> Vec<Reference> {
    let mut found: Vec<Reference> = Vec::new();
    for caps in rules.paragraph_of_article.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        // the points are the groups without a name
        let point = rules
            .paragraph_of_article
            .capture_names()
            .zip(caps.iter())
            .skip(1)
            .find_map(|(name, m)| m.filter(|_| name.is_none()))
            .and_then(|m| point_letter(m.as_str()));
        found.push(Reference {
            start: whole.start(),
            end: whole.end(),
            articles: number_list(&caps["art"], rules),
            paragraphs: caps
                .name("para")
                .map(|m| number_list(m.as_str(), rules))
                .unwrap_or_default(),
            point,
        });
    }
    for caps in rules.article.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        if found
            .iter()
            .any(|r| r.start <= whole.start() && whole.start() < r.end)
        {
            continue;
        }
        // the point is the last group
        let point = caps
            .get(caps.len() - 1)
            .and_then(|m| point_letter(m.as_str()));
        found.push(Reference {
            start: whole.start(),
            end: whole.end(),
            articles: number_list(&caps["art"], rules),
            paragraphs: caps
                .name("para")
                .map(|m| number_list(m.as_str(), rules))
                .unwrap_or_default(),
            point,
        });
    }
    found.sort_by_key(|r| r.start);
    found
}

fn provisions(
    block: usize,
    text: &str,
    rules: &Rules,
    events: &[InstrumentEvent],
    carried: Option<&str>,
    facts: &mut DocumentFacts,
) {
    for reference in references(text, rules) {
        let after = &text[reference.end..];
        let named_after = rules.of_instrument.find(after).and_then(|of| {
            let at = reference.end + of.end();
            events.iter().find(|e| e.at == at)
        });
        let instrument = match named_after {
            Some(event) => Some(event.key.as_str()),
            // "article 2 du règlement intérieur": another text
            None if rules.words.of_is_explicit
                && rules
                    .of_instrument
                    .find(after)
                    .is_some_and(|of| after[of.end()..].starts_with(char::is_alphabetic)) =>
            {
                continue;
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
                facts
                    .citations
                    .push((block, Citation::Provision(instrument.to_owned(), path)));
            }
        }
    }
}

/// Sentences: split after a full stop followed by a space, and at `;`.
fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(". ").filter(|s| !s.trim().is_empty())
}

fn acts(block: usize, text: &str, rules: &Rules, facts: &mut DocumentFacts) {
    for sentence in sentences(text) {
        for caps in rules.act.captures_iter(sentence) {
            let whole = caps.get(0).expect("match");
            let kind = if rules.resolution.is_match(&caps["kind"]) {
                ActKind::Resolution
            } else {
                ActKind::Decision
            };
            let named = caps
                .name("between")
                .map(|b| {
                    if rules.assembly.is_match(b.as_str()) {
                        Some("ga")
                    } else {
                        Some("cop")
                    }
                })
                .or_else(|| {
                    rules
                        .body_after
                        .captures(&sentence[whole.end()..])
                        .map(|c| {
                            if c.name("ga").is_some() {
                                Some("ga")
                            } else if c.name("cop").is_some() {
                                Some("cop")
                            } else {
                                None
                            }
                        })
                });
            for number in caps["list"].split(|c: char| !c.is_ascii_digit() && c != '/') {
                let Some((session, number)) = number.split_once('/') else {
                    continue;
                };
                let (Ok(session), Ok(number)) = (session.parse::<u32>(), number.parse::<u32>())
                else {
                    continue;
                };
                let body = match named {
                    Some(Some("ga")) if session < 40 => "cop",
                    Some(Some(body)) => body,
                    Some(None) => continue,
                    // the body named last before the act, the Assembly's sessions being above 40
                    None => {
                        let before = &sentence[..whole.start()];
                        let ga = rules.assembly.find_iter(before).last().map(|m| m.start());
                        let cop = rules.conference.find_iter(before).last().map(|m| m.start());
                        if ga.is_some_and(|g| cop.is_none_or(|c| g > c)) && session >= 40 {
                            "ga"
                        } else {
                            "cop"
                        }
                    }
                };
                let act = Act {
                    kind,
                    body: body.to_owned(),
                    session,
                    number,
                };
                facts.citations.push((block, Citation::Act(act.clone())));
                facts.acts.push((block, act, None));
            }
        }
    }
}

/// The ordinal of the meeting named last in `text` ("la première réunion du Groupe de travail",
/// "в ходе своего первого совещания", "اجتماعه الأول"), within the 200 bytes before the venue.
fn ordinal_before(text: &str, rules: &Rules) -> Option<u32> {
    let start =
        (text.len().saturating_sub(200)..=text.len()).find(|&i| text.is_char_boundary(i))?;
    let caps = rules.ordinal_meeting.captures_iter(&text[start..]).last()?;
    let word = caps.get(1)?.as_str();
    let at = rules.ordinals.iter().position(|o| o.is_match(word))?;
    u32::try_from(at + 1).ok()
}

/// "tenue à Vienne du 11 au 13 novembre 2013": a meeting with its venue and dates, of the body
/// named last before it (a working group or the Conference), else the document's own.
fn meetings(
    block: usize,
    text: &str,
    rules: &Rules,
    own_body: &str,
    gazetteer: &Gazetteer,
    facts: &mut DocumentFacts,
) {
    for sentence in sentences(text) {
        for caps in rules.held_in.captures_iter(sentence) {
            let whole = caps.get(0).expect("match");
            let place = &caps[1];
            let Some((_, english)) = rules.words.places.iter().find(|(name, _)| {
                place == *name
                    || (name.contains(' ')
                        && sentence[caps.get(1).expect("group").start()..].starts_with(name))
            }) else {
                continue;
            };
            let venue = gazetteer.place_by_name(english).map(|p| p.slug.clone());
            let rest = &sentence[whole.end()..];
            let Some(((start, end), range)) = first_dates(rest) else {
                continue;
            };
            // the dates follow the venue, with only "du", "from", "los días" between
            if range.start > 30 {
                continue;
            }
            let before = &sentence[..whole.start()];
            let body = rules
                .bodies
                .iter()
                .filter_map(|(pattern, key)| {
                    pattern.find_iter(before).last().map(|m| (m.start(), *key))
                })
                .max()
                .map_or(own_body, |(_, key)| key);
            facts.meetings.push(MeetingFact {
                key: MeetingKey {
                    body: body.to_owned(),
                    start,
                },
                end,
                ordinal: ordinal_before(before, rules),
                venue,
                block,
            });
        }
    }
}

#[cfg(test)]
mod tests;
