//! The one place untrusted text is made safe to print.
//!
//! Process names, arguments, paths and environment values are chosen by whoever
//! started the process. Before any of it reaches a terminal or a pipe, every
//! control character (C0, DEL, C1, the Unicode line separators) and every byte
//! that is not valid UTF-8 becomes `?`, as procps `ps` renders them in a UTF-8
//! locale. A hostile name can then neither drive the terminal nor split one
//! output line into two.
//!
//! Like ps, kps takes its locale from the environment (`setlocale(LC_ALL,
//! "")`), so a locale that is not installed means the C locale and
//! byte-by-byte escaping, and asks the C library (`iswprint`, `wcwidth`)
//! which characters print and how many cells they take.

use std::ffi::CStr;
use std::sync::OnceLock;

/// Whether the C library's locale, once taken from the environment, is UTF-8;
/// unset until [`init_locale`] runs.
static C_LOCALE_IS_UTF8: OnceLock<bool> = OnceLock::new();

/// Takes the locale from the environment, as ps does at start: its character
/// set for escaping, its month and day names for times. Call it first thing,
/// before any other thread runs: `setlocale` is not thread-safe.
pub(crate) fn init_locale() {
    C_LOCALE_IS_UTF8.get_or_init(|| {
        // SAFETY: runs once, on the main thread before other threads exist;
        // the strings are NUL-terminated and the C library owns the result.
        unsafe {
            if libc::setlocale(libc::LC_ALL, c"".as_ptr()).is_null() {
                return false;
            }
            let codeset = libc::nl_langinfo(libc::CODESET);
            !codeset.is_null() && CStr::from_ptr(codeset).to_bytes() == b"UTF-8"
        }
    });
}

/// The C library classifies characters for us: the locale is set and UTF-8.
fn c_library_knows() -> bool {
    C_LOCALE_IS_UTF8.get() == Some(&true)
}

/// Appends `bytes` to `out` made safe to print, as procps `ps` shows text read
/// from /proc in a UTF-8 locale.
///
/// procps escapes in two layers, and the combination is what users see:
/// - when reading, C0 controls and DEL become `?`; from the first byte that cannot
///   start a UTF-8 sequence on, the rest of the string is escaped byte by byte
///   (controls `.`, bytes above 0x7F `?`);
/// - when printing, each invalid sequence becomes `?` byte by byte, and so does
///   every character the terminal would not print (C1 controls).
pub fn push_escaped(out: &mut String, bytes: &[u8]) {
    push_escaped_for(out, bytes, utf8_locale());
}

fn push_escaped_for(out: &mut String, bytes: &[u8], utf8: bool) {
    if utf8 {
        let read = escape_on_read(bytes);
        push_printable(out, &read);
    } else {
        push_bytewise(out, bytes);
    }
}

/// Outside a UTF-8 locale ps escapes byte by byte: controls become `.`,
/// everything above ASCII `?`.
fn push_bytewise(out: &mut String, bytes: &[u8]) {
    out.extend(bytes.iter().map(|&b| match b {
        0x20..=0x7e => b as char,
        0x80..=0xff => '?',
        _ => '.',
    }));
}

/// Whether the locale's character set is UTF-8, as the C library said when
/// `init_locale` ran (the C locale, not UTF-8, before that).
pub fn utf8_locale() -> bool {
    c_library_knows()
}

/// The reading layer: C0/DEL to `?` while lead bytes look like UTF-8 (their
/// continuation bytes are not checked), byte-wise escaping from the first bad lead.
fn escape_on_read(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let len = match b {
            0x00..=0x7f => 1,
            0xc2..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf4 => 4,
            _ => 0,
        };
        if len == 0 || i + len > bytes.len() {
            out.extend(bytes[i..].iter().map(|&b| match b {
                0x20..=0x7e => b,
                0x80..=0xff => b'?',
                _ => b'.',
            }));
            break;
        }
        if len == 1 && (b < 0x20 || b == 0x7f) {
            out.push(b'?');
        } else {
            out.extend_from_slice(&bytes[i..i + len]);
        }
        i += len;
    }
    out
}

/// The printing layer: valid printable characters pass, the rest become `?`.
fn push_printable(out: &mut String, bytes: &[u8]) {
    for chunk in bytes.utf8_chunks() {
        for ch in chunk.valid().chars() {
            out.push(if printable(ch) { ch } else { '?' });
        }
        out.extend(std::iter::repeat_n('?', chunk.invalid().len()));
    }
}

/// `bytes` escaped into a new string.
pub fn escaped(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    push_escaped(&mut out, bytes);
    out
}

/// Like [`push_escaped`] for text that is already a `str` (lossy-decoded by a
/// parser): U+FFFD, which stands for bytes that were not UTF-8, prints as `?`
/// (one, however many bytes it replaced).
pub fn push_escaped_str(out: &mut String, text: &str) {
    push_escaped_str_for(out, text, utf8_locale());
}

fn push_escaped_str_for(out: &mut String, text: &str, utf8: bool) {
    if !utf8 {
        return push_bytewise(out, text.as_bytes());
    }
    for ch in text.chars() {
        out.push(if !printable(ch) || ch == char::REPLACEMENT_CHARACTER {
            '?'
        } else {
            ch
        });
    }
}

