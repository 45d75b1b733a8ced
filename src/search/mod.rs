//! Full-text search over the paragraphs and footnotes of the graph, in every language it holds
//! (tantivy, with an analyser per language: [`analysis`]).
//!
//! The index lives in `<store>/search` and follows the store: [`update`] indexes again the
//! language versions whose graphs' recorded hashes changed since the index was last committed,
//! drops those gone, and remakes the whole index when it is missing, unreadable or of another
//! format. What the index holds (the store's seal and each graph's hash) is the payload of
//! tantivy's commit, written in the same atomic step as the segments: an update stopped midway
//! leaves the last commit, and the next update does the work again. The store is only read.

mod analysis;
mod passages;

pub use passages::{Meeting, Passage, read as read_passages};

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryClone, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{
    Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
    Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, Term};

use crate::ingest::Progress;
use crate::store::{GraphStore, StoreError};

/// Why a search or an index update failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SearchError {
    /// The search has no words.
    #[error("the search has no words: type a word or a phrase")]
    Empty,
    /// The search is longer than the index searches.
    #[error("the search is {chars} characters long; at most {max} are searched")]
    TooLong {
        /// Its characters.
        chars: usize,
        /// The most searched.
        max: usize,
    },
    /// The search is not written in the search syntax.
    #[error(
        "the search {query:?} cannot be read ({message}): write words, \"a phrase\" in double quotes, -word to leave a word out, OR between alternatives"
    )]
    Syntax {
        /// The search as written.
        query: String,
        /// The parser's message.
        message: String,
    },
    /// A filter's value is not of its kind.
    #[error("{0}")]
    Filter(String),
    /// The index could not be read or written.
    #[error("search index {path}: {message}")]
    Index {
        /// The index's directory.
        path: PathBuf,
        /// What failed.
        message: String,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SearchError {
    /// Whether the search asked for is at fault (rather than the index or the store).
    pub fn is_bad_request(&self) -> bool {
        match self {
            Self::Empty | Self::TooLong { .. } | Self::Syntax { .. } | Self::Filter(_) => true,
            Self::Index { .. } | Self::Store(_) => false,
        }
    }
}

/// The most characters a search may hold: a paragraph's worth.
pub const MAX_QUERY_CHARS: usize = 1_000;

/// The most hits a page of results holds.
pub const MAX_LIMIT: usize = 100;

/// The most hits skipped to reach a page.
pub const MAX_OFFSET: usize = 10_000;

/// The index's layout and analysis; an index of another format is remade.
const FORMAT: u32 = 1;

/// Memory the index writer may fill before it writes a segment.
const WRITER_MEMORY: usize = 64 << 20;

/// Characters around the words found that a snippet shows.
const SNIPPET_CHARS: usize = 220;

/// Where the index of the store at `store_dir` is kept.
pub fn directory(store_dir: &Path) -> PathBuf {
    store_dir.join("search")
}

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
struct Fields {
    /// The language version's graph, to remove its passages.
    graph: Field,
    iri: Field,
    document: Field,
    lang: Field,
    body: Field,
    meeting: Field,
    /// The meeting's first day as the number `YYYYMMDD`.
    start: Field,
    number: Field,
    footnote: Field,
    position: Field,
    /// The text, in the field of its language ([`analysis::LANGUAGES`], then the others).
    text: [Field; analysis::LANGUAGES.len() + 1],
}

fn text_field_name(tokenizer: &str) -> String {
    format!("text_{}", tokenizer.trim_start_matches("ctockg_"))
}

fn schema() -> Schema {
    let mut builder = Schema::builder();
    for name in [
        "graph", "iri", "document", "lang", "body", "meeting", "number",
    ] {
        builder.add_text_field(name, STRING | STORED);
    }
    builder.add_u64_field("start", INDEXED | STORED);
    builder.add_u64_field("footnote", STORED);
    builder.add_u64_field("position", STORED);
    let tokenizers = analysis::LANGUAGES.map(|(_, tokenizer)| tokenizer);
    for tokenizer in tokenizers.iter().chain([&analysis::OTHER]) {
        let options = TextOptions::default().set_stored().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        builder.add_text_field(&text_field_name(tokenizer), options);
    }
    builder.build()
}

impl Fields {
    fn of(schema: &Schema) -> tantivy::Result<Self> {
        let field = |name: &str| schema.get_field(name);
        let mut text = Vec::new();
        for tokenizer in analysis::LANGUAGES
            .map(|(_, tokenizer)| tokenizer)
            .iter()
            .chain([&analysis::OTHER])
        {
            text.push(field(&text_field_name(tokenizer))?);
        }
        Ok(Self {
            graph: field("graph")?,
            iri: field("iri")?,
            document: field("document")?,
            lang: field("lang")?,
            body: field("body")?,
            meeting: field("meeting")?,
            start: field("start")?,
            number: field("number")?,
            footnote: field("footnote")?,
            position: field("position")?,
            text: text.try_into().map_err(|_| {
                tantivy::TantivyError::SchemaError("the text fields are missing".to_owned())
            })?,
        })
    }

    /// The text field of a language.
    fn text_of(&self, lang: &str) -> Field {
        let at = analysis::LANGUAGES
            .iter()
            .position(|(l, _)| *l == lang)
            .unwrap_or(analysis::LANGUAGES.len());
        self.text[at]
    }

    fn document_of(&self, passage: &Passage) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(self.graph, &passage.graph);
        doc.add_text(self.iri, &passage.iri);
        doc.add_text(self.document, &passage.document);
        doc.add_text(self.lang, &passage.lang);
        if let Some(number) = &passage.number {
            doc.add_text(self.number, number);
        }
        doc.add_u64(self.footnote, u64::from(passage.footnote));
        doc.add_u64(self.position, passage.position);
        if let Some(meeting) = &passage.meeting {
            doc.add_text(self.meeting, &meeting.iri);
            doc.add_text(self.body, &meeting.body);
            if let Some(day) = day_number(&meeting.start) {
                doc.add_u64(self.start, day);
            }
        }
        doc.add_text(self.text_of(&passage.lang), &passage.text);
        doc
    }
}

