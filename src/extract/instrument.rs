//! Parser for the English treaty texts in `data/instruments/*.en.md` (the UN Convention
//! against Transnational Organized Crime and its three Protocols).
//!
//! It turns one instrument's Markdown into its provisions — articles, numbered paragraphs,
//! lettered points and roman-numbered sub-points — each addressed by a path such as
//! `["art_27", "para_1", "point_e"]`, so that the knowledge graph can link to any of them.
//! The layout and its quirks are described in `data/instruments/SOURCE.md`. The preamble,
//! chapter headings, the closing formula (`IN WITNESS WHEREOF ...`) and the Dutch text that
//! follows it are not provisions and are skipped.

use std::collections::HashSet;
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

/// One provision: an article, a numbered paragraph of an article, or a lettered point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provision {
    /// Path within the instrument: ["art_27"], ["art_27","para_1"], ["art_27","para_1","point_e"], ["art_3","point_a"], sub-points ["art_3","point_c","subpoint_i"].
    pub path: Vec<String>,
    /// Article title for articles (e.g. "Law enforcement cooperation"); None for paragraphs and points.
    pub title: Option<String>,
    /// The provision's own text, whitespace-normalised (for an article: its whole text including its paragraphs and points, joined by '\n'; for a paragraph: its text with its points; for a point: the point's text with its sub-points).
    ///
    /// The provision's own label is left out, the labels of what it contains are kept
    /// (`1.`, `(a)`, `(i)`). Quotes written ``` ``like this" ``` or `“like this”` become `"like this"`.
    pub text: String,
    /// 1-based line number in the source file where it starts (for error messages).
    pub line: usize,
}

/// A parsed instrument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstrumentText {
    /// The instrument's title (the first `####` heading); empty if the text has none before its first article.
    pub title: String,
    /// All provisions in document order: each article followed by its paragraphs and points.
    pub provisions: Vec<Provision>,
}

/// Why a treaty text could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InstrumentError {
    /// The text is empty or blank.
    Empty,
    /// The text has no `### Article  N` heading.
    NoArticles,
    /// An article heading does not carry the next article number.
    ArticleOutOfOrder {
        /// 1-based line of the article heading.
        line: usize,
        /// The number that should have come next.
        expected: u32,
        /// The number found.
        found: u32,
    },
    /// Two provisions have the same path (e.g. a paragraph number or point letter repeated).
    DuplicateProvision {
        /// 1-based line where the second one starts.
        line: usize,
        /// The repeated path, joined with `/`.
        path: String,
    },
}

impl fmt::Display for InstrumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "the treaty text is empty"),
            Self::NoArticles => write!(f, "the treaty text has no articles"),
            Self::ArticleOutOfOrder {
                line,
                expected,
                found,
            } => write!(
                f,
                "line {line}: expected article {expected}, found article {found}"
            ),
            Self::DuplicateProvision { line, path } => {
                write!(f, "line {line}: provision {path} occurs twice")
            }
        }
    }
}

impl std::error::Error for InstrumentError {}

/// Parses one instrument's Markdown text.
pub fn parse_instrument(source: &str) -> Result<InstrumentText, InstrumentError> {
    if source.trim().is_empty() {
        return Err(InstrumentError::Empty);
    }
    let mut parser = Parser::default();
    for (index, line) in source.trim_start_matches('\u{feff}').lines().enumerate() {
        if parser.read(index + 1, line)? == Reading::Finished {
            break;
        }
    }
    parser.close_from(Level::Article);
    if parser.articles.is_empty() {
        return Err(InstrumentError::NoArticles);
    }
    Ok(InstrumentText {
        title: parser.title.unwrap_or_default(),
        provisions: flatten(&parser.articles)?,
    })
}

static ARTICLE_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^###\s*Article\s+(\d{1,9})\s*$").expect("valid regex"));
static CHAPTER_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^###\s*[IVXLC]+(\s.*)?$").expect("valid regex"));
static NUMBERED_PARAGRAPH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,4})\.\s+(.*)$").expect("valid regex"));
static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(?([a-z]{1,6})\)\s*(.*)$").expect("valid regex"));
// The source flattened the text that closes a list onto the last item's line, separated by
// two or more spaces (e.g. Firearms Protocol art. 3 (d) (iii)); it belongs to the list's owner.
static LIST_CLOSING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*?[;:.])\s{2,}(\p{Lu}.*)$").expect("valid regex"));

