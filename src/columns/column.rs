//! A column of a listing: a specifier as the format list gave it, or literal
//! text from an AIX format.

use super::{Role, Row, Spec, Value};
use crate::proc::snapshot::Needs;
use crate::render::json::Json;

/// One column of a listing.
#[derive(Clone)]
pub enum Column {
    /// A specifier, possibly renamed (`-o pid=P`) or resized (`-o comm:30`).
    Spec {
        spec: &'static Spec,
        header: String,
        width: usize,
    },
    /// Literal text between AIX field descriptors (`%p: %c`), printed as is
    /// on every line, the header's too, with no blank added around it. It has
    /// no value: JSON leaves it out.
    Literal(String),
}

impl Column {
    /// `pid_max_digits`: the digits of the kernel's largest PID, the least
    /// width of a process-id column.
    pub fn new(spec: &'static Spec, pid_max_digits: usize) -> Column {
        let width = if spec.pid_like {
            spec.width.max(pid_max_digits).max(spec.header.len())
        } else {
            spec.width
        };
        Column::Spec {
            spec,
            header: spec.header.to_string(),
            width,
        }
    }

    pub fn literal(text: &str) -> Column {
        Column::Literal(text.to_string())
    }

    /// The specifier, `None` for literal text.
    pub fn spec(&self) -> Option<&'static Spec> {
        match self {
            Column::Spec { spec, .. } => Some(spec),
            Column::Literal(_) => None,
        }
    }

    /// What the header line shows: the header, or the literal text.
    pub fn header(&self) -> &str {
        match self {
            Column::Spec { header, .. } => header,
            Column::Literal(text) => text,
        }
    }

    /// The field's width; procps measures headers and literal text in bytes.
    pub fn width(&self) -> usize {
        match self {
            Column::Spec { width, .. } => *width,
            Column::Literal(text) => text.len(),
        }
    }

    /// Renames a specifier column (literal text keeps its text).
    pub fn set_header(&mut self, text: &str) {
        if let Column::Spec { header, .. } = self {
            *header = text.to_string();
        }
    }

    /// Resizes a specifier column (literal text is as wide as it is).
    pub fn set_width(&mut self, new: usize) {
        if let Column::Spec { width, .. } = self {
            *width = new;
        }
    }

    pub fn is_literal(&self) -> bool {
        matches!(self, Column::Literal(_))
    }

    pub fn role(&self) -> Role {
        self.spec().map_or(Role::Plain, |spec| spec.role)
    }

    /// The /proc files a row needs for this column.
    pub fn needs(&self) -> Needs {
        self.spec().map_or(Needs::NONE, |spec| spec.needs)
    }
}

/// One row as a JSON object: each specifier's value under its key, in
/// `specs`' order. Every JSON view builds its rows here.
pub fn insert_values<'s>(object: &mut Json, specs: impl IntoIterator<Item = &'s Spec>, row: &Row) {
    for spec in specs {
        let key = unique_key(object, spec.key);
        object.insert(key, Json::from(spec.value_of(row)));
    }
}

/// `key`, or `key_2`, `key_3`… when the object has it already: aliases share
/// a key (`-o time,bsdtime`), and a JSON object, where the last repeated key
/// silently wins in most parsers, must keep both values.
pub fn unique_key(object: &Json, key: &str) -> String {
    if object.get(key).is_none() {
        return key.to_string();
    }
    (2..)
        .map(|n| format!("{key}_{n}"))
        .find(|candidate| object.get(candidate).is_none())
        .unwrap_or_else(|| key.to_string())
}

/// The keys of a listing's JSON objects (and CSV header), in order: the
/// same keys `json_row` gives, with no row needed.
pub fn json_keys(columns: &[Column]) -> Vec<String> {
    let mut object = Json::object();
    for spec in columns.iter().filter_map(Column::spec) {
        let key = unique_key(&object, spec.key);
        object.insert(key, Json::Null);
    }
    match object {
        Json::Object(fields) => fields.into_iter().map(|(key, _)| key).collect(),
        _ => Vec::new(),
    }
}

/// A listing's row for CSV: `json_row`'s keys and values, but a command
/// column holds the text ps prints for it (argv joined by blanks, a newline
/// in an argument a blank too, the environment after it with BSD `e`), whole.
pub fn csv_row(columns: &[Column], row: &Row) -> Json {
    // Wider than any command line: nothing is cut.
    const WHOLE: usize = 1 << 24;
    let mut object = Json::object();
    for spec in columns.iter().filter_map(Column::spec) {
        let key = unique_key(&object, spec.key);
        let value = match (spec.value)(row) {
            Value::Text(_) if spec.role.is_command() => {
                let mut text = String::new();
                spec.render(row, WHOLE, &mut text);
                Json::Str(text)
            }
            value => Json::from(value),
        };
        object.insert(key, value);
    }
    object
}

/// A listing's row as a JSON object: the specifier columns' values; literal
/// text has none.
pub fn json_row(columns: &[Column], row: &Row) -> Json {
    let mut object = Json::object();
    insert_values(&mut object, columns.iter().filter_map(Column::spec), row);
    object
}
