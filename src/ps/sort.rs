//! Sort keys: `--sort`/`k` lists of specifiers and BSD `O`'s one-letter keys.

use super::query::SortKey;
use crate::columns::{self, Column};
use crate::error::{Error, Result};

/// BSD `O` short sort keys: letters from ps' table, each once, `+`/`-` before a letter.
const SHORT_SORT_KEYS: &[(char, &str)] = &[
    ('C', "pcpu"),
    ('G', "tpgid"),
    ('J', ""),
    ('K', ""),
    ('M', "maj_flt"),
    ('N', "cmaj_flt"),
    ('P', "ppid"),
    ('R', "resident"),
    ('S', "share"),
    ('T', "start_time"),
    ('U', "uid"),
    ('c', "cmd"),
    ('f', "flags"),
    ('g', "pgrp"),
    ('j', "cutime"),
    ('k', "utime"),
    ('m', "min_flt"),
    ('n', "cmin_flt"),
    ('o', "session"),
    ('p', "pid"),
    ('r', "rss"),
    ('s', "size"),
    ('t', "tty"),
    ('u', "user"),
    ('v', "vsize"),
    ('y', "priority"),
];

/// Why BSD `O` text is not short sort keys, as procps checks it: letters of
/// its table only, each once, a `+` or `-` only before a letter, and no PPID
/// key (`P`) with a forest. `None`: it is.
pub(super) fn short_sort_error(text: &str, forest: bool) -> Option<&'static str> {
    let known = |c: char| c == '+' || c == '-' || SHORT_SORT_KEYS.iter().any(|(k, _)| *k == c);
    if !text.chars().all(known) {
        return Some("bad sorting code");
    }
    let mut seen = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '+' | '-' => {
                if matches!(chars.peek(), None | Some('+' | '-')) {
                    return Some("bad sorting code");
                }
            }
            'P' if forest => return Some("PPID sort and forest output conflict"),
            letter if seen.contains(&letter) => return Some("bad sorting code"),
            letter => seen.push(letter),
        }
    }
    None
}

/// The keys of BSD `O` text that [`short_sort_error`] accepted, read as
/// procps reads them: only the first letter and letters after a sign set a
/// direction (procps gives the others one that sorts nothing), and a letter
/// it has no column for (`J`, `K`) ends the keys.
pub(super) fn short_sort_keys(text: &str) -> Vec<SortKey> {
    let mut keys = Vec::new();
    // `None`: no direction, no sort.
    let mut descending = Some(false);
    for c in text.chars() {
        match c {
            '-' => descending = Some(true),
            '+' => descending = Some(false),
            letter => {
                let name = SHORT_SORT_KEYS
                    .iter()
                    .find(|(k, _)| *k == letter)
                    .map_or("", |(_, n)| *n);
                let Some(spec) = columns::find(name) else {
                    break;
                };
                if let Some(descending) = descending.take() {
                    keys.push(SortKey { spec, descending });
                }
            }
        }
    }
    keys
}

/// Keys whose data procps reads only for something else: `vsize` sorts by
/// the virtual size when a text or data size (`trs`, `drs`, `size`, ...) is
/// shown or sorted by too, `fgid` by the kernel flags when `f` is, and
/// `tty4` by the terminal's name when `tty` (or a spelling of it) is;
/// otherwise they leave rows as they are (procps' sort reads a value it did
/// not fetch). Such a key takes the specifier that sorts by that data.
pub(super) fn with_fetched_data(mut sort: Vec<SortKey>, columns: &[Column]) -> Vec<SortKey> {
    // The specifiers whose printers fetch the data item the key sorts by
    // (procps' output.c: `sr` against the `setREL` of each `pr_*`).
    const READERS: [(&str, &[&str], &str); 3] = [
        (
            "vsize",
            &[
                "drs", "dsiz", "m_drs", "m_size", "m_trs", "size", "trs", "trss", "tsiz",
            ],
            "trs",
        ),
        ("fgid", &["f", "flag", "flags"], "flags"),
        // pr_tty4 fetches the terminal's number, yet tty4 sorts by its name.
        ("tty4", &["longtname", "tname", "tt", "tty", "tty8"], "tty"),
    ];
    let names: Vec<&str> = columns
        .iter()
        .filter_map(Column::spec)
        .chain(sort.iter().map(|k| k.spec))
        .map(|spec| spec.name)
        .collect();
    for key in &mut sort {
        for (name, readers, sorted_by) in READERS {
            if key.spec.name == name
                && names.iter().any(|n| readers.contains(n))
                && let Some(spec) = columns::find(sorted_by)
            {
                key.spec = spec;
            }
        }
    }
    sort
}

/// `--sort`/`k` keys separated by commas or blanks; one trailing separator
/// is allowed, an empty item is not.
pub(super) fn parse_sort_list(text: &str) -> Result<Vec<SortKey>> {
    let separators = [',', ' ', '\t', '\n'];
    let body = text.strip_suffix(separators).unwrap_or(text);
    // The list's shape is checked before any key is looked up, as in procps.
    if body.split(separators).any(str::is_empty) {
        return Err(Error::new(format!("error: improper sort list: '{text}'")));
    }
    body.split(separators).map(resolve_sort_key).collect()
}

fn resolve_sort_key(key: &str) -> Result<SortKey> {
    let (descending, name) = match key.as_bytes().first() {
        Some(b'-') => (true, &key[1..]),
        Some(b'+') => (false, &key[1..]),
        _ => (false, key),
    };
    let spec = columns::find(name)
        .ok_or_else(|| Error::new(format!("error: unknown sort specifier: '{key}'")))?;
    Ok(SortKey { spec, descending })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_sort_keys_read_as_procps_reads_them() {
        let keys = |text| -> Vec<(&str, bool)> {
            super::short_sort_keys(text)
                .iter()
                .map(|k| (k.spec.name, k.descending))
                .collect()
        };
        assert_eq!(keys("-p"), [("pid", true)]);
        assert_eq!(keys("gp"), [("pgrp", false)]);
        assert_eq!(keys("g-p"), [("pgrp", false), ("pid", true)]);
        assert_eq!(keys("pK-g"), [("pid", false)]);
        assert!(keys("J-p").is_empty());
    }

    #[test]
    fn short_sort_keys() {
        let is_short_sort = |text| short_sort_error(text, false).is_none();
        assert!(is_short_sort("-r"));
        assert!(is_short_sort("Tp"));
        assert!(!is_short_sort("pid"));
        assert!(!is_short_sort("pp"));
        assert!(!is_short_sort("-"));
        assert!(!is_short_sort("+-P"));
        assert_eq!(short_sort_error("ppP", true), Some("bad sorting code"));
        assert_eq!(
            short_sort_error("pP", true),
            Some("PPID sort and forest output conflict")
        );
    }
}
