//! The walk through a document's body: paragraphs with their numbers, runs, fields, notes and
//! tables, written as text in the normaliser's form.

use std::collections::HashMap;
use std::path::Path;

use super::numbering::{NumberCounters, Numbering, Styles};
use super::xml::{Element, Namespace};
use crate::corpus::{Place, Problem, ProblemKind};

/// Footnotes or endnotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum NoteKind {
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
pub(super) struct Layout<'a> {
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
    /// The body's paragraphs met so far: the place of a warning, that of a note's the paragraph
    /// that refers to it.
    paragraphs: u32,
    pub(super) text: String,
    pub(super) warnings: Vec<Problem>,
    /// Number formats met that are written in decimal digits instead (`ordinalText`).
    unknown_formats: Vec<String>,
    /// A warning for each of them, at the first paragraph numbered with it, reported after the
    /// others.
    pub(super) format_warnings: Vec<Problem>,
}

impl<'a> Layout<'a> {
    /// The walk's start, before the document's first block.
    pub(super) fn new(
        path: &'a Path,
        styles: &'a Styles,
        numbering: &'a Numbering,
        notes: HashMap<(NoteKind, String), &'a Element>,
    ) -> Self {
        Self {
            path,
            styles,
            numbering,
            counters: NumberCounters::default(),
            notes,
            note_marks: HashMap::new(),
            last_note_number: 0,
            pending_notes: Vec::new(),
            custom_mark_for: None,
            fields: Vec::new(),
            paragraphs: 0,
            text: String::new(),
            warnings: Vec::new(),
            unknown_formats: Vec::new(),
            format_warnings: Vec::new(),
        }
    }

    /// Block-level content: paragraphs, tables, content controls, in order.
    pub(super) fn blocks(&mut self, parent: &'a Element) {
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
        self.paragraphs += 1;
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
        let known = self.unknown_formats.len();
        let label = self
            .counters
            .label(self.numbering, &num_id, level, &mut self.unknown_formats);
        for format in &self.unknown_formats[known..] {
            self.format_warnings.push(
                Problem::new(
                    ProblemKind::Format,
                    self.path,
                    format!("the list number format {format} is written in decimal digits"),
                )
                .at(Place::Paragraph(self.paragraphs)),
            );
        }
        if label.is_none() && !self.numbering.instances.contains_key(&num_id) {
            self.warn(format!(
                "a paragraph refers to list {num_id}, which numbering.xml does not define; its number is left out"
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
            _ => self.warn(format!(
                "a symbol of the font {} (code {}) has no character and is left out",
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
            self.warn(format!(
                "a reference to {} {id}, which the file does not hold",
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
    pub(super) fn flush_notes(&mut self) {
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
                    .and_then(|p| {
                        self.paragraphs += 1;
                        self.paragraph_text(p, &mut boxes, true)
                    })
                    .unwrap_or_default();
                cells.push(text.replace('\n', " "));
            }
            if cells.iter().any(|c| !c.is_empty()) {
                self.write_block(&cells.join(" | "));
            }
            self.flush_notes();
        }
    }

    /// A warning at the paragraph being read.
    fn warn(&mut self, message: String) {
        self.warnings.push(
            Problem::new(ProblemKind::Format, self.path, message)
                .at(Place::Paragraph(self.paragraphs)),
        );
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
pub(super) fn superscript(n: u32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string()
        .bytes()
        .map(|d| DIGITS[usize::from(d - b'0')])
        .collect()
}
