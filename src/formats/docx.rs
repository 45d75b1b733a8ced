//! Word (`.docx`) files to the normaliser's text, read from the zip's XML parts as Word lays
//! them out: paragraphs in order, with the numbers Word prints (from `numbering.xml`, directly
//! or through a paragraph's style), footnote and endnote references as superscript digits and
//! their bodies on lines of their own after the paragraph, tables row by row.
//!
//! Headers and footers are parts of their own (`header1.xml`, `footer1.xml`) and are not read:
//! they hold the running heads, page numbers and job numbers the normaliser's form leaves out.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use zip::ZipArchive;
use zip::result::ZipError;

use super::{Converted, Format, FormatError};

/// The most bytes any one part of the zip is read to, uncompressed: a small zip can inflate to
/// gigabytes (a zip bomb). The longest seed document is about 40 KB of text.
pub const MAX_PART_SIZE: u64 = 64 << 20;

/// The name of the format in error messages.
const FORMAT: &str = "Word (.docx)";

/// WordprocessingML, transitional and strict.
const WORD_NAMESPACES: [&[u8]; 2] = [
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];

/// Markup compatibility: `mc:AlternateContent` holds the same content twice (`mc:Choice` and an
/// older `mc:Fallback`, a VML copy of a text box); only the choice is read.
const COMPATIBILITY_NAMESPACE: &[u8] =
    b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// Reads a Word file as text in the normaliser's form. `path` names the file in errors and
/// warnings; Word has no fixed pages, so `line_pages` stays empty.
pub fn convert(path: &Path, bytes: &[u8]) -> Result<Converted, FormatError> {
    convert_within(path, bytes, MAX_PART_SIZE)
}

/// [`convert`], reading no part past `limit` bytes.
fn convert_within(path: &Path, bytes: &[u8], limit: u64) -> Result<Converted, FormatError> {
    if Format::detect(bytes) == Format::Doc {
        return Err(FormatError::LegacyDoc {
            path: path.to_owned(),
        });
    }
    let mut package = Package::open(path, bytes, limit)?;
    let Some(document) = package.part("word/document.xml")? else {
        return Err(FormatError::NotWord {
            path: path.to_owned(),
        });
    };
    let document = package.parse("word/document.xml", &document)?;
    let targets = match package.part("word/_rels/document.xml.rels")? {
        Some(rels) => relationship_targets(&package.parse("word/_rels/document.xml.rels", &rels)?),
        None => HashMap::new(),
    };
    let mut related = |kind: &str| -> Result<Option<Element>, FormatError> {
        let name = targets
            .get(kind)
            .cloned()
            .unwrap_or_else(|| format!("word/{kind}.xml"));
        match package.part(&name)? {
            Some(xml) => package.parse(&name, &xml).map(Some),
            None => Ok(None),
        }
    };
    let styles = related("styles")?
        .map(|s| Styles::new(&s))
        .unwrap_or_default();
    let numbering = related("numbering")?
        .map(|n| Numbering::new(&n, &styles))
        .unwrap_or_default();
    let footnotes = related("footnotes")?;
    let endnotes = related("endnotes")?;

    let mut notes = HashMap::new();
    for (kind, part) in [(NoteKind::Foot, &footnotes), (NoteKind::End, &endnotes)] {
        for note in part.iter().flat_map(|p| p.elements()) {
            let separator = note
                .attr("type")
                .is_some_and(|t| t != "normal" && !t.is_empty());
            if let (false, Some(id)) = (separator, note.attr("id")) {
                notes.insert((kind, id.to_owned()), note);
            }
        }
    }

    let mut layout = Layout {
        path,
        styles: &styles,
        numbering: &numbering,
        counters: NumberCounters::default(),
        notes,
        note_marks: HashMap::new(),
        last_note_number: 0,
        pending_notes: Vec::new(),
        custom_mark_for: None,
        fields: Vec::new(),
        text: String::new(),
        warnings: Vec::new(),
        unknown_formats: Vec::new(),
    };
    if let Some(body) = document.child("body") {
        layout.blocks(body);
    }
    layout.flush_notes();
    for format in &layout.unknown_formats {
        layout.warnings.push(format!(
            "{}: the list number format {format} is written in decimal digits",
            path.display()
        ));
    }
    Ok(Converted {
        text: layout.text,
        line_pages: Vec::new(),
        warnings: layout.warnings,
    })
}

/// The zip, with the file it came from for errors.
struct Package<'a> {
    path: &'a Path,
    limit: u64,
    archive: ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Package<'a> {
    fn open(path: &'a Path, bytes: &'a [u8], limit: u64) -> Result<Self, FormatError> {
        match ZipArchive::new(Cursor::new(bytes)) {
            Ok(archive) => Ok(Self {
                path,
                limit,
                archive,
            }),
            // not a zip at all, nor a legacy Word file: not a Word document
            Err(_) if !bytes.starts_with(b"PK") => Err(FormatError::NotWord {
                path: path.to_owned(),
            }),
            Err(e) => Err(corrupt(path, format!("the zip cannot be read: {e}"))),
        }
    }

    /// The bytes of a part, or `None` when the zip has no such part; no more than the limit
    /// (and one byte, to know it is over) is inflated.
    fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, FormatError> {
        let file = match self.archive.by_name(name) {
            Ok(file) => file,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(corrupt(self.path, format!("{name}: {e}"))),
        };
        let mut bytes = Vec::new();
        file.take(self.limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| corrupt(self.path, format!("{name}: {e}")))?;
        if bytes.len() as u64 > self.limit {
            return Err(FormatError::PartTooLarge {
                path: self.path.to_owned(),
                part: name.to_owned(),
                limit: self.limit,
            });
        }
        Ok(Some(bytes))
    }

    fn parse(&self, name: &str, xml: &[u8]) -> Result<Element, FormatError> {
        parse(xml).map_err(|detail| corrupt(self.path, format!("{name}: {detail}")))
    }
}

fn corrupt(path: &Path, detail: String) -> FormatError {
    FormatError::Corrupt {
        path: path.to_owned(),
        format: FORMAT,
        detail,
    }
}

/// The parts a document's relationships name, by kind (`styles`, `numbering`, `footnotes`,
/// `endnotes`), as paths inside the zip.
fn relationship_targets(rels: &Element) -> HashMap<String, String> {
    rels.all_elements()
        .filter_map(|r| {
            let kind = r.attr("Type")?.rsplit('/').next()?;
            let target = r.attr("Target")?;
            let name = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_owned(),
                None => format!("word/{target}"),
            };
            Some((kind.to_owned(), name))
        })
        .collect()
}

