//! CSV for spreadsheets and scripts: a header row of the JSON keys, then one
//! row per object. Fields are quoted as RFC 4180 says (a field holding a
//! comma, a double quote or a line break is quoted, its quotes doubled);
//! lines end in LF, as Unix tools expect. Text is escaped as ps escapes it,
//! so a process' argv cannot put a raw control byte or a line break into the
//! file: an escape character is a `?` in the cell, as ps prints it.

use std::io::{self, Write};

use super::escape;
use super::json::Json;

/// The keys of `rows` in the order they first appear: objects of one table
/// may lack a key another has (`fd` only for descriptors).
pub fn keys_of(rows: &[Json]) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for row in rows {
        if let Json::Object(fields) = row {
            for (key, _) in fields {
                if !keys.contains(key) {
                    keys.push(key.clone());
                }
            }
        }
    }
    keys
}

/// Writes the header `keys`, then each object's values under them.
pub fn write(out: &mut impl Write, keys: &[String], rows: &[Json]) -> io::Result<()> {
    let mut text = String::new();
    push_line(
        &mut text,
        keys.iter().map(|key| escape::escaped(key.as_bytes())),
    );
    for row in rows {
        push_line(&mut text, keys.iter().map(|key| cell(row.get(key))));
    }
    out.write_all(text.as_bytes())
}

fn push_line(text: &mut String, fields: impl Iterator<Item = String>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            text.push(',');
        }
        push_field(text, &field);
    }
    text.push('\n');
}

/// A value as a cell: numbers as in JSON, text escaped as ps escapes it,
/// null (or a key the object lacks) empty, and a list or object (`peers`)
/// as its compact JSON, which holds no control byte either.
fn cell(value: Option<&Json>) -> String {
    match value {
        None | Some(Json::Null) => String::new(),
        Some(Json::Str(text)) => {
            let mut out = String::new();
            escape::push_escaped_str(&mut out, text);
            out
        }
        Some(other) => other.to_text(),
    }
}

fn push_field(text: &mut String, field: &str) {
    if field.contains([',', '"', '\n', '\r']) {
        text.push('"');
        text.push_str(&field.replace('"', "\"\""));
        text.push('"');
    } else {
        text.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_as_rfc_4180_says_and_escapes_control_bytes() {
        let rows = vec![
            Json::object()
                .with("pid", 7)
                .with("args", "a,b \"c\"\nd\u{1b}")
                .with("tty", Json::Null),
            Json::object().with("pid", 8).with("fd", 3),
        ];
        let keys = keys_of(&rows);
        assert_eq!(keys, ["pid", "args", "tty", "fd"]);
        let mut out = Vec::new();
        write(&mut out, &keys, &rows).unwrap();
        let text = String::from_utf8(out).unwrap();
        let args = if escape::utf8_locale() {
            "\"a,b \"\"c\"\"?d?\""
        } else {
            "\"a,b \"\"c\"\".d.\""
        };
        assert_eq!(text, format!("pid,args,tty,fd\n7,{args},,\n8,,,3\n"));
    }
}