/// The sub-point numerals the treaties use, in order.
const ROMAN_NUMERALS: [&str; 20] = [
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv",
    "xvi", "xvii", "xviii", "xix", "xx",
];

/// What one source line is, before the parser's state is taken into account.
#[derive(Debug, PartialEq, Eq)]
enum SourceLine<'a> {
    Blank,
    /// `####Title`: the instrument's, an article's or a chapter's title.
    Heading(&'a str),
    /// `### Article  N`.
    Article(u32),
    /// `###I`, `###II Prevention`.
    Chapter,
    /// Any other `#` heading.
    OtherSection,
    /// `IN WITNESS WHEREOF ...`: the end of the treaty's articles.
    Testimonium,
    /// `1.   text`.
    NumberedParagraph {
        number: u32,
        text: &'a str,
    },
    /// `(a) text`, `a)text`, `(ii) text`.
    ListItem {
        label: &'a str,
        text: &'a str,
    },
    Text(&'a str),
}

fn classify(line: &str) -> SourceLine<'_> {
    let line = line.trim();
    if line.is_empty() {
        return SourceLine::Blank;
    }
    if let Some(title) = line.strip_prefix("####") {
        return SourceLine::Heading(title);
    }
    if let Some(number) = capture_number(&ARTICLE_HEADING, line) {
        return SourceLine::Article(number);
    }
    if CHAPTER_HEADING.is_match(line) {
        return SourceLine::Chapter;
    }
    if line.starts_with('#') {
        return SourceLine::OtherSection;
    }
    if line.starts_with("IN WITNESS WHEREOF") {
        return SourceLine::Testimonium;
    }
    if let Some(caps) = NUMBERED_PARAGRAPH.captures(line) {
        if let (Some(number), Some(text)) = (caps.get(1), caps.get(2)) {
            if let Ok(number) = number.as_str().parse() {
                return SourceLine::NumberedParagraph {
                    number,
                    text: text.as_str(),
                };
            }
        }
    }
    if let Some(caps) = LIST_ITEM.captures(line) {
        if let (Some(label), Some(text)) = (caps.get(1), caps.get(2)) {
            if is_list_label(label.as_str()) {
                return SourceLine::ListItem {
                    label: label.as_str(),
                    text: text.as_str(),
                };
            }
        }
    }
    SourceLine::Text(line)
}

fn capture_number(pattern: &Regex, line: &str) -> Option<u32> {
    pattern.captures(line)?.get(1)?.as_str().parse().ok()
}

fn is_list_label(label: &str) -> bool {
    label.len() == 1 || roman_position(label).is_some()
}

fn roman_position(label: &str) -> Option<usize> {
    ROMAN_NUMERALS.iter().position(|numeral| *numeral == label)
}

fn next_roman(label: &str) -> Option<&'static str> {
    ROMAN_NUMERALS.get(roman_position(label)? + 1).copied()
}

fn next_letter(label: &str) -> Option<char> {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(letter), None) if letter.is_ascii_lowercase() && letter != 'z' => {
            char::from_u32(u32::from(letter) + 1)
        }
        _ => None,
    }
}

/// Collapses whitespace and writes every quotation mark as a plain `"`.
fn normalise(text: &str) -> String {
    let plain_quotes = text.replace("``", "\"").replace(['“', '”'], "\"");
    plain_quotes
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits a list item's text into the item's own text and the text closing the list, if any.
fn split_list_closing(text: &str) -> (&str, Option<&str>) {
    match LIST_CLOSING.captures(text) {
        Some(caps) => match (caps.get(1), caps.get(2)) {
            (Some(own), Some(closing)) => (own.as_str(), Some(closing.as_str())),
            _ => (text, None),
        },
        None => (text, None),
    }
}

/// Nesting depth of a provision; a provision closes every open one at its level or deeper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Article,
    Paragraph,
    Point,
    SubPoint,
}