/// Which namespace an element is in, as far as reading Word needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Namespace {
    Word,
    Compatibility,
    Other,
}

/// An XML element: the parts are small (tens of kilobytes), and numbering and styles refer
/// back and forth, so each part is read whole into a tree.
#[derive(Debug)]
struct Element {
    namespace: Namespace,
    name: String,
    /// Attributes by local name (`w:val` → `val`).
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
}

#[derive(Debug)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn new(namespace: ResolveResult<'_>, start: &BytesStart<'_>) -> Result<Self, String> {
        let namespace = match namespace {
            ResolveResult::Bound(ns) if WORD_NAMESPACES.contains(&ns.as_ref()) => Namespace::Word,
            ResolveResult::Bound(ns) if ns.as_ref() == COMPATIBILITY_NAMESPACE => {
                Namespace::Compatibility
            }
            _ => Namespace::Other,
        };
        let mut attrs = Vec::new();
        for attr in start.attributes() {
            let attr = attr.map_err(|e| e.to_string())?;
            let value = attr.unescape_value().map_err(|e| e.to_string())?;
            let name = String::from_utf8_lossy(attr.key.local_name().as_ref()).into_owned();
            attrs.push((name, value.into_owned()));
        }
        Ok(Self {
            namespace,
            name: String::from_utf8_lossy(start.local_name().as_ref()).into_owned(),
            attrs,
            children: Vec::new(),
        })
    }

    /// Whether this is the WordprocessingML element `name`.
    fn is(&self, name: &str) -> bool {
        self.namespace == Namespace::Word && self.name == name
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// Every element below this one, depth first.
    fn all_elements(&self) -> Box<dyn Iterator<Item = &Element> + '_> {
        Box::new(
            self.elements()
                .flat_map(|e| std::iter::once(e).chain(e.all_elements())),
        )
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(name))
    }

    /// The `w:val` of the child `name` (`<w:ilvl w:val="1"/>`).
    fn value_of(&self, name: &str) -> Option<&str> {
        self.child(name)?.attr("val")
    }

    fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|c| match c {
                Node::Text(t) => Some(t.as_str()),
                Node::Element(_) => None,
            })
            .collect()
    }
}

/// An on/off property: present and not `false`/`0`/`off`.
fn is_on(element: Option<&Element>) -> bool {
    element.is_some_and(|e| !matches!(e.attr("val"), Some("0" | "false" | "off")))
}

/// Parses a part into its root element; the error says what is wrong and where.
fn parse(xml: &[u8]) -> Result<Element, String> {
    let mut reader = NsReader::from_reader(xml);
    let mut buf = Vec::new();
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    let at = |reader: &NsReader<&[u8]>, e: &dyn std::fmt::Display| {
        format!("malformed XML at byte {}: {e}", reader.buffer_position())
    };
    loop {
        let (namespace, event) = match reader.read_resolved_event_into(&mut buf) {
            Ok(read) => read,
            Err(e) => {
                return Err(format!(
                    "malformed XML at byte {}: {e}",
                    reader.error_position()
                ));
            }
        };
        match event {
            Event::Start(start) => {
                stack.push(Element::new(namespace, &start).map_err(|e| at(&reader, &e))?);
            }
            Event::Empty(start) => {
                let element = Element::new(namespace, &start).map_err(|e| at(&reader, &e))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(element)),
                    None => root = Some(element),
                }
            }
            Event::End(_) => {
                let element = stack
                    .pop()
                    .ok_or_else(|| at(&reader, &"unexpected end tag"))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(element)),
                    None => root = Some(element),
                }
            }
            Event::Text(text) => {
                let text = text.unescape().map_err(|e| at(&reader, &e))?;
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(Node::Text(text.into_owned()));
                }
            }
            Event::CData(data) => {
                if let Some(parent) = stack.last_mut() {
                    let text = String::from_utf8_lossy(&data).into_owned();
                    parent.children.push(Node::Text(text));
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
        buf.clear();
    }
    match (stack.last(), root) {
        (None, Some(root)) => Ok(root),
        (Some(open), _) => Err(format!(
            "malformed XML: the document ends inside <{}>",
            open.name
        )),
        (None, None) => Err("malformed XML: no root element".to_owned()),
    }
}

/// Paragraph styles: the numbering each gives its paragraphs (`w:pPr/w:numPr`), following
/// `w:basedOn`.
#[derive(Debug, Default)]
struct Styles {
    /// Style id → (based on, numbering id, level).
    paragraph: HashMap<String, StyleNumbering>,
    /// The style of paragraphs that name none.
    default_paragraph: Option<String>,
    /// Numbering styles (`w:type="numbering"`) → their numbering id (`w:numStyleLink`).
    numbering: HashMap<String, String>,
}

#[derive(Debug, Default, Clone)]
struct StyleNumbering {
    based_on: Option<String>,
    num_id: Option<String>,
    level: Option<u8>,
}

impl Styles {
    fn new(styles: &Element) -> Self {
        let mut out = Self::default();
        for style in styles.elements().filter(|e| e.is("style")) {
            let Some(id) = style.attr("styleId") else {
                continue;
            };
            let num_pr = style.child("pPr").and_then(|p| p.child("numPr"));
            let num_id = num_pr.and_then(|n| n.value_of("numId")).map(str::to_owned);
            match style.attr("type") {
                Some("numbering") => {
                    if let Some(num_id) = num_id {
                        out.numbering.insert(id.to_owned(), num_id);
                    }
                }
                Some("paragraph") | None => {
                    if style
                        .attr("default")
                        .is_some_and(|d| d == "1" || d == "true")
                    {
                        out.default_paragraph = Some(id.to_owned());
                    }
                    out.paragraph.insert(
                        id.to_owned(),
                        StyleNumbering {
                            based_on: style.value_of("basedOn").map(str::to_owned),
                            num_id,
                            level: num_pr
                                .and_then(|n| n.value_of("ilvl"))
                                .and_then(|l| l.parse().ok()),
                        },
                    );
                }
                Some(_) => {}
            }
        }
        out
    }

