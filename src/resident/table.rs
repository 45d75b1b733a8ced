//! `SELECT` answers kept as the index's term ids, and written as SPARQL's TSV
//! results format.

use oxigraph::model::vocab::xsd;
use oxigraph::model::{Term, TermRef, Variable};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use super::dataset::Fresh;
use super::{ResidentDataset, ResidentStore};

impl ResidentDataset {
    /// An empty answer to fill with this evaluation's solutions, as the index's term ids.
    pub fn table(&self) -> TableBuilder {
        TableBuilder {
            cells: Vec::new(),
            rows: 0,
            store: Arc::clone(&self.store),
            fresh: Rc::clone(&self.fresh),
        }
    }
}

/// A [`Table`] being filled by an evaluation, which may still make terms.
pub struct TableBuilder {
    cells: Vec<Option<u32>>,
    rows: usize,
    store: Arc<ResidentStore>,
    fresh: Rc<RefCell<Fresh>>,
}

impl TableBuilder {
    /// Adds a row: a value for each variable, in order.
    pub fn push(&mut self, row: &[Option<u32>]) {
        self.cells.extend_from_slice(row);
        self.rows += 1;
    }

    /// How many rows so far.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether there is no row yet.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The table of these rows of values of `variables`, with the terms the evaluation made.
    pub fn finish(self, variables: Vec<Variable>) -> Table {
        debug_assert_eq!(self.cells.len(), self.rows * variables.len());
        let made = self.fresh.borrow().0.clone();
        Table {
            variables,
            cells: self.cells,
            rows: self.rows,
            made,
            store: self.store,
        }
    }
}

/// Why a `SELECT` answer could not be kept whole ([`select`]).
#[derive(Debug)]
pub enum TableError {
    /// The evaluation failed, or was cancelled.
    Evaluation(spareval::QueryEvaluationError),
    /// The answer has more rows than the limit.
    TooManyRows,
}

/// Evaluates a prepared `SELECT` query on the index into a [`Table`] of at most `limit` rows;
/// `None` for another form of query.
pub fn select(
    resident: &Arc<ResidentStore>,
    prepared: spareval::PreparedQuery<'_>,
    limit: usize,
) -> Option<Result<Table, TableError>> {
    let dataset = resident.dataset();
    let mut table = dataset.table();
    let solutions = match prepared.execute_select_internal(dataset)? {
        Ok(solutions) => solutions,
        Err(error) => return Some(Err(TableError::Evaluation(error))),
    };
    for solution in solutions.solutions {
        match solution {
            Ok(row) => table.push(&row),
            Err(error) => return Some(Err(TableError::Evaluation(error))),
        }
        if table.len() > limit {
            return Some(Err(TableError::TooManyRows));
        }
    }
    Some(Ok(table.finish(solutions.variables.to_vec())))
}

/// A `SELECT` answer from the index, its values kept as the index's term ids rather
/// than terms built: writing the answer reads each term where the index holds it. Built, each
/// value was a string or two copied, then freed once written: a quarter of the time of a
/// 33,000-row answer at 10,000 documents.
pub struct Table {
    variables: Vec<Variable>,
    /// The rows one after the other, a value for each variable.
    cells: Vec<Option<u32>>,
    rows: usize,
    /// The terms the query made, numbered after the store's.
    made: Vec<Term>,
    store: Arc<ResidentStore>,
}

impl Table {
    /// The projected variables.
    pub fn variables(&self) -> &[Variable] {
        &self.variables
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Row `row`'s value of the variable at `column`.
    pub fn get(&self, row: usize, column: usize) -> Option<TermRef<'_>> {
        self.cells[row * self.variables.len() + column].map(|id| self.term(id))
    }

    /// Row `row`'s bound variables and their values, for a results serializer.
    pub fn row(&self, row: usize) -> impl Iterator<Item = (&Variable, TermRef<'_>)> + '_ {
        (0..self.variables.len()).filter_map(move |column| {
            self.get(row, column)
                .map(|value| (&self.variables[column], value))
        })
    }

    /// Writes the table in SPARQL's TSV results format, byte for byte as `sparesults` writes
    /// it. `sparesults` takes each row as pairs of a variable and a value, finds each value's
    /// column by comparing the variables' names, and copies each string character by
    /// character: at 10,000 documents that was 11 of the 63 ms `resolutions-cited` took on the
    /// copy, and about 6 once written here. The tests compare both writers' output.
    pub fn write_tsv(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let mut buffer = Vec::with_capacity(1 << 16);
        for (column, variable) in self.variables.iter().enumerate() {
            if column > 0 {
                buffer.push(b'\t');
            }
            buffer.push(b'?');
            buffer.extend_from_slice(variable.as_str().as_bytes());
        }
        buffer.push(b'\n');
        let width = self.variables.len();
        for row in 0..self.rows {
            let cells = &self.cells[row * width..(row + 1) * width];
            for (column, cell) in cells.iter().enumerate() {
                if column > 0 {
                    buffer.push(b'\t');
                }
                if let Some(id) = cell {
                    write_tsv_term(&mut buffer, self.term(*id));
                }
            }
            buffer.push(b'\n');
            if buffer.len() >= 1 << 16 {
                out.write_all(&buffer)?;
                buffer.clear();
            }
        }
        out.write_all(&buffer)
    }

    fn term(&self, id: u32) -> TermRef<'_> {
        let index = id as usize;
        match self.store.terms.get(index) {
            Some(term) => term.as_ref(),
            None => self.made[index - self.store.terms.len()].as_ref(),
        }
    }
}