/// A provision while it is being read: its text lines and contained provisions, in order.
#[derive(Debug)]
struct Node {
    level: Level,
    /// Article or paragraph number, point letter or sub-point numeral.
    label: String,
    title: Option<String>,
    line: usize,
    parts: Vec<Part>,
}

#[derive(Debug)]
enum Part {
    Text(String),
    Contained(Node),
}

impl Node {
    fn new(level: Level, label: &str, line: usize) -> Self {
        Self {
            level,
            label: label.to_owned(),
            title: None,
            line,
            parts: Vec::new(),
        }
    }

    fn path_segment(&self) -> String {
        let prefix = match self.level {
            Level::Article => "art",
            Level::Paragraph => "para",
            Level::Point => "point",
            Level::SubPoint => "subpoint",
        };
        format!("{prefix}_{}", self.label)
    }

    /// The label as it is written when the provision is quoted inside its parent's text.
    fn display_label(&self) -> String {
        match self.level {
            Level::Article => format!("Article {}", self.label),
            Level::Paragraph => format!("{}.", self.label),
            Level::Point | Level::SubPoint => format!("({})", self.label),
        }
    }

    fn text(&self) -> String {
        let lines: Vec<String> = self
            .parts
            .iter()
            .map(|part| match part {
                Part::Text(text) => text.clone(),
                Part::Contained(node) => node.labelled_text(),
            })
            .collect();
        lines.join("\n")
    }

    fn labelled_text(&self) -> String {
        let separator = match self.parts.first() {
            Some(Part::Text(_)) => " ",
            _ => "\n",
        };
        format!("{}{separator}{}", self.display_label(), self.text())
    }

    fn contained(&self) -> impl Iterator<Item = &Node> {
        self.parts.iter().filter_map(|part| match part {
            Part::Contained(node) => Some(node),
            Part::Text(_) => None,
        })
    }

    /// Whether a following `(i)` opens a sub-point list rather than being the point after `(h)`.
    fn introduces_list(&self) -> bool {
        let own_text = self.parts.iter().rev().find_map(|part| match part {
            Part::Text(text) => Some(text),
            Part::Contained(_) => None,
        });
        own_text.is_none_or(|text| text.ends_with(':'))
    }
}

/// Which `####` heading the parser expects next.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum ExpectedHeading {
    ArticleTitle,
    ChapterTitle,
    #[default]
    Nothing,
}

#[derive(Debug, PartialEq, Eq)]
enum Reading {
    Continue,
    Finished,
}

#[derive(Debug, Default)]
struct Parser {
    title: Option<String>,
    expected_heading: ExpectedHeading,
    last_article: u32,
    /// The open provisions, outermost (the article) first.
    open: Vec<Node>,
    articles: Vec<Node>,
}

impl Parser {
    fn read(&mut self, line_number: usize, line: &str) -> Result<Reading, InstrumentError> {
        let line = classify(line);
        let expected_heading =
            std::mem::replace(&mut self.expected_heading, ExpectedHeading::Nothing);
        match line {
            SourceLine::Blank => self.expected_heading = expected_heading,
            SourceLine::Heading(title) => return Ok(self.read_heading(title, expected_heading)),
            SourceLine::Article(number) => self.open_article(line_number, number)?,
            SourceLine::Chapter => {
                self.close_from(Level::Article);
                self.expected_heading = ExpectedHeading::ChapterTitle;
            }
            SourceLine::OtherSection => self.close_from(Level::Article),
            SourceLine::Testimonium => return Ok(Reading::Finished),
            SourceLine::NumberedParagraph { number, text } => {
                self.open_provision(Node::new(
                    Level::Paragraph,
                    &number.to_string(),
                    line_number,
                ));
                self.add_text(text);
            }
            SourceLine::ListItem { label, text } => self.read_list_item(line_number, label, text),
            SourceLine::Text(text) => self.add_text(text),
        }
        Ok(Reading::Continue)
    }

    fn read_heading(&mut self, title: &str, expected: ExpectedHeading) -> Reading {
        match expected {
            ExpectedHeading::ArticleTitle => {
                if let Some(article) = self.open.first_mut() {
                    article.title = Some(normalise(title));
                }
            }
            ExpectedHeading::ChapterTitle => {}
            ExpectedHeading::Nothing if self.last_article == 0 => {
                self.title.get_or_insert_with(|| normalise(title));
            }
            // A title after the articles that belongs to none of them starts another text:
            // the Dutch translation.
            ExpectedHeading::Nothing => return Reading::Finished,
        }
        Reading::Continue
    }