    /// The numbering a style gives (its own or inherited): numbering id, and level if stated.
    fn numbering_of(&self, style: &str) -> Option<(String, Option<u8>)> {
        let mut current = Some(style);
        // a chain of `basedOn` is short; the bound stops a loop in a damaged file
        for _ in 0..32 {
            let s = self.paragraph.get(current?)?;
            if let Some(num_id) = &s.num_id {
                return Some((num_id.clone(), s.level));
            }
            current = s.based_on.as_deref();
        }
        None
    }
}

/// How a level's number is written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum NumberFormat {
    Decimal,
    /// `01`, `02`
    DecimalZero,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    /// 一, 二 … 九十九
    ChineseCounting,
    /// No number: the paragraph is not numbered in the text.
    Bullet,
    /// The level prints its text without a number.
    None,
    /// A format this reader does not write; written as decimal, with a warning.
    Other(String),
}

impl NumberFormat {
    fn new(name: &str) -> Self {
        match name {
            "decimal" => Self::Decimal,
            "decimalZero" => Self::DecimalZero,
            "lowerLetter" => Self::LowerLetter,
            "upperLetter" => Self::UpperLetter,
            "lowerRoman" => Self::LowerRoman,
            "upperRoman" => Self::UpperRoman,
            "chineseCounting" | "chineseCountingThousand" | "ideographTraditional" => {
                Self::ChineseCounting
            }
            "bullet" => Self::Bullet,
            "none" => Self::None,
            other => Self::Other(other.to_owned()),
        }
    }

    /// `n` as this format writes it.
    fn write(&self, n: u32) -> String {
        match self {
            Self::Decimal | Self::Other(_) => n.to_string(),
            Self::DecimalZero => format!("{n:02}"),
            Self::LowerLetter => letters(n),
            Self::UpperLetter => letters(n).to_uppercase(),
            Self::LowerRoman => roman(n),
            Self::UpperRoman => roman(n).to_uppercase(),
            Self::ChineseCounting => chinese(n),
            Self::Bullet | Self::None => String::new(),
        }
    }
}

/// Word's letters: a … z, then aa … zz, aaa … (the letter repeated, not base 26).
fn letters(n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    let letter = char::from(b'a' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
}

fn roman(mut n: u32) -> String {
    const NUMERALS: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

/// Chinese counting numerals up to 九十九 (section numbers); larger numbers in digits.
fn chinese(n: u32) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=99 => {
            let (tens, units) = (n / 10, n % 10);
            let mut out = String::new();
            if tens > 1 {
                out.push(DIGITS[tens as usize]);
            }
            out.push('十');
            if units > 0 {
                out.push(DIGITS[units as usize]);
            }
            out
        }
        _ => n.to_string(),
    }
}

/// One level of a list definition (`w:lvl`).
#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: NumberFormat,
    /// `%1.`, `(%2)`
    text: String,
    /// What follows the number: a tab or a space (read as a space), or nothing.
    suffix: &'static str,
    /// The level after whose use this one starts again (1-based; 0: never). Word's default is
    /// the level above.
    restart: Option<u32>,
    /// Legal numbering: every level's number in decimal.
    legal: bool,
    /// The paragraph style linked to this level.
    style: Option<String>,
}

impl Level {
    fn new(lvl: &Element) -> Self {
        Self {
            start: lvl
                .value_of("start")
                .and_then(|s| s.parse().ok())
                .unwrap_or(0),
            format: NumberFormat::new(lvl.value_of("numFmt").unwrap_or("decimal")),
            text: lvl.value_of("lvlText").unwrap_or_default().to_owned(),
            suffix: match lvl.value_of("suff") {
                Some("nothing") => "",
                _ => " ",
            },
            restart: lvl.value_of("lvlRestart").and_then(|r| r.parse().ok()),
            legal: is_on(lvl.child("isLgl")),
            style: lvl.value_of("pStyle").map(str::to_owned),
        }
    }
}

/// The nine levels of a list.
type Levels = [Option<Level>; 9];

fn levels_of(element: &Element) -> Levels {
    let mut levels: Levels = Default::default();
    for lvl in element.elements().filter(|e| e.is("lvl")) {
        if let Some(i) = lvl
            .attr("ilvl")
            .and_then(|i| i.parse::<usize>().ok())
            .filter(|&i| i < 9)
        {
            levels[i] = Some(Level::new(lvl));
        }
    }
    levels
}

/// A list instance (`w:num`): the definition it uses and what it overrides.
#[derive(Debug, Default)]
struct Instance {
    abstract_id: String,
    /// Per level: a new start (`w:startOverride`), applied when the instance is first used.
    start_overrides: [Option<u32>; 9],
    /// Per level: a level definition of its own.
    levels: Levels,
}

/// `numbering.xml`: list definitions and instances.
#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, Levels>,
    instances: HashMap<String, Instance>,
}

impl Numbering {
    fn new(numbering: &Element, styles: &Styles) -> Self {
        let mut abstracts = HashMap::new();
        let mut links = HashMap::new();
        for abstract_num in numbering.elements().filter(|e| e.is("abstractNum")) {
            let Some(id) = abstract_num.attr("abstractNumId") else {
                continue;
            };
            abstracts.insert(id.to_owned(), levels_of(abstract_num));
            // a definition that only points at a numbering style takes that style's list
            if let Some(link) = abstract_num.value_of("numStyleLink") {
                links.insert(id.to_owned(), link.to_owned());
            }
        }
        let mut instances = HashMap::new();
        for num in numbering.elements().filter(|e| e.is("num")) {
            let (Some(id), Some(abstract_id)) = (num.attr("numId"), num.value_of("abstractNumId"))
            else {
                continue;
            };
            let mut instance = Instance {
                abstract_id: abstract_id.to_owned(),
                ..Instance::default()
            };
            for over in num.elements().filter(|e| e.is("lvlOverride")) {
                let Some(i) = over
                    .attr("ilvl")
                    .and_then(|i| i.parse::<usize>().ok())
                    .filter(|&i| i < 9)
                else {
                    continue;
                };
                instance.start_overrides[i] =
                    over.value_of("startOverride").and_then(|s| s.parse().ok());
                instance.levels[i] = over.child("lvl").map(Level::new);
            }
            instances.insert(id.to_owned(), instance);
        }
        // resolve the style links once: instance → the abstract of the linked style's list
        let mut out = Self {
            abstracts,
            instances,
        };
        let relinked: Vec<(String, String)> = links
            .iter()
            .filter_map(|(abstract_id, style)| {
                let num_id = styles.numbering.get(style)?;
                let target = out.instances.get(num_id)?.abstract_id.clone();
                (&target != abstract_id).then(|| (abstract_id.clone(), target))
            })
            .collect();
        for (from, to) in relinked {
            for instance in out.instances.values_mut() {
                if instance.abstract_id == from {
                    instance.abstract_id.clone_from(&to);
                }
            }
        }
        out
    }

