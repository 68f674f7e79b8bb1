//! Format lists as `-o` takes them (`pid,comm:30,user=WHO`) and AIX formats
//! (`%p %c`), read into columns.

use super::format_macros::named_format;
use crate::columns::{self, Column};
use crate::error::{Error, Result};

/// A format list: `pid,comm`, `pid comm`, `pid=P,user=WHO`, `comm:30`,
/// `pid:10=P`. Items are `spec[:width][=header]`, separated by commas or
/// blanks; a header ends at the next separator, as in procps 4.0.
///
/// `digits` is the width of the kernel's largest PID, the least width of a
/// process-id column.
pub fn parse_format(text: &str, digits: usize) -> Result<Vec<Column>> {
    parse_format_noting(text, digits, &mut None)
}

const UNKNOWN_SPECIFIER: &str = "error: unknown user-defined format specifier";

/// [`parse_format`], for one of several lists read in turn. procps writes the
/// text of an unknown-specifier error only once (a static buffer), so the
/// first unknown name met, even in a list then read as AIX descriptors,
/// names every later such error: `first_unknown` keeps it.
pub fn parse_format_noting(
    text: &str,
    digits: usize,
    first_unknown: &mut Option<String>,
) -> Result<Vec<Column>> {
    let parsed = parse_plain_format(text, digits);
    if let Err(e) = &parsed
        && e.message().starts_with(UNKNOWN_SPECIFIER)
        && first_unknown.is_none()
    {
        *first_unknown = Some(e.message().to_owned());
    }
    match parsed {
        Err(_) if text.contains('%') => parse_aix_format(text, digits),
        Err(e) if e.message().starts_with(UNKNOWN_SPECIFIER) => Err(first_unknown
            .as_ref()
            .map_or(e, |message| Error::new(message.clone()))),
        other => other,
    }
}

/// A list of specifiers, not yet read as AIX descriptors.
fn parse_plain_format(text: &str, digits: usize) -> Result<Vec<Column>> {
    // One trailing separator is allowed; procps checks the list's shape
    // before it looks up any name in it, so `,` alone is improper too.
    let body = text.strip_suffix([',', ' ', '\t', '\n']).unwrap_or(text);
    let items = body.split([',', ' ', '\t', '\n']);
    let parsed: Result<Vec<Column>> = if body.is_empty() || items.clone().any(str::is_empty) {
        Err(Error::new("error: improper format list"))
    } else {
        items
            .map(|item| parse_list_item(item, digits))
            .collect::<Result<Vec<_>>>()
            .map(|lists| lists.concat())
    };
    parsed
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

/// One item of a format list: a specifier, or the name of one of procps'
/// formats (`DefBSD`, `FB_u`), each of whose columns takes the item's
/// header.
fn parse_list_item(item: &str, digits: usize) -> Result<Vec<Column>> {
    let (left, header) = match item.split_once('=') {
        Some((left, header)) => (left, Some(header)),
        None => (item, None),
    };
    let name = left.split_once(':').map_or(left, |(name, _)| name);
    let Some(list) = named_format(name).filter(|_| columns::find(name).is_none()) else {
        return Ok(vec![parse_format_item(item, digits)?]);
    };
    // The width is checked first, as for any item.
    parse_width(left, item)?;
    if left.contains(':') {
        return Err(Error::new(
            "error: can not set width for a macro (multi-column) format specifier",
        ));
    }
    list.split(',')
        .map(|spec| match header {
            Some(header) => parse_format_item(&format!("{spec}={header}"), digits),
            None => parse_format_item(spec, digits),
        })
        .collect()
}

/// The width of `spec:width`, if given: digits, read as C's atoi reads
/// them (past 64 bits the largest long, then cut to an int), which must
/// come out above zero (`pid:4294967297` is 1 wide).
fn parse_width(spec_and_width: &str, item: &str) -> Result<Option<usize>> {
    let Some((_, width)) = spec_and_width.split_once(':') else {
        return Ok(None);
    };
    let valid =
        !width.is_empty() && width.bytes().all(|b| b.is_ascii_digit()) && !width.starts_with('0');
    let as_long = width.parse::<i64>().unwrap_or(i64::MAX);
    usize::try_from(as_long as i32)
        .ok()
        .filter(|&width| valid && width > 0)
        .map(Some)
        .ok_or_else(|| {
            Error::new(format!(
                "error: column widths must be unsigned decimal numbers: '{item}'"
            ))
        })
}

pub(super) fn parse_format_item(item: &str, digits: usize) -> Result<Column> {
    if item.is_empty() {
        return Err(Error::new("error: improper format list"));
    }
    let (spec_and_width, header) = match item.split_once('=') {
        Some((left, header)) => (left, Some(header)),
        None => (item, None),
    };
    let width = parse_width(spec_and_width, item)?;
    let name = spec_and_width
        .split_once(':')
        .map_or(spec_and_width, |(name, _)| name);
    let spec =
        columns::find(name).ok_or_else(|| Error::new(format!("{UNKNOWN_SPECIFIER} \"{name}\"")))?;
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
/// format, which differs between the two (`tail`, a named format).
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
        let improper = parse_format(",", 5).err().map(|e| e.message().to_string());
        assert_eq!(improper.as_deref(), Some("error: improper format list"));
        assert!(parse_format("pid:0", 5).is_err());
        assert_eq!(parse_format("pid:4294967297", 5).unwrap()[0].width(), 1);
        assert!(parse_format("pid:4294967296", 5).is_err());
        assert!(parse_format("pid:99999999999999999999", 5).is_err());
    }

    #[test]
    fn named_formats_expand_in_lists() {
        let names = |text| -> Vec<&str> {
            parse_format(text, 5)
                .unwrap()
                .iter()
                .filter_map(|c| c.spec())
                .map(|s| s.name)
                .collect()
        };
        assert_eq!(names("DefBSD"), ["pid", "tname", "stat", "bsdtime", "args"]);
        assert_eq!(names("uid,DefSysV"), ["uid", "pid", "tname", "time", "cmd"]);
        let renamed = parse_format("DefSysV=X", 5).unwrap();
        assert!(renamed.iter().all(|c| c.header() == "X"));
        assert!(parse_format("DefBSD:5", 5).is_err());
        assert!(parse_format("defbsd", 5).is_err());
    }
}