/// A term as SPARQL's TSV results format writes it: IRIs in angle brackets, literals in Turtle's
/// syntax, numbers and booleans bare when their form is Turtle's.
fn write_tsv_term(out: &mut Vec<u8>, term: TermRef<'_>) {
    match term {
        TermRef::NamedNode(node) => {
            out.push(b'<');
            out.extend_from_slice(node.as_str().as_bytes());
            out.push(b'>');
        }
        TermRef::BlankNode(node) => {
            out.extend_from_slice(b"_:");
            out.extend_from_slice(node.as_str().as_bytes());
        }
        TermRef::Literal(literal) => {
            let value = literal.value();
            if let Some(language) = literal.language() {
                write_tsv_quoted(out, value);
                out.push(b'@');
                out.extend_from_slice(language.as_bytes());
                return;
            }
            let bare = match literal.datatype() {
                xsd::BOOLEAN => matches!(value, "true" | "false"),
                xsd::INTEGER => is_turtle_integer(value),
                xsd::DECIMAL => is_turtle_decimal(value),
                xsd::DOUBLE => is_turtle_double(value),
                _ => false,
            };
            if bare {
                out.extend_from_slice(value.as_bytes());
            } else {
                write_tsv_quoted(out, value);
                if literal.datatype() != xsd::STRING {
                    out.extend_from_slice(b"^^<");
                    out.extend_from_slice(literal.datatype().as_str().as_bytes());
                    out.push(b'>');
                }
            }
        }
    }
}

/// A string in double quotes, with tabs, line breaks, quotes and backslashes escaped; copied
/// whole when it has none, as nearly every label has.
fn write_tsv_quoted(out: &mut Vec<u8>, value: &str) {
    out.push(b'"');
    let bytes = value.as_bytes();
    if !bytes
        .iter()
        .any(|byte| matches!(byte, b'\t' | b'\n' | b'\r' | b'"' | b'\\'))
    {
        out.extend_from_slice(bytes);
    } else {
        for &byte in bytes {
            match byte {
                b'\t' => out.extend_from_slice(b"\\t"),
                b'\n' => out.extend_from_slice(b"\\n"),
                b'\r' => out.extend_from_slice(b"\\r"),
                b'"' => out.extend_from_slice(b"\\\""),
                b'\\' => out.extend_from_slice(b"\\\\"),
                _ => out.push(byte),
            }
        }
    }
    out.push(b'"');
}

/// Turtle's INTEGER: `[+-]? [0-9]+`.
fn is_turtle_integer(value: &str) -> bool {
    let digits = unsigned(value.as_bytes());
    !digits.is_empty() && digits.iter().all(u8::is_ascii_digit)
}

/// Turtle's DECIMAL: `[+-]? [0-9]* '.' [0-9]+`.
fn is_turtle_decimal(value: &str) -> bool {
    let rest = skip_digits(unsigned(value.as_bytes()));
    rest.strip_prefix(b".")
        .is_some_and(|fraction| !fraction.is_empty() && fraction.iter().all(u8::is_ascii_digit))
}

/// Turtle's DOUBLE: digits with a point or not, at least one digit, then an exponent.
fn is_turtle_double(value: &str) -> bool {
    let value = unsigned(value.as_bytes());
    let rest = skip_digits(value);
    let mut digits = rest.len() < value.len();
    let rest = match rest.strip_prefix(b".") {
        Some(fraction) => {
            let after = skip_digits(fraction);
            digits |= after.len() < fraction.len();
            after
        }
        None => rest,
    };
    let Some(exponent) = rest.strip_prefix(b"e").or_else(|| rest.strip_prefix(b"E")) else {
        return false;
    };
    let exponent = unsigned(exponent);
    digits && !exponent.is_empty() && exponent.iter().all(u8::is_ascii_digit)
}

fn unsigned(value: &[u8]) -> &[u8] {
    value
        .strip_prefix(b"+")
        .or_else(|| value.strip_prefix(b"-"))
        .unwrap_or(value)
}

fn skip_digits(value: &[u8]) -> &[u8] {
    let digits = value
        .iter()
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    &value[digits..]
}