    /// The level definition an instance uses at `level`.
    fn level(&self, num_id: &str, level: usize) -> Option<&Level> {
        let instance = self.instances.get(num_id)?;
        instance.levels[level]
            .as_ref()
            .or_else(|| self.abstracts.get(&instance.abstract_id)?[level].as_ref())
    }

    /// The level of a list linked to a paragraph style (`w:lvl/w:pStyle`).
    fn level_of_style(&self, num_id: &str, style: &str) -> Option<u8> {
        let instance = self.instances.get(num_id)?;
        let levels = self.abstracts.get(&instance.abstract_id)?;
        levels
            .iter()
            .position(|l| l.as_ref().and_then(|l| l.style.as_deref()) == Some(style))
            .and_then(|i| u8::try_from(i).ok())
    }
}

/// The counters of the lists met so far. Instances of the same definition share counters, as
/// in Word (a list goes on after a paragraph of another list), unless an instance restarts a
/// level with `w:startOverride`.
#[derive(Debug, Default)]
struct NumberCounters {
    /// Definition id → its counters.
    counters: HashMap<String, ListCounters>,
    /// Instances met, so that a start override applies once.
    seen: HashSet<String>,
}

impl NumberCounters {
    /// Counts one paragraph of list `num_id` at `level` and returns the label Word prints
    /// (`12. `, `(a) `), or `None` for bullets and unknown lists.
    fn label(
        &mut self,
        numbering: &Numbering,
        num_id: &str,
        level: usize,
        unknown_formats: &mut Vec<String>,
    ) -> Option<String> {
        let instance = numbering.instances.get(num_id)?;
        let definition = numbering.level(num_id, level)?;
        let counters = self
            .counters
            .entry(instance.abstract_id.clone())
            .or_default();
        if self.seen.insert(num_id.to_owned()) {
            for (i, start) in instance.start_overrides.iter().enumerate() {
                if let Some(start) = *start {
                    counters.current[i] = None;
                    counters.restart_at[i] = Some(start);
                }
            }
        }
        counters.current[level] = Some(
            match (counters.restart_at[level].take(), counters.current[level]) {
                (Some(start), _) => start,
                (None, Some(n)) => n + 1,
                (None, None) => definition.start,
            },
        );
        for deeper in level + 1..9 {
            let restart = numbering
                .level(num_id, deeper)
                .and_then(|l| l.restart)
                .unwrap_or(deeper as u32);
            if restart > 0 && (level as u32) < restart {
                counters.current[deeper] = None;
            }
        }
        if matches!(definition.format, NumberFormat::Bullet) {
            return None;
        }
        if let NumberFormat::Other(name) = &definition.format
            && !unknown_formats.contains(name)
        {
            unknown_formats.push(name.clone());
        }
        let mut label = String::new();
        let mut chars = definition.text.chars().peekable();
        while let Some(c) = chars.next() {
            let placeholder = chars
                .peek()
                .and_then(|d| d.to_digit(10))
                .filter(|d| c == '%' && (1..=9).contains(d));
            match placeholder {
                Some(d) => {
                    chars.next();
                    let i = d as usize - 1;
                    let of = numbering.level(num_id, i);
                    let n = counters.current[i].unwrap_or_else(|| of.map_or(1, |l| l.start));
                    let format = match of {
                        Some(l) if !definition.legal => &l.format,
                        _ => &NumberFormat::Decimal,
                    };
                    label.push_str(&format.write(n));
                }
                None => label.push(c),
            }
        }
        let label = label.trim().to_owned();
        (!label.is_empty()).then(|| format!("{label}{}", definition.suffix))
    }
}

/// The counters of one list definition.
#[derive(Debug, Default)]
struct ListCounters {
    /// The number last printed at each level (`None`: not started, or restarted).
    current: [Option<u32>; 9],
    /// The number the next paragraph at a level prints, set by a start override.
    restart_at: [Option<u32>; 9],
}

/// Footnotes or endnotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum NoteKind {
    Foot,
    End,
}

/// Where a field's text is: its instruction (dropped) or its result (kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FieldPart {
    Instruction,
    Result,
}

/// The state of the walk through the document, and the text it writes.
struct Layout<'a> {
    path: &'a Path,
    styles: &'a Styles,
    numbering: &'a Numbering,
    counters: NumberCounters,
    notes: HashMap<(NoteKind, String), &'a Element>,
    /// The mark given to each note referred to so far.
    note_marks: HashMap<(NoteKind, String), String>,
    last_note_number: u32,
    /// Notes referred to by the block being written, to follow it.
    pending_notes: Vec<(NoteKind, String)>,
    /// A note whose reference has a custom mark: the next text of the paragraph is the mark.
    custom_mark_for: Option<(NoteKind, String)>,
    /// Open fields, outermost first.
    fields: Vec<FieldPart>,
    text: String,
    warnings: Vec<String>,
    /// Number formats met that are written in decimal digits instead (`ordinalText`).
    unknown_formats: Vec<String>,
}

impl<'a> Layout<'a> {
    /// Block-level content: paragraphs, tables, content controls, in order.
    fn blocks(&mut self, parent: &'a Element) {
        for element in parent.elements() {
            self.block(element);
        }
    }

    fn block(&mut self, element: &'a Element) {
        match element.namespace {
            Namespace::Word => match element.name.as_str() {
                "p" => self.paragraph(element),
                "tbl" => self.table(element),
                // content controls, custom XML and tracked insertions hold blocks
                "sdt" => {
                    if let Some(content) = element.child("sdtContent") {
                        self.blocks(content);
                    }
                }
                "customXml" | "ins" | "moveTo" | "sdtContent" | "txbxContent" => {
                    self.blocks(element);
                }
                _ => {}
            },
            Namespace::Compatibility => {
                if let Some(choice) = alternate_choice(element) {
                    self.blocks(choice);
                }
            }
            Namespace::Other => {}
        }
    }

