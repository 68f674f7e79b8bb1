//! The one place untrusted text is made safe to print.
//!
//! Process names, arguments, paths and environment values are chosen by whoever
//! started the process. Before any of it reaches a terminal or a pipe, every
//! control character (C0, DEL, C1, the Unicode line separators) and every byte
//! that is not valid UTF-8 becomes `?`, as procps `ps` renders them in a UTF-8
//! locale. A hostile name can then neither drive the terminal nor split one
//! output line into two. (The C library also calls code points unprintable that
//! Unicode has not assigned yet; kps, without those tables, prints them.)

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

/// Whether the locale's character set is UTF-8, as the C library picks the
/// locale: the first of LC_ALL, LC_CTYPE and LANG that is set.
pub fn utf8_locale() -> bool {
    static UTF8: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *UTF8.get_or_init(|| {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty())
            .unwrap_or_default()
            .to_ascii_lowercase();
        locale.contains("utf-8") || locale.contains("utf8")
    })
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
            out.push(if is_unsafe(ch) { '?' } else { ch });
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
/// parser): U+FFFD, the mark of a byte that was not UTF-8, prints as `?` too.
pub fn push_escaped_str(out: &mut String, text: &str) {
    push_escaped_str_for(out, text, utf8_locale());
}

fn push_escaped_str_for(out: &mut String, text: &str, utf8: bool) {
    if !utf8 {
        return push_bytewise(out, text.as_bytes());
    }
    for ch in text.chars() {
        out.push(if is_unsafe(ch) || ch == char::REPLACEMENT_CHARACTER {
            '?'
        } else {
            ch
        });
    }
}

/// Characters a terminal should not get raw: controls, the Unicode line and
/// paragraph separators (which some terminals break lines at) and the
/// noncharacters, all of which the C library calls unprintable.
fn is_unsafe(ch: char) -> bool {
    let code = ch as u32;
    ch.is_control()
        || matches!(ch, '\u{2028}' | '\u{2029}')
        || (0xfdd0..=0xfdef).contains(&code)
        || code & 0xfffe == 0xfffe
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
    fn lossy_text_is_escaped_too() {
        let mut out = String::new();
        push_escaped_str_for(&mut out, "a\u{fffd}\u{1b}b", true);
        assert_eq!(out, "a??b");
    }
}