/// `YYYY-MM-DD` as the number `YYYYMMDD`, if it is a date so written.
fn day_number(date: &str) -> Option<u64> {
    let bytes = date.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return None;
    }
    let number = |range: std::ops::Range<usize>| date[range].parse::<u64>().ok();
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    ((1..=12).contains(&month) && (1..=31).contains(&day))
        .then_some(year * 10_000 + month * 100 + day)
}

/// What the last commit indexed: the commit's payload.
#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    format: u32,
    /// The store's seal when the index was committed (`None`: the store bore none).
    seal: Option<String>,
    /// Each language version's graph, with its recorded hash.
    graphs: BTreeMap<String, String>,
}

fn index_error(dir: &Path) -> impl Fn(tantivy::TantivyError) -> SearchError + '_ {
    move |error| SearchError::Index {
        path: dir.to_owned(),
        message: error.to_string(),
    }
}

/// The index at `dir` with its analysers, and what its last commit holds; `None` when there is
/// none, it cannot be read, or it is of another format.
fn open_existing(dir: &Path) -> Option<(Index, State)> {
    if !dir.join("meta.json").is_file() {
        return None;
    }
    let index = Index::open_in_dir(dir).ok()?;
    let state: State = serde_json::from_str(index.load_metas().ok()?.payload.as_deref()?).ok()?;
    if state.format != FORMAT || Fields::of(&index.schema()).is_err() {
        return None;
    }
    analysis::register(&index);
    Some((index, state))
}