    /// A paragraph as its lines, with the text boxes anchored in it written first (where the
    /// frame stands, as the layout shows it).
    fn paragraph(&mut self, p: &'a Element) {
        let mut boxes = Vec::new();
        let line = self.paragraph_text(p, &mut boxes, true);
        for text_box in boxes {
            self.blocks(text_box);
        }
        if let Some(line) = line {
            self.write_block(&line);
        }
        self.flush_notes();
    }

    /// A paragraph's text with its number; `None` when it has none.
    fn paragraph_text(
        &mut self,
        p: &'a Element,
        boxes: &mut Vec<&'a Element>,
        numbered: bool,
    ) -> Option<String> {
        let label = if numbered { self.number_label(p) } else { None };
        let mut text = String::new();
        self.inline(p, &mut text, boxes);
        let lines: Vec<&str> = text
            .split('\n')
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            return None;
        }
        Some(format!("{}{}", label.unwrap_or_default(), lines.join("\n")))
    }

    /// The number Word prints before a paragraph, with what follows it.
    fn number_label(&mut self, p: &Element) -> Option<String> {
        let properties = p.child("pPr");
        let direct = properties.and_then(|p| p.child("numPr"));
        let style = properties
            .and_then(|p| p.value_of("pStyle"))
            .or(self.styles.default_paragraph.as_deref());
        let from_style = style.and_then(|s| self.styles.numbering_of(s));
        let num_id = direct
            .and_then(|n| n.value_of("numId"))
            .map(str::to_owned)
            .or_else(|| from_style.as_ref().map(|(id, _)| id.clone()))?;
        // numbering id 0 takes the numbering away
        if num_id == "0" {
            return None;
        }
        let level = direct
            .and_then(|n| n.value_of("ilvl"))
            .and_then(|l| l.parse::<u8>().ok())
            .or_else(|| from_style.as_ref().and_then(|(_, level)| *level))
            .or_else(|| style.and_then(|s| self.numbering.level_of_style(&num_id, s)))
            .unwrap_or(0);
        let level = usize::from(level.min(8));
        let label = self
            .counters
            .label(self.numbering, &num_id, level, &mut self.unknown_formats);
        if label.is_none() && !self.numbering.instances.contains_key(&num_id) {
            self.warnings.push(format!(
                "{}: a paragraph refers to list {num_id}, which numbering.xml does not define; its number is left out",
                self.path.display()
            ));
        }
        label
    }

    /// The text of runs and what holds them, in order.
    fn inline(&mut self, parent: &'a Element, out: &mut String, boxes: &mut Vec<&'a Element>) {
        for element in parent.elements() {
            match element.namespace {
                Namespace::Word => self.inline_word(element, out, boxes),
                Namespace::Compatibility => {
                    if let Some(choice) = alternate_choice(element) {
                        self.inline(choice, out, boxes);
                    }
                }
                // drawings and VML shapes hold text boxes
                Namespace::Other => self.inline(element, out, boxes),
            }
        }
    }

    fn inline_word(
        &mut self,
        element: &'a Element,
        out: &mut String,
        boxes: &mut Vec<&'a Element>,
    ) {
        let shown = !self.fields.contains(&FieldPart::Instruction);
        match element.name.as_str() {
            "t" if shown => {
                let text = element.text();
                if let Some(note) = self.custom_mark_for.take() {
                    self.note_marks.insert(note, text.trim().to_owned());
                }
                out.push_str(&text);
            }
            "tab" | "ptab" if shown => out.push(' '),
            "br" | "cr" if shown => out.push('\n'),
            "noBreakHyphen" if shown => out.push('-'),
            "sym" if shown => self.symbol(element, out),
            "fldChar" => match element.attr("fldCharType") {
                Some("begin") => self.fields.push(FieldPart::Instruction),
                Some("separate") => {
                    if let Some(last) = self.fields.last_mut() {
                        *last = FieldPart::Result;
                    }
                }
                Some("end") => {
                    self.fields.pop();
                }
                _ => {}
            },
            "footnoteReference" if shown => self.note_reference(NoteKind::Foot, element, out),
            "endnoteReference" if shown => self.note_reference(NoteKind::End, element, out),
            "txbxContent" => boxes.push(element),
            // properties, deleted text, field instructions, marks Word prints itself, and
            // (inside a field's instruction) the text and marks of the arms above
            "pPr" | "rPr" | "sectPr" | "del" | "moveFrom" | "delText" | "instrText"
            | "softHyphen" | "footnoteRef" | "endnoteRef" | "t" | "tab" | "ptab" | "br" | "cr"
            | "noBreakHyphen" | "sym" | "footnoteReference" | "endnoteReference" => {}
            // runs, hyperlinks, simple fields, content controls, insertions, smart tags…
            _ => self.inline(element, out, boxes),
        }
    }

    /// `w:sym`: a character given by code in a font. Codes in the private use area
    /// (`F020`–`F0FF`, symbol fonts) name glyphs, not characters: dropped with a warning.
    fn symbol(&mut self, sym: &Element, out: &mut String) {
        let code = sym
            .attr("char")
            .and_then(|c| u32::from_str_radix(c, 16).ok());
        match code.and_then(char::from_u32) {
            Some(c) if !('\u{E000}'..='\u{F8FF}').contains(&c) => out.push(c),
            _ => self.warnings.push(format!(
                "{}: a symbol of the font {} (code {}) has no character and is left out",
                self.path.display(),
                sym.attr("font").unwrap_or("?"),
                sym.attr("char").unwrap_or("?")
            )),
        }
    }

    /// A footnote or endnote reference: its mark in the text (superscript digits, numbered in
    /// the order of reference, footnotes and endnotes in one sequence since the normaliser's form
    /// has one), and the note queued to follow the block.
    fn note_reference(&mut self, kind: NoteKind, reference: &Element, out: &mut String) {
        let Some(id) = reference.attr("id") else {
            return;
        };
        let key = (kind, id.to_owned());
        if !self.notes.contains_key(&key) {
            self.warnings.push(format!(
                "{}: a reference to {} {id}, which the file does not hold",
                self.path.display(),
                match kind {
                    NoteKind::Foot => "footnote",
                    NoteKind::End => "endnote",
                }
            ));
            return;
        }
        let custom = reference
            .attr("customMarkFollows")
            .is_some_and(|v| !matches!(v, "0" | "false" | "off"));
        if custom {
            // the mark is the text that follows, written as it is
            self.custom_mark_for = Some(key.clone());
        } else {
            if !self.note_marks.contains_key(&key) {
                self.last_note_number += 1;
                let mark = superscript(self.last_note_number);
                self.note_marks.insert(key.clone(), mark);
            }
            out.push_str(&self.note_marks[&key]);
        }
        if !self.pending_notes.contains(&key) {
            self.pending_notes.push(key);
        }
    }

    /// The notes referred to since the last flush, each on a line of its own after its mark. A
    /// note of several paragraphs is one line: the normaliser would read a second line as a
    /// heading.
    fn flush_notes(&mut self) {
        for key in std::mem::take(&mut self.pending_notes) {
            let Some(note) = self.notes.get(&key).copied() else {
                continue;
            };
            let mark = self.note_marks.get(&key).cloned().unwrap_or_default();
            let saved_fields = std::mem::take(&mut self.fields);
            let mut paragraphs = Vec::new();
            for p in note.all_elements().filter(|e| e.is("p")) {
                let mut boxes = Vec::new();
                if let Some(text) = self.paragraph_text(p, &mut boxes, false) {
                    paragraphs.push(text.replace('\n', " "));
                }
            }
            self.fields = saved_fields;
            let body = paragraphs.join(" ");
            let body = body.trim_start();
            // a custom mark is typed at the start of the body
            let body = body
                .strip_prefix(mark.as_str())
                .unwrap_or(body)
                .trim_start();
            let mark = if mark.is_empty() { "*" } else { &mark };
            self.write_block(&format!("{mark} {body}"));
        }
        // notes referred to from notes are not followed further
        self.pending_notes.clear();
    }

    /// A table. A table whose cells each hold at most one paragraph is data (an attendance
    /// list): a row a line, cells joined by ` | `, which the normaliser keeps (a tab would be
    /// collapsed to a space, running the cells together). A table whose cells hold several
    /// paragraphs or tables is layout (a masthead: the body's name beside the symbol and
    /// dates): its cells are read one after another, left to right, as regions of the page.
    fn table(&mut self, table: &'a Element) {
        let rows: Vec<Vec<&'a Element>> = parts_of(table, "tr")
            .into_iter()
            .map(|row| parts_of(row, "tc"))
            .collect();
        let is_data = rows.iter().flatten().all(|cell| {
            !cell.all_elements().any(|e| e.is("tbl"))
                && cell.all_elements().filter(|e| e.is("p")).count() <= 1
        });
        for row in rows {
            if !is_data {
                for cell in row {
                    self.blocks(cell);
                    self.flush_notes();
                }
                continue;
            }
            let mut cells = Vec::new();
            for cell in row {
                // a data cell holds no text box: its paragraph would be a second one
                let mut boxes = Vec::new();
                let text = cell
                    .all_elements()
                    .find(|e| e.is("p"))
                    .and_then(|p| self.paragraph_text(p, &mut boxes, true))
                    .unwrap_or_default();
                cells.push(text.replace('\n', " "));
            }
            if cells.iter().any(|c| !c.is_empty()) {
                self.write_block(&cells.join(" | "));
            }
            self.flush_notes();
        }
    }

    /// A block of text and the blank line after it.
    fn write_block(&mut self, text: &str) {
        self.text.push_str(text);
        self.text.push_str("\n\n");
    }
}