    fn open_article(&mut self, line: usize, number: u32) -> Result<(), InstrumentError> {
        let expected = self.last_article.saturating_add(1);
        if number != expected {
            return Err(InstrumentError::ArticleOutOfOrder {
                line,
                expected,
                found: number,
            });
        }
        self.last_article = number;
        self.close_from(Level::Article);
        self.open
            .push(Node::new(Level::Article, &number.to_string(), line));
        self.expected_heading = ExpectedHeading::ArticleTitle;
        Ok(())
    }

    fn read_list_item(&mut self, line: usize, label: &str, text: &str) {
        let Some(level) = self.list_item_level(label) else {
            self.add_text(&format!("({label}) {text}"));
            return;
        };
        let (own_text, closing_text) = split_list_closing(text);
        self.open_provision(Node::new(level, label, line));
        self.add_text(own_text);
        if let Some(closing_text) = closing_text {
            self.close_from(level);
            self.add_text(closing_text);
        }
    }

    /// Decides whether a list label is a point or a sub-point; `i`, `v` and `x` can be either.
    fn list_item_level(&self, label: &str) -> Option<Level> {
        let point = self.innermost(Level::Point);
        let sub_point = self.innermost(Level::SubPoint);
        if sub_point.is_some_and(|sub_point| next_roman(&sub_point.label) == Some(label)) {
            return Some(Level::SubPoint);
        }
        let is_letter = label.len() == 1;
        let continues_points = match point {
            Some(point) => {
                next_letter(&point.label).is_some_and(|next| label.starts_with(next) && is_letter)
            }
            None => label == "a",
        };
        let opens_sub_points = label == "i" && point.is_some_and(Node::introduces_list);
        if is_letter && continues_points && !opens_sub_points {
            return Some(Level::Point);
        }
        if point.is_some() && roman_position(label).is_some() {
            return Some(Level::SubPoint);
        }
        is_letter.then_some(Level::Point)
    }

    fn innermost(&self, level: Level) -> Option<&Node> {
        self.open.iter().rev().find(|node| node.level == level)
    }

    /// Opens a paragraph, point or sub-point; outside an article there is nothing to open.
    fn open_provision(&mut self, node: Node) {
        if self.open.is_empty() {
            return;
        }
        self.close_from(node.level);
        self.open.push(node);
    }

    fn add_text(&mut self, text: &str) {
        let text = normalise(text);
        if text.is_empty() {
            return;
        }
        // Without markers or indentation, text after a list cannot be told from the last
        // item's continuation, so it goes to the innermost open provision.
        if let Some(node) = self.open.last_mut() {
            node.parts.push(Part::Text(text));
        }
    }

    fn close_from(&mut self, level: Level) {
        while self.open.last().is_some_and(|node| node.level >= level) {
            if let Some(node) = self.open.pop() {
                match self.open.last_mut() {
                    Some(parent) => parent.parts.push(Part::Contained(node)),
                    None => self.articles.push(node),
                }
            }
        }
    }
}

fn flatten(articles: &[Node]) -> Result<Vec<Provision>, InstrumentError> {
    let mut provisions = Vec::new();
    let mut seen = HashSet::new();
    for article in articles {
        collect(article, &[], &mut provisions, &mut seen)?;
    }
    Ok(provisions)
}

fn collect(
    node: &Node,
    parent_path: &[String],
    provisions: &mut Vec<Provision>,
    seen: &mut HashSet<String>,
) -> Result<(), InstrumentError> {
    let mut path = parent_path.to_vec();
    path.push(node.path_segment());
    let joined = path.join("/");
    if !seen.insert(joined.clone()) {
        return Err(InstrumentError::DuplicateProvision {
            line: node.line,
            path: joined,
        });
    }
    provisions.push(Provision {
        path: path.clone(),
        title: node.title.clone(),
        text: node.text(),
        line: node.line,
    });
    for contained in node.contained() {
        collect(contained, &path, provisions, seen)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