/// What an index update did.
#[derive(Debug, Clone, Default)]
pub struct Update {
    /// The index was made afresh (it was missing, unreadable or of another format).
    pub remade: bool,
    /// Language versions indexed (again).
    pub indexed: usize,
    /// Language versions whose passages left the index.
    pub removed: usize,
    /// Passages indexed.
    pub passages: usize,
    /// Wall time.
    pub elapsed: Duration,
}

impl Update {
    /// Whether the index was already up to date with the store.
    pub fn is_empty(&self) -> bool {
        !self.remade && self.indexed == 0 && self.removed == 0
    }
}

/// Brings the index of the store at `store_dir` up to date with it: nothing to do while the
/// index bears the store's seal; else the language versions whose graphs' hashes changed are
/// indexed again and those gone removed, in one commit; a missing or unreadable index is made
/// afresh.
pub fn update(
    store_dir: &Path,
    store: &GraphStore,
    progress: &dyn Progress,
) -> Result<Update, SearchError> {
    let started = Instant::now();
    let dir = directory(store_dir);
    let error = index_error(&dir);
    let seal = store.seal()?;
    let existing = open_existing(&dir);
    if let Some((_, state)) = &existing
        && seal.is_some()
        && state.seal == seal
    {
        return Ok(Update {
            elapsed: started.elapsed(),
            ..Update::default()
        });
    }
    let wanted: BTreeMap<String, String> = store
        .recorded_hashes()?
        .into_iter()
        .filter(|(graph, _)| passages::is_version_graph(graph))
        .collect();
    let (index, held, remade) = match existing {
        Some((index, state)) => (index, state.graphs, false),
        None => {
            // whatever is there cannot be read as this format's index
            if dir.exists() {
                std::fs::remove_dir_all(&dir).map_err(|e| SearchError::Index {
                    path: dir.clone(),
                    message: format!("cannot remove the unreadable index: {e}"),
                })?;
            }
            std::fs::create_dir_all(&dir).map_err(|e| SearchError::Index {
                path: dir.clone(),
                message: e.to_string(),
            })?;
            let index = Index::create_in_dir(&dir, schema()).map_err(&error)?;
            analysis::register(&index);
            (index, BTreeMap::new(), true)
        }
    };
    let fields = Fields::of(&index.schema()).map_err(&error)?;
    let changed: Vec<String> = wanted
        .iter()
        .filter(|(graph, hash)| held.get(*graph) != Some(*hash))
        .map(|(graph, _)| graph.clone())
        .collect();
    let removed: Vec<&String> = held.keys().filter(|g| !wanted.contains_key(*g)).collect();
    let mut writer: tantivy::IndexWriter = index.writer(WRITER_MEMORY).map_err(&error)?;
    for graph in &removed {
        writer.delete_term(Term::from_field_text(fields.graph, graph));
    }
    let mut report = Update {
        remade,
        indexed: changed.len(),
        removed: removed.len(),
        ..Update::default()
    };
    progress.start("indexing", changed.len());
    passages::read(store, &changed, |graph, passages| {
        progress.step(graph);
        // what the graph had goes: a delete applies to the documents added before it
        writer.delete_term(Term::from_field_text(fields.graph, graph));
        for passage in &passages {
            writer
                .add_document(fields.document_of(passage))
                .map_err(&error)?;
        }
        report.passages += passages.len();
        Ok(())
    })?;
    progress.finish();
    let state = State {
        format: FORMAT,
        seal,
        graphs: wanted,
    };
    let payload = serde_json::to_string(&state).map_err(|e| SearchError::Index {
        path: dir.clone(),
        message: e.to_string(),
    })?;
    let mut commit = writer.prepare_commit().map_err(&error)?;
    commit.set_payload(&payload);
    commit.commit().map_err(&error)?;
    // merges of segments finish before the process may end
    writer.wait_merging_threads().map_err(&error)?;
    report.elapsed = started.elapsed();
    Ok(report)
}