/// The children of `parent` named `name` (rows of a table, cells of a row), looking through the
/// content controls and custom XML that may wrap them, not into nested tables.
fn parts_of<'a>(parent: &'a Element, name: &str) -> Vec<&'a Element> {
    let mut out = Vec::new();
    for element in parent.elements() {
        if element.is(name) {
            out.push(element);
        } else if element.is("sdt") || element.is("sdtContent") || element.is("customXml") {
            out.extend(parts_of(element, name));
        }
    }
    out
}

/// The content `mc:AlternateContent` offers first (`mc:Choice`).
fn alternate_choice(element: &Element) -> Option<&Element> {
    (element.name == "AlternateContent")
        .then(|| element.elements().find(|e| e.name == "Choice"))
        .flatten()
}

/// A number in superscript digits: `12` → `¹²`.
fn superscript(n: u32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .bytes()
        .map(|d| DIGITS[usize::from(d - b'0')])
        .collect()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    const NAMESPACES: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml""#;

    /// A zip of the given parts.
    fn zip(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, content) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .expect("start");
            zip.write_all(content.as_bytes()).expect("write");
        }
        zip.finish().expect("finish").into_inner()
    }

    /// The text of a document with this body, and these other parts (`numbering`, `styles`,
    /// `footnotes`: root elements' content).
    fn text_of(body: &str, parts: &[(&str, &str)]) -> String {
        converted_of(body, parts).text
    }

    fn converted_of(body: &str, parts: &[(&str, &str)]) -> Converted {
        let document = format!(r#"<w:document {NAMESPACES}><w:body>{body}</w:body></w:document>"#);
        let mut all = vec![("word/document.xml".to_owned(), document)];
        for (kind, content) in parts {
            let root = match *kind {
                "numbering" => "numbering",
                "styles" => "styles",
                "footnotes" => "footnotes",
                "endnotes" => "endnotes",
                other => panic!("no part {other}"),
            };
            all.push((
                format!("word/{kind}.xml"),
                format!(r#"<w:{root} {NAMESPACES}>{content}</w:{root}>"#),
            ));
        }
        let refs: Vec<(&str, &str)> = all.iter().map(|(n, c)| (n.as_str(), c.as_str())).collect();
        convert(Path::new("test.docx"), &zip(&refs)).expect("converts")
    }

    fn p(inner: &str) -> String {
        format!("<w:p>{inner}</w:p>")
    }

    fn run(text: &str) -> String {
        format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
    }

    fn numbered(num_id: u32, level: u32, text: &str) -> String {
        p(&format!(
            r#"<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>{}"#,
            run(text)
        ))
    }

    /// A list definition: paragraphs `%1.` from `start`, sub-items `(%2)` in letters, bullets
    /// at the third level.
    fn paragraphs_and_items(abstract_id: u32, start: u32) -> String {
        format!(
            r#"<w:abstractNum w:abstractNumId="{abstract_id}">
              <w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
              <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
              <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
              <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%1.%4"/><w:isLgl/></w:lvl>
            </w:abstractNum>"#
        )
    }

    #[test]
    fn numbers_are_written_as_word_writes_them() {
        let cases = [
            (NumberFormat::Decimal, 12, "12"),
            (NumberFormat::DecimalZero, 7, "07"),
            (NumberFormat::LowerLetter, 1, "a"),
            (NumberFormat::LowerLetter, 26, "z"),
            (NumberFormat::LowerLetter, 27, "aa"),
            (NumberFormat::LowerLetter, 54, "bbb"),
            (NumberFormat::UpperLetter, 3, "C"),
            (NumberFormat::LowerRoman, 4, "iv"),
            (NumberFormat::LowerRoman, 19, "xix"),
            (NumberFormat::UpperRoman, 1994, "MCMXCIV"),
            (NumberFormat::ChineseCounting, 1, "一"),
            (NumberFormat::ChineseCounting, 10, "十"),
            (NumberFormat::ChineseCounting, 12, "十二"),
            (NumberFormat::ChineseCounting, 40, "四十"),
            (NumberFormat::Bullet, 3, ""),
            (NumberFormat::new("ordinalText"), 5, "5"),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter(|(format, n, expected)| format.write(*n) != *expected)
            .map(|(format, n, expected)| {
                format!(
                    "{format:?} {n}: {:?}, expected {expected:?}",
                    format.write(*n)
                )
            })
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
        assert_eq!(superscript(1), "¹");
        assert_eq!(superscript(120), "¹²⁰");
    }

    #[test]
    fn list_levels_count_restart_and_print_their_text() {
        let numbering = format!(
            r#"{}<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
            paragraphs_and_items(0, 1)
        );
        let body = [
            numbered(1, 0, "First."),
            numbered(1, 1, "item a;"),
            numbered(1, 1, "item b;"),
            numbered(1, 2, "a bullet"),
            numbered(1, 0, "Second:"),
            numbered(1, 1, "item a again;"),
            numbered(1, 3, "legal"),
            p(&run("Heading between")),
            numbered(1, 0, "Third."),
        ]
        .concat();
        assert_eq!(
            text_of(&body, &[("numbering", &numbering)]),
            "1. First.\n\n(a) item a;\n\n(b) item b;\n\na bullet\n\n2. Second:\n\n(a) item a again;\n\n2.1 legal\n\nHeading between\n\n3. Third.\n\n"
        );
    }

    #[test]
    fn instances_share_their_definition_unless_they_restart_it() {
        let numbering = format!(
            r#"{}<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
               <w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>
               <w:num w:numId="3"><w:abstractNumId w:val="0"/>
                 <w:lvlOverride w:ilvl="0"><w:startOverride w:val="20"/></w:lvlOverride></w:num>"#,
            paragraphs_and_items(0, 5)
        );
        let body = [
            numbered(1, 0, "five"),
            numbered(2, 0, "six"),
            numbered(3, 0, "twenty"),
            numbered(3, 0, "twenty-one"),
            numbered(1, 0, "twenty-two"),
        ]
        .concat();
        assert_eq!(
            text_of(&body, &[("numbering", &numbering)]),
            "5. five\n\n6. six\n\n20. twenty\n\n21. twenty-one\n\n22. twenty-two\n\n"
        );
    }

    #[test]
    fn numbering_comes_through_styles() {
        let numbering = format!(
            r#"{}<w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num>"#,
            paragraphs_and_items(3, 1).replace(
                r#"<w:lvl w:ilvl="1">"#,
                r#"<w:lvl w:ilvl="1"><w:pStyle w:val="SubItem"/>"#
            )
        );
        let styles = r#"
            <w:style w:type="paragraph" w:default="1" w:styleId="Normal"/>
            <w:style w:type="paragraph" w:styleId="Para"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="ParaBold"><w:basedOn w:val="Para"/></w:style>
            <w:style w:type="paragraph" w:styleId="SubItem"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>"#;
        let styled = |style: &str, text: &str| {
            p(&format!(
                r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>{}"#,
                run(text)
            ))
        };
        let body = [
            styled("Para", "One."),
            styled("SubItem", "sub;"),
            styled("ParaBold", "Two."),
            p(&format!(
                r#"<w:pPr><w:pStyle w:val="Para"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>{}"#,
                run("Not numbered.")
            )),
            p(&run("Plain.")),
        ]
        .concat();
        assert_eq!(
            text_of(&body, &[("numbering", &numbering), ("styles", styles)]),
            "1. One.\n\n(a) sub;\n\n2. Two.\n\nNot numbered.\n\nPlain.\n\n"
        );
    }

    #[test]
    fn runs_read_as_printed() {
        let body = p(&[
            run("tab"),
            "<w:r><w:tab/><w:t>after</w:t><w:br/><w:t>line two</w:t></w:r>".to_owned(),
            "<w:r><w:t>non</w:t><w:noBreakHyphen/><w:t>breaking co</w:t><w:softHyphen/><w:t>operation</w:t></w:r>".to_owned(),
            r#"<w:r><w:sym w:font="Arial" w:char="00A7"/><w:sym w:font="Wingdings" w:char="F0E0"/></w:r>"#.to_owned(),
            r#"<w:ins w:id="1" w:author="a"><w:r><w:t xml:space="preserve"> inserted</w:t></w:r></w:ins>"#.to_owned(),
            r#"<w:del w:id="2" w:author="a"><w:r><w:delText> deleted</w:delText></w:r></w:del>"#.to_owned(),
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>"#.to_owned(),
            run(" 7"),
            r#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#.to_owned(),
            r#"<w:fldSimple w:instr=" DATE "><w:r><w:t xml:space="preserve"> 2009</w:t></w:r></w:fldSimple>"#.to_owned(),
            r#"<w:hyperlink r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:r><w:t xml:space="preserve"> link</w:t></w:r></w:hyperlink>"#.to_owned(),
            r#"<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t xml:space="preserve"> control</w:t></w:r></w:sdtContent></w:sdt>"#.to_owned(),
        ]
        .concat());
        assert_eq!(
            text_of(&body, &[]),
            "tab after\nline twonon-breaking cooperation§ inserted 7 2009 link control\n\n"
        );
    }

    #[test]
    fn text_boxes_are_read_where_they_stand_once() {
        let text_box = |text: &str| {
            format!(
                "<w:txbxContent>{}{}</w:txbxContent>",
                p(&run(text)),
                p(&run("Distr.: General"))
            )
        };
        let body = [
            p(&run("Before.")),
            p(&format!(
                r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>{}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>{}"#,
                text_box("CTOC/COP/WG.4/2009/2"),
                text_box("CTOC/COP/WG.4/2009/2"),
                run("Anchor.")
            )),
        ]
        .concat();
        assert_eq!(
            text_of(&body, &[]),
            "Before.\n\nCTOC/COP/WG.4/2009/2\n\nDistr.: General\n\nAnchor.\n\n"
        );
    }

    #[test]
    fn footnotes_follow_their_paragraph_numbered_in_order_of_reference() {
        let footnotes = [
            r#"<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>"#,
            r#"<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"#,
            r#"<w:footnote w:id="5"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Second, by id 5.</w:t></w:r></w:p></w:footnote>"#,
            r#"<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> First, by id 2.</w:t></w:r></w:p><w:p><w:r><w:t>Its second paragraph.</w:t></w:r></w:p></w:footnote>"#,
            r#"<w:footnote w:id="3"><w:p><w:r><w:t>* Issued without editing.</w:t></w:r></w:p></w:footnote>"#,
        ]
        .concat();
        let reference = |id: u32| format!(r#"<w:r><w:footnoteReference w:id="{id}"/></w:r>"#);
        let body = [
            p(&[
                run("Report"),
                r#"<w:r><w:footnoteReference w:customMarkFollows="1" w:id="3"/><w:t>*</w:t></w:r>"#
                    .to_owned(),
            ]
            .concat()),
            p(&[
                run("1. A treaty"),
                reference(2),
                run(" and another"),
                reference(5),
                run("."),
            ]
            .concat()),
            p(&run("2. No notes.")),
        ]
        .concat();
        assert_eq!(
            text_of(&body, &[("footnotes", &footnotes)]),
            "Report*\n\n* Issued without editing.\n\n1. A treaty¹ and another².\n\n¹ First, by id 2. Its second paragraph.\n\n² Second, by id 5.\n\n2. No notes.\n\n"
        );
    }

    #[test]
    fn endnotes_take_the_next_numbers_of_the_one_sequence() {
        let note = |kind: &str, id: u32, text: &str| {
            format!(
                r#"<w:{kind} w:id="{id}"><w:p><w:r><w:{kind}Ref/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:{kind}>"#
            )
        };
        let body = p(&[
            run("Text"),
            r#"<w:r><w:endnoteReference w:id="1"/></w:r>"#.to_owned(),
            run(" and"),
            r#"<w:r><w:footnoteReference w:id="1"/></w:r>"#.to_owned(),
        ]
        .concat());
        assert_eq!(
            text_of(
                &body,
                &[
                    ("footnotes", &note("footnote", 1, "A footnote.")),
                    ("endnotes", &note("endnote", 1, "An endnote.")),
                ]
            ),
            "Text¹ and²\n\n¹ An endnote.\n\n² A footnote.\n\n"
        );
    }

    #[test]
    fn what_is_guessed_or_dropped_is_a_warning_naming_the_file() {
        let numbering = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="ordinalText"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#;
        let body = [
            numbered(1, 0, "First."),
            numbered(1, 0, "Second."),
            numbered(4, 0, "Unknown list."),
            p(r#"<w:r><w:sym w:font="Wingdings" w:char="F0E0"/><w:footnoteReference w:id="9"/></w:r>"#),
        ]
        .concat();
        let converted = converted_of(&body, &[("numbering", numbering)]);
        assert_eq!(
            converted.text,
            "1. First.\n\n2. Second.\n\nUnknown list.\n\n"
        );
        let expected = [
            "test.docx: a paragraph refers to list 4, which numbering.xml does not define; its number is left out",
            "test.docx: a symbol of the font Wingdings (code F0E0) has no character and is left out",
            "test.docx: a reference to footnote 9, which the file does not hold",
            "test.docx: the list number format ordinalText is written in decimal digits",
        ];
        assert_eq!(converted.warnings, expected);
    }

    #[test]
    fn data_tables_are_rows_and_layout_tables_are_regions() {
        let cell = |paragraphs: &[&str]| {
            let ps: String = paragraphs.iter().map(|t| p(&run(t))).collect();
            format!("<w:tc>{ps}</w:tc>")
        };
        let row = |cells: &[String]| format!("<w:tr>{}</w:tr>", cells.concat());
        let attendance = format!(
            "<w:tbl>{}{}</w:tbl>",
            row(&[
                cell(&["Italy"]),
                cell(&["M. Rossi"]),
                cell(&["Head of delegation"])
            ]),
            row(&[cell(&["Mexico"]), cell(&[]), cell(&["Observer"])]),
        );
        let masthead = format!(
            "<w:tbl>{}</w:tbl>",
            row(&[
                cell(&["Conference of the Parties"]),
                cell(&["Distr.: General", "21 April 2009"])
            ]),
        );
        assert_eq!(
            text_of(&format!("{masthead}{attendance}"), &[]),
            "Conference of the Parties\n\nDistr.: General\n\n21 April 2009\n\nItaly | M. Rossi | Head of delegation\n\nMexico |  | Observer\n\n"
        );
    }

    #[test]
    fn bad_files_say_what_they_are() {
        let path = Path::new("bad.docx");
        let legacy = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest of an OLE file";
        assert!(matches!(
            convert(path, legacy),
            Err(FormatError::LegacyDoc { .. })
        ));
        let workbook = zip(&[("xl/workbook.xml", "<workbook/>")]);
        assert!(matches!(
            convert(path, &workbook),
            Err(FormatError::NotWord { .. })
        ));
        let document = format!(
            r#"<w:document {NAMESPACES}><w:body>{}</w:body></w:document>"#,
            p(&run("Some text that fills the part."))
        );
        let whole = zip(&[("word/document.xml", &document)]);
        let cut = &whole[..whole.len() / 2];
        assert!(matches!(
            convert(path, cut),
            Err(FormatError::Corrupt { .. })
        ));
        let malformed = zip(&[("word/document.xml", "<w:document><w:body><w:p></w:body>")]);
        match convert(path, &malformed) {
            Err(FormatError::Corrupt { detail, .. }) => {
                assert!(
                    detail.starts_with("word/document.xml: malformed XML"),
                    "{detail}"
                );
            }
            other => panic!("{other:?}"),
        }
        match convert_within(path, &whole, 64) {
            Err(FormatError::PartTooLarge { part, limit, .. }) => {
                assert_eq!((part.as_str(), limit), ("word/document.xml", 64));
            }
            other => panic!("{other:?}"),
        }
        assert!(convert_within(path, &whole, 4096).is_ok());
    }
}