/// Whether ps would print `ch` as it is: the C library's `iswprint`, which
/// also rejects code points Unicode has not assigned.
fn printable(ch: char) -> bool {
    if ch.is_ascii() {
        return !ch.is_ascii_control();
    }
    if c_library_knows() {
        // SAFETY: iswprint only reads the locale's tables.
        return unsafe { iswprint(u32::from(ch)) } != 0;
    }
    !is_unsafe(ch)
}

/// The terminal cells `ch` takes, as the C library's `wcwidth` counts them
/// (0 for what it cannot print, which escaping has replaced anyway). Outside
/// a UTF-8 locale escaped text is ASCII, one cell a character.
pub fn char_width(ch: char) -> usize {
    if ch.is_ascii() || !c_library_knows() {
        return 1;
    }
    // SAFETY: wcwidth only reads the locale's tables.
    usize::try_from(unsafe { wcwidth(u32::from(ch) as libc::wchar_t) }).unwrap_or(0)
}

// The libc crate does not declare the wide-character classification.
unsafe extern "C" {
    /// `wint_t` is an unsigned int in glibc and musl.
    fn iswprint(wc: u32) -> libc::c_int;
    fn wcwidth(wc: libc::wchar_t) -> libc::c_int;
}

/// Without the C library's tables (unit tests): controls, the Unicode line
/// and paragraph separators and the noncharacters, all of which it calls
/// unprintable.
fn is_unsafe(ch: char) -> bool {
    let code = ch as u32;
    ch.is_control()
        || matches!(ch, '\u{2028}' | '\u{2029}')
        || (0xfdd0..=0xfdef).contains(&code)
        || code & 0xfffe == 0xfffe
}

/// The longest prefix of `text` within `room` terminal cells. Like procps,
/// it stops once the room is full, before any zero-width character.
pub fn prefix_within(text: &str, room: usize) -> &str {
    let mut cells = 0;
    for (i, ch) in text.char_indices() {
        let width = char_width(ch);
        if cells >= room || cells + width > room {
            return &text[..i];
        }
        cells += width;
    }
    text
}

/// The cells `text` takes on a terminal.
pub fn display_width(text: &str) -> usize {
    if text.is_ascii() {
        return text.len();
    }
    text.chars().map(char_width).sum()
}

/// `line` cut to `columns` terminal cells, for a screen as wide as that:
/// never inside a character or an SGR sequence (which take no room and are
/// kept), and a cut line that was styled ends its styles. Text given here is
/// already escaped, so its only escape sequences are kps' own.
pub fn cut_to_width(line: &str, columns: usize) -> String {
    if line.len() <= columns {
        return line.to_string();
    }
    let mut shown = String::with_capacity(line.len().min(columns * 4));
    let mut used = 0;
    let mut chars = line.chars();
    let mut styled = false;
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            shown.push(c);
            styled = true;
            for c in chars.by_ref() {
                shown.push(c);
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
            continue;
        }
        let width = char_width(c);
        if used + width > columns {
            break;
        }
        used += width;
        shown.push(c);
    }
    if styled {
        shown.push_str("\x1b[0m");
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a UTF-8 locale shows, whatever the tests' own locale is.
    fn utf8(bytes: &[u8]) -> String {
        let mut out = String::new();
        push_escaped_for(&mut out, bytes, true);
        out
    }

    #[test]
    fn control_characters_become_question_marks() {
        assert_eq!(utf8(b"a\x1b[31mb\nc\td\x7f"), "a?[31mb?c?d?");
        assert_eq!(utf8("x\u{85}y".as_bytes()), "x?y");
        assert_eq!(utf8("a\u{2028}b\u{fffe}c".as_bytes()), "a?b?c");
    }

    #[test]
    fn invalid_utf8_is_shown_byte_by_byte() {
        assert_eq!(utf8(b"ab\xff\xfecd"), "ab??cd");
        // From the first impossible lead byte on, ps escapes byte by byte.
        assert_eq!(utf8(b"a\xc3\xa9\xffb\xc3\xa9\x01\t"), "a\u{e9}?b??..");
        // A plausible lead with a bad continuation is caught when printing.
        assert_eq!(utf8(b"\xc3A\x01 \xe4\xb8"), "?A? ??");
        assert_eq!(
            utf8("h\u{e9}llo \u{2603}".as_bytes()),
            "h\u{e9}llo \u{2603}"
        );
    }

    #[test]
    fn outside_utf8_every_byte_is_escaped_alone() {
        let mut out = String::new();
        push_escaped_for(&mut out, "a\tb\u{e9}\x7f".as_bytes(), false);
        assert_eq!(out, "a.b??.");
    }

    #[test]
    fn cutting_counts_cells_not_escapes() {
        assert_eq!(cut_to_width("abcdef", 3), "abc");
        assert_eq!(
            cut_to_width("a\x1b[1;31mbc\x1b[0md", 2),
            "a\x1b[1;31mb\x1b[0m"
        );
        assert_eq!(cut_to_width("ab", 5), "ab");
        assert_eq!(cut_to_width("h\u{e9}llo", 2), "h\u{e9}");
    }

    #[test]
    fn lossy_text_is_escaped_too() {
        let mut out = String::new();
        push_escaped_str_for(&mut out, "a\u{fffd}\u{1b}b", true);
        assert_eq!(out, "a??b");
    }
}