/// A search, with its filters.
#[derive(Debug, Clone)]
pub struct Request {
    /// Words, "phrases", -excluded words, OR between alternatives.
    pub text: String,
    /// Only paragraphs of documents of this body's meetings (`wg7`).
    pub body: Option<String>,
    /// Only paragraphs of documents of meetings starting on or after this day (`YYYY-MM-DD`).
    pub from: Option<String>,
    /// Only paragraphs of documents of meetings starting on or before this day.
    pub to: Option<String>,
    /// Only paragraphs in this language (`zh`, `en` …).
    pub lang: Option<String>,
    /// Hits on the page, from 1 to [`MAX_LIMIT`].
    pub limit: usize,
    /// Hits skipped before the page, at most [`MAX_OFFSET`].
    pub offset: usize,
}

impl Request {
    /// A search for `text` with no filter, the first 20 hits.
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_owned(),
            body: None,
            from: None,
            to: None,
            lang: None,
            limit: 20,
            offset: 0,
        }
    }
}

/// A page of hits.
#[derive(Debug, Clone, Serialize)]
pub struct Hits {
    /// The paragraphs matching, on every page.
    pub total: usize,
    /// This page's, best first.
    pub hits: Vec<Hit>,
}

/// A paragraph or footnote found.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Its IRI.
    pub iri: String,
    /// The document's symbol (or local id).
    pub document: String,
    /// The meeting the document reports on or was prepared for.
    pub meeting: Option<String>,
    /// That meeting's body.
    pub body: Option<String>,
    /// That meeting's first day.
    pub date: Option<String>,
    /// Its language.
    pub lang: String,
    /// Its number as printed.
    pub number: Option<String>,
    /// Whether it is a footnote.
    pub footnote: bool,
    /// Its position in the language version.
    pub position: u64,
    /// How well it matches (BM25).
    pub score: f32,
    /// Its text around the words found.
    pub snippet: Snippet,
}

impl Hit {
    /// "paragraph 12", "footnote 3", or "unnumbered paragraph".
    pub fn place(&self) -> String {
        match (&self.number, self.footnote) {
            (Some(n), true) => format!("footnote {n}"),
            (Some(n), false) => format!("paragraph {n}"),
            (None, true) => "footnote".to_owned(),
            (None, false) => "unnumbered paragraph".to_owned(),
        }
    }
}

/// Text with the words found marked.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Snippet {
    /// The text.
    pub text: String,
    /// The words found, as character ranges `[start, end)` of the text, in order, apart.
    pub highlighted: Vec<(usize, usize)>,
}

impl Snippet {
    /// Merges overlapping byte ranges (jieba gives a long word and the words inside it) and
    /// counts them in characters.
    fn new(text: &str, ranges: &[std::ops::Range<usize>]) -> Self {
        let mut ranges: Vec<std::ops::Range<usize>> = ranges.to_vec();
        ranges.sort_by_key(|r| (r.start, r.end));
        let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
        for range in ranges {
            match merged.last_mut() {
                Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                _ => merged.push(range),
            }
        }
        let chars = |byte: usize| text.get(..byte).map_or(0, |before| before.chars().count());
        Self {
            text: text.to_owned(),
            highlighted: merged
                .into_iter()
                .map(|r| (chars(r.start), chars(r.end)))
                .collect(),
        }
    }

    /// The text in pieces, each marked found or not.
    pub fn pieces(&self) -> Vec<(String, bool)> {
        let chars: Vec<char> = self.text.chars().collect();
        let mut pieces = Vec::new();
        let mut at = 0;
        for &(start, end) in &self.highlighted {
            let (start, end) = (start.min(chars.len()), end.min(chars.len()));
            if start > at {
                pieces.push((chars[at..start].iter().collect(), false));
            }
            if end > start.max(at) {
                pieces.push((chars[start.max(at)..end].iter().collect(), true));
            }
            at = at.max(end);
        }
        if at < chars.len() {
            pieces.push((chars[at..].iter().collect(), false));
        }
        pieces
    }
}

