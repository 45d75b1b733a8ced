//! List numbering: the numbering paragraph styles give, the list definitions and instances of
//! `numbering.xml`, and the counters that number paragraphs in order.

use std::collections::{HashMap, HashSet};

use super::number_format::NumberFormat;
use super::xml::{Element, is_on};

/// Paragraph styles: the numbering each gives its paragraphs (`w:pPr/w:numPr`), following
/// `w:basedOn`.
#[derive(Debug, Default)]
pub(super) struct Styles {
    /// Style id → (based on, numbering id, level).
    paragraph: HashMap<String, StyleNumbering>,
    /// The style of paragraphs that name none.
    pub(super) default_paragraph: Option<String>,
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
    pub(super) fn new(styles: &Element) -> Self {
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
    pub(super) fn numbering_of(&self, style: &str) -> Option<(String, Option<u8>)> {
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
pub(super) struct Instance {
    abstract_id: String,
    /// Per level: a new start (`w:startOverride`), applied when the instance is first used.
    start_overrides: [Option<u32>; 9],
    /// Per level: a level definition of its own.
    levels: Levels,
}

/// `numbering.xml`: list definitions and instances.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    abstracts: HashMap<String, Levels>,
    pub(super) instances: HashMap<String, Instance>,
}

impl Numbering {
    pub(super) fn new(numbering: &Element, styles: &Styles) -> Self {
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
    pub(super) fn level_of_style(&self, num_id: &str, style: &str) -> Option<u8> {
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
pub(super) struct NumberCounters {
    /// Definition id → its counters.
    counters: HashMap<String, ListCounters>,
    /// Instances met, so that a start override applies once.
    seen: HashSet<String>,
}

impl NumberCounters {
    /// Counts one paragraph of list `num_id` at `level` and returns the label Word prints
    /// (`12. `, `(a) `), or `None` for bullets and unknown lists.
    pub(super) fn label(
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
