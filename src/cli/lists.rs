//! The items of ps' selection lists (PIDs, users, groups, terminals), read
//! into the numbers a selection compares, with procps' messages for what is
//! wrong. The parser reads each list when it meets it, as procps does, so the
//! first wrong word is the one reported.

use std::os::unix::fs::MetadataExt;

use crate::error::{Error, Result};
use crate::proc::users;

/// `-g`: session leaders when every item is a number, else effective groups.
pub fn sessions_or_groups(items: &[String], negate: bool) -> Result<(Vec<i32>, Vec<u32>)> {
    match parse_ids(items) {
        Ok(sids) => Ok((sids, Vec::new())),
        Err(_) => resolve_groups(items, negate)
            .map(|gids| (Vec::new(), gids))
            .map_err(|_| sessions_or_groups_invalid()),
    }
}

pub fn sessions_or_groups_invalid() -> Error {
    Error::new("error: list of session leaders OR effective group IDs was invalid")
}

/// PID list items.
pub fn parse_ids(items: &[String]) -> Result<Vec<i32>> {
    items.iter().map(|item| parse_id(item)).collect()
}

/// A process, session or group ID: decimal, octal or hex (like strtoul base
/// 0), 1..=i32::MAX.
pub fn parse_id(item: &str) -> Result<i32> {
    let n = parse_c_number(item)
        .ok_or_else(|| Error::new(format!("error: process ID list syntax error: '{item}'")))?;
    i32::try_from(n)
        .ok()
        .filter(|&id| id > 0)
        .ok_or_else(|| Error::new(format!("error: process ID out of range: '{item}'")))
}

/// A number as C's strtoul with base 0 reads it: `0x` hex, leading `0` octal,
/// leading blanks and a sign allowed, an empty text read as 0. A number past
/// 64 bits is the largest one, and a negative one wraps around, so both are
/// out of range rather than malformed; `None` means characters follow the
/// number, or a sign or blanks have none after them.
pub fn parse_c_number(text: &str) -> Option<u64> {
    if text.is_empty() {
        return Some(0);
    }
    let unsigned = text.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let (negative, digits) = match unsigned.as_bytes().first() {
        Some(b'-') => (true, &unsigned[1..]),
        Some(b'+') => (false, &unsigned[1..]),
        _ => (false, unsigned),
    };
    let (radix, digits) = if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        (16, hex)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = digits.chars().try_fold(0u64, |n, c| {
        n.checked_mul(u64::from(radix))?
            .checked_add(u64::from(c.to_digit(radix)?))
    });
    Some(match magnitude {
        None => u64::MAX,
        Some(n) if negative => n.wrapping_neg(),
        Some(n) => n,
    })
}

/// (uid_t)-1, which no process can have: the kernel reserves it.
const NO_SUCH_ID: u32 = u32::MAX;

/// Users by number (read as strtoul reads it) or by name.
pub fn resolve_users(names: &[String], negate: bool) -> Result<Vec<u32>> {
    resolve_ids(names, negate, users::uid_of, "user")
}

/// Groups by number or by name.
pub fn resolve_groups(names: &[String], negate: bool) -> Result<Vec<u32>> {
    resolve_ids(names, negate, users::gid_of, "group")
}

/// Under `-N` (given before the list), procps lets an unknown name through
/// as (uid_t)-1, which no process has and `-N` turns into every process,
/// and a number past 32 bits through cut to 32 (`-N -u 4294967296` is
/// uid 0).
fn resolve_ids(
    names: &[String],
    negate: bool,
    by_name: fn(&str) -> Option<u32>,
    what: &str,
) -> Result<Vec<u32>> {
    names
        .iter()
        .map(|name| {
            let id = parse_c_number(name).or_else(|| by_name(name).map(u64::from));
            match id {
                Some(id) if id <= 0xffff_fffe || negate => Ok(id as u32),
                None if negate => Ok(NO_SUCH_ID),
                Some(_) => Err(Error::new(format!(
                    "error: {what} ID out of range: '{name}'"
                ))),
                None => Err(Error::new(format!(
                    "error: {what} name does not exist: '{name}'"
                ))),
            }
        })
        .collect()
}

/// A terminal as `-t` takes it (`pts/3`, `3`, `tty1`, `/dev/ttyS0`, `?` for
/// none) to the device number stat's `tty_nr` shows; tried in procps' order.
pub fn tty_number(name: &str) -> Result<i32> {
    use std::os::unix::fs::FileTypeExt;
    let candidates = if name.starts_with('/') {
        vec![name.to_string()]
    } else {
        vec![
            format!("/dev/pts/{name}"),
            format!("/dev/{name}"),
            format!("/dev/tty{name}"),
            format!("/dev/pty{name}"),
            format!("/dev/{name}nsole"),
        ]
    };
    let Some(meta) = candidates
        .iter()
        .find_map(|path| std::fs::metadata(path).ok())
    else {
        // `-` and `?` mean no terminal. So does a one-byte name of a file
        // in the current directory: procps assumes the shell expanded a `?`.
        let no_terminal = name == "-"
            || name == "?"
            || (!name.starts_with('/') && name.len() == 1 && std::fs::metadata(name).is_ok());
        if no_terminal {
            return Ok(0);
        }
        return Err(Error::new(format!(
            "error: TTY could not be found: '{name}'"
        )));
    };
    if !meta.file_type().is_char_device() {
        return Err(Error::new(format!(
            "error: list member was not a TTY: '{name}'"
        )));
    }
    let rdev = meta.rdev();
    let (major, minor) = (libc::major(rdev), libc::minor(rdev));
    Ok(((minor & 0xff) | (major << 8) | ((minor & !0xff) << 12)) as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_strtoul_reads_them() {
        assert_eq!(parse_c_number("42"), Some(42));
        assert_eq!(parse_c_number("0x1f"), Some(31));
        assert_eq!(parse_c_number("017"), Some(15));
        assert_eq!(parse_c_number(" +7"), Some(7));
        assert_eq!(parse_c_number(""), Some(0));
        assert_eq!(parse_c_number("-1"), Some(u64::MAX));
        assert_eq!(parse_c_number("-5"), Some(u64::MAX - 4));
        assert_eq!(parse_c_number("18446744073709551616"), Some(u64::MAX));
        for malformed in ["+", "-", " ", "0x", "08", "1x", "x"] {
            assert_eq!(parse_c_number(malformed), None, "{malformed:?}");
        }
    }

    #[test]
    fn ids_past_32_bits_wrap_only_under_negation() {
        let ids = |text: &str, negate| resolve_users(&[text.to_string()], negate);
        assert_eq!(ids("4294967296", true).ok(), Some(vec![0]));
        assert_eq!(ids("4294967297", true).ok(), Some(vec![1]));
        assert!(ids("4294967296", false).is_err());
        let past_64_bits = ids("18446744073709551616", false).err();
        assert!(past_64_bits.is_some_and(|e| e.message().contains("user ID out of range")));
    }
}