/// The search's own syntax kept (words, "phrases", -word, OR, AND); the rest of tantivy's
/// (`field:`, grouping, ranges, boosts, wildcards) made spaces: the index has no field a reader
/// names, and a colon or bracket typed in ordinary words is no syntax.
fn plain(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            ':' | '^' | '{' | '}' | '[' | ']' | '(' | ')' | '~' | '*' | '\\' | '!' | '<' | '>'
            | '=' | '/' | '\'' | '`' => ' ',
            other => other,
        })
        .collect()
}

/// The index, open for searching.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    dir: PathBuf,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex")
            .field("dir", &self.dir)
            .finish()
    }
}

impl SearchIndex {
    /// Opens the index of the store at `store_dir` (see [`update`] to make it).
    pub fn open(store_dir: &Path) -> Result<Self, SearchError> {
        let dir = directory(store_dir);
        let (index, _) = open_existing(&dir).ok_or_else(|| SearchError::Index {
            path: dir.clone(),
            message: "no index, or one that cannot be read: `ctockg build` makes it".to_owned(),
        })?;
        let (fields, reader) = {
            let error = index_error(&dir);
            let fields = Fields::of(&index.schema()).map_err(&error)?;
            let reader = index
                .reader_builder()
                .reload_policy(ReloadPolicy::Manual)
                .try_into()
                .map_err(&error)?;
            (fields, reader)
        };
        Ok(Self {
            index,
            reader,
            fields,
            dir,
        })
    }

    /// The passages in the index.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether the index holds no passage.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The page of hits `request` asks for, best first.
    pub fn search(&self, request: &Request) -> Result<Hits, SearchError> {
        let error = index_error(&self.dir);
        let words = self.words(request)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, words.box_clone())];
        let term = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        if let Some(body) = filter_key("body", request.body.as_deref())? {
            clauses.push((Occur::Must, term(self.fields.body, &body)));
        }
        if let Some(lang) = filter_key("lang", request.lang.as_deref())? {
            clauses.push((Occur::Must, term(self.fields.lang, &lang)));
        }
        let from = filter_day("from", request.from.as_deref())?;
        let to = filter_day("to", request.to.as_deref())?;
        if from.is_some() || to.is_some() {
            let bound = |day: Option<u64>| match day {
                Some(day) => Bound::Included(Term::from_field_u64(self.fields.start, day)),
                None => Bound::Unbounded,
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(from), bound(to))),
            ));
        }
        if !(1..=MAX_LIMIT).contains(&request.limit) {
            return Err(SearchError::Filter(format!(
                "limit {}: a page holds from 1 to {MAX_LIMIT} hits",
                request.limit
            )));
        }
        if request.offset > MAX_OFFSET {
            return Err(SearchError::Filter(format!(
                "offset {}: at most {MAX_OFFSET} hits are skipped",
                request.offset
            )));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let top = TopDocs::with_limit(request.limit)
            .and_offset(request.offset)
            .order_by_score();
        let (total, found) = searcher.search(&query, &(Count, top)).map_err(&error)?;
        let mut snippets: BTreeMap<u32, SnippetGenerator> = BTreeMap::new();
        let mut hits = Vec::with_capacity(found.len());
        for (score, address) in found {
            let doc: TantivyDocument = searcher.doc(address).map_err(&error)?;
            let text = |field: Field| -> Option<String> {
                doc.get_first(field)
                    .and_then(|v| v.as_str().map(str::to_owned))
            };
            let number = |field: Field| doc.get_first(field).and_then(|v| v.as_u64());
            let lang = text(self.fields.lang).unwrap_or_default();
            let field = self.fields.text_of(&lang);
            let generator = match snippets.entry(field.field_id()) {
                std::collections::btree_map::Entry::Occupied(kept) => kept.into_mut(),
                std::collections::btree_map::Entry::Vacant(place) => {
                    let mut generator =
                        SnippetGenerator::create(&searcher, &*words, field).map_err(&error)?;
                    generator.set_max_num_chars(SNIPPET_CHARS);
                    place.insert(generator)
                }
            };
            let found = generator.snippet_from_doc(&doc);
            let snippet = if found.fragment().is_empty() {
                // no word of the query shows in the text (a phrase across a footnote mark): its
                // opening instead
                let whole = text(field).unwrap_or_default();
                Snippet::new(&whole.chars().take(SNIPPET_CHARS).collect::<String>(), &[])
            } else {
                Snippet::new(found.fragment(), found.highlighted())
            };
            hits.push(Hit {
                iri: text(self.fields.iri).unwrap_or_default(),
                document: text(self.fields.document).unwrap_or_default(),
                meeting: text(self.fields.meeting),
                body: text(self.fields.body),
                date: number(self.fields.start)
                    .map(|d| format!("{:04}-{:02}-{:02}", d / 10_000, d / 100 % 100, d % 100)),
                lang,
                number: text(self.fields.number),
                footnote: number(self.fields.footnote) == Some(1),
                position: number(self.fields.position).unwrap_or_default(),
                score,
                snippet,
            });
        }
        Ok(Hits { total, hits })
    }

    /// The query of the search's words, over the text fields of every language or of the one
    /// asked for.
    fn words(&self, request: &Request) -> Result<Box<dyn Query>, SearchError> {
        let chars = request.text.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(SearchError::TooLong {
                chars,
                max: MAX_QUERY_CHARS,
            });
        }
        let text = plain(&request.text);
        if !text.chars().any(char::is_alphanumeric) {
            return Err(SearchError::Empty);
        }
        let fields = match filter_key("lang", request.lang.as_deref())? {
            Some(lang) => vec![self.fields.text_of(&lang)],
            None => self.fields.text.to_vec(),
        };
        let mut parser = QueryParser::for_index(&self.index, fields);
        parser.set_conjunction_by_default();
        parser
            .parse_query(text.trim())
            .map_err(|error| SearchError::Syntax {
                query: request.text.clone(),
                message: error.to_string(),
            })
    }
}

