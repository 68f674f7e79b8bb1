//! Format lists as `-o` takes them (`pid,comm:30,user=WHO`) and AIX formats
//! (`%p %c`), read into columns.

use crate::columns::{self, Column};
use crate::error::{Error, Result};

/// A format list: `pid,comm`, `pid comm`, `pid=P,user=WHO`, `comm:30`,
/// `pid:10=P`. Items are `spec[:width][=header]`, separated by commas or
/// blanks; a header ends at the next separator, as in procps 4.0.
///
/// `digits` is the width of the kernel's largest PID, the least width of a
/// process-id column.
pub fn parse_format(text: &str, digits: usize) -> Result<Vec<Column>> {
    let body = text.strip_suffix([',', ' ', '\t', '\n']).unwrap_or(text);
    if body.is_empty() {
        return Err(Error::new("error: empty format list"));
    }
    let items = body.split([',', ' ', '\t', '\n']);
    // procps checks the list's shape before it looks up any name in it.
    let parsed: Result<Vec<Column>> = if items.clone().any(str::is_empty) {
        Err(Error::new("error: improper format list"))
    } else {
        items.map(|item| parse_format_item(item, digits)).collect()
    };
    match parsed {
        Err(_) if text.contains('%') => parse_aix_format(text, digits),
        other => other,
    }
}

/// AIX format descriptors (`%p %U %c`) and the headers AIX gives them.
const AIX_DESCRIPTORS: &[(char, &str, &str)] = &[
    ('C', "pcpu", "%CPU"),
    ('G', "group", "GROUP"),
    ('P', "ppid", "PPID"),
    ('U', "user", "USER"),
    ('a', "args", "COMMAND"),
    ('c', "comm", "COMMAND"),
    ('g', "rgroup", "RGROUP"),
    ('n', "nice", "NI"),
    ('p', "pid", "PID"),
    ('r', "pgid", "PGID"),
    ('t', "etime", "ELAPSED"),
    ('u', "ruser", "RUSER"),
    ('x', "time", "TIME"),
    ('y', "tty", "TTY"),
    ('z', "vsz", "VSZ"),
];

/// An AIX format: leading text, then `%` descriptors separated by blanks only;
/// the blanks after each descriptor are printed as they are.
fn parse_aix_format(text: &str, digits: usize) -> Result<Vec<Column>> {
    check_aix_format(text)?;
    let mut columns = Vec::new();
    let (lead, mut rest) = text.split_at(text.find('%').unwrap_or(text.len()));
    if !lead.is_empty() {
        columns.push(Column::literal(lead));
    }
    while let Some(after) = rest.strip_prefix('%') {
        let mut chars = after.chars();
        let letter = chars
            .next()
            .filter(|&letter| letter != '%')
            .ok_or_else(|| Error::new("error: missing AIX field descriptor"))?;
        let (_, name, header) = AIX_DESCRIPTORS
            .iter()
            .find(|(l, _, _)| *l == letter)
            .ok_or_else(|| {
                Error::new(format!("error: unknown AIX field descriptor: '%{letter}'"))
            })?;
        let spec =
            columns::find(name).ok_or_else(|| Error::new("error: unknown AIX field descriptor"))?;
        let mut column = Column::new(spec, digits);
        column.set_header(header);
        columns.push(column);
        let tail = chars.as_str();
        let filler_end = tail.find('%').unwrap_or(tail.len());
        let filler = &tail[..filler_end];
        if !filler.bytes().all(|b| b == b' ') {
            return Err(Error::new(format!(
                "error: improper AIX field descriptor: '{text}'"
            )));
        }
        rest = &tail[filler_end..];
        // Blanks between descriptors are kept as text; the end of the format
        // always gets a (maybe empty) literal, so the last field is padded.
        if !filler.is_empty() || rest.is_empty() {
            columns.push(Column::literal(filler));
        }
    }
    Ok(columns)
}

/// procps' look at an AIX format before reading it: one character of any
/// kind may start it, after that and after each descriptor only blanks until
/// the next `%`, and every `%` needs a descriptor that is not a blank.
fn check_aix_format(text: &str) -> Result<()> {
    let improper = || {
        Err(Error::new(format!(
            "error: improper AIX field descriptor: '{text}'"
        )))
    };
    let missing = || Err(Error::new("error: missing AIX field descriptor"));
    let mut chars = text.chars();
    // `current` is the character just read: the first one, then each descriptor.
    let mut current = chars.next();
    loop {
        match current {
            None => return Ok(()),
            Some('%') => match chars.next() {
                Some(descriptor) if descriptor != ' ' => current = Some(descriptor),
                _ => return missing(),
            },
            Some(_) => loop {
                match chars.next() {
                    Some(' ') => continue,
                    Some('%') => {
                        current = Some('%');
                        break;
                    }
                    Some(_) => return improper(),
                    None => return Ok(()),
                }
            },
        }
    }
}

pub(super) fn parse_format_item(item: &str, digits: usize) -> Result<Column> {
    if item.is_empty() {
        return Err(Error::new("error: improper format list"));
    }
    let (spec_and_width, header) = match item.split_once('=') {
        Some((left, header)) => (left, Some(header)),
        None => (item, None),
    };
    let (name, width) = match spec_and_width.split_once(':') {
        Some((name, width)) => {
            let valid = !width.is_empty()
                && width.bytes().all(|b| b.is_ascii_digit())
                && !width.starts_with('0');
            let width = width
                .parse::<usize>()
                .ok()
                .filter(|_| valid)
                .ok_or_else(|| {
                    Error::new(format!(
                        "error: column widths must be unsigned decimal numbers: '{item}'"
                    ))
                })?;
            (name, Some(width))
        }
        None => (spec_and_width, None),
    };
    let spec = columns::find(name).ok_or_else(|| {
        Error::new(format!(
            "error: unknown user-defined format specifier \"{name}\""
        ))
    })?;
    let mut column = Column::new(spec, digits);
    if let Some(header) = header {
        column.set_header(header);
        // procps sizes the column by the header's bytes, not its cells.
        column.set_width(column.width().max(header.len()));
    }
    if let Some(width) = width {
        column.set_width(width);
    }
    Ok(column)
}

/// `-O LIST` and BSD `O LIST`: the PID, the list, then the rest of a default
/// format, which differs between the two.
pub(super) fn preloaded_format(text: &str, tail: &str, digits: usize) -> Result<Vec<Column>> {
    let mut columns = parse_format("pid", digits)?;
    columns.extend(parse_format(text, digits)?);
    columns.extend(parse_format(tail, digits)?);
    Ok(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_lists() {
        let cols = parse_format("pid,comm user", 5).unwrap();
        let names: Vec<_> = cols
            .iter()
            .filter_map(|c| c.spec())
            .map(|s| s.name)
            .collect();
        assert_eq!(names, ["pid", "comm", "user"]);
        let cols = parse_format("pid=P,user=WHO,comm", 5).unwrap();
        assert_eq!(cols.len(), 3);
        assert_eq!(cols[0].header(), "P");
        assert_eq!(cols[1].header(), "WHO");
        assert_eq!(parse_format("comm:30", 5).unwrap()[0].width(), 30);
        assert_eq!(parse_format("pid:10=P", 5).unwrap()[0].width(), 10);
        assert_eq!(parse_format("pid=P:10", 5).unwrap()[0].header(), "P:10");
        assert!(parse_format("bogus", 5).is_err());
        assert!(parse_format("", 5).is_err());
        assert!(parse_format(",pid", 5).is_err());
        assert!(parse_format("pid:0", 5).is_err());
    }
}