/// A body or language key: letters, digits and `-`, lowercased.
fn filter_key(name: &str, value: Option<&str>) -> Result<Option<String>, SearchError> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.len() > 32 || !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(SearchError::Filter(format!(
            "{name} {value:?}: a key of letters and digits (wg7, zh …)"
        )));
    }
    Ok(Some(value.to_ascii_lowercase()))
}

/// A day filter as the number `YYYYMMDD`.
fn filter_day(name: &str, value: Option<&str>) -> Result<Option<u64>, SearchError> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    day_number(value)
        .map(Some)
        .ok_or_else(|| SearchError::Filter(format!("{name} {value:?}: a day written YYYY-MM-DD")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_numbers_and_anything_else_is_refused() {
        assert_eq!(day_number("2020-09-08"), Some(20_200_908));
        assert_eq!(day_number("2020-13-08"), None);
        assert_eq!(day_number("2020-9-8"), None);
        assert!(matches!(
            filter_day("from", Some("yesterday")),
            Err(SearchError::Filter(_))
        ));
        assert_eq!(filter_day("from", Some(" ")).ok(), Some(None));
    }

    #[test]
    fn overlapping_highlights_merge_and_count_in_characters() {
        // 偷运 (0..6), 移民 (6..12) and 偷运移民 (0..12) in bytes
        let snippet = Snippet::new("偷运移民问题", &[0..6, 6..12, 0..12]);
        assert_eq!(snippet.highlighted, vec![(0, 4)]);
        assert_eq!(
            snippet.pieces(),
            vec![("偷运移民".to_owned(), true), ("问题".to_owned(), false)]
        );
    }

    #[test]
    fn field_syntax_and_brackets_are_words() {
        assert_eq!(
            plain("article 6: [smuggling] (a)"),
            "article 6   smuggling   a "
        );
        assert_eq!(plain("\"a phrase\" -word"), "\"a phrase\" -word");
    }
}
