//! The one place untrusted text is made safe to print.
//!
//! Process names, arguments, paths and environment values are chosen by whoever
//! started the process. Before any of it reaches a terminal or a pipe, every
//! control character (C0, DEL, C1) and every byte that is not valid UTF-8 becomes
//! `?`, exactly as procps `ps` renders them in a UTF-8 locale. A hostile name can
//! then neither drive the terminal nor split one output line into two.

/// Appends `bytes` to `out` with control characters and invalid UTF-8 replaced by `?`.
///
/// procps quirk, kept so output matches ps byte for byte: once a string has shown
/// one invalid UTF-8 sequence, ps decodes no multi-byte character after it, so
/// every later non-ASCII byte becomes `?` as well.
pub fn push_escaped(out: &mut String, bytes: &[u8]) {
    let valid_len = match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) => e.valid_up_to(),
    };
    let (valid, rest) = bytes.split_at(valid_len);
    let valid = std::str::from_utf8(valid).unwrap_or_default();
    for ch in valid.chars() {
        out.push(if is_unsafe(ch) { '?' } else { ch });
    }
    for &b in rest {
        out.push(if (0x20..0x7f).contains(&b) {
            b as char
        } else {
            '?'
        });
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
    for ch in text.chars() {
        out.push(if is_unsafe(ch) || ch == char::REPLACEMENT_CHARACTER {
            '?'
        } else {
            ch
        });
    }
}

fn is_unsafe(ch: char) -> bool {
    ch.is_control()
}

/// True if `text` holds a character [`push_escaped`] would replace.
pub fn needs_escape(text: &[u8]) -> bool {
    match std::str::from_utf8(text) {
        Ok(s) => s.chars().any(is_unsafe),
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_question_marks() {
        assert_eq!(escaped(b"a\x1b[31mb\nc\td\x7f"), "a?[31mb?c?d?");
        assert_eq!(escaped("x\u{85}y".as_bytes()), "x?y");
    }

    #[test]
    fn invalid_utf8_is_shown_byte_by_byte() {
        assert_eq!(escaped(b"ab\xff\xfecd"), "ab??cd");
        // After the first invalid byte, ps decodes nothing more.
        assert_eq!(escaped(b"a\xc3\xa9\xffb\xc3\xa9\x01\t"), "a\u{e9}?b????");
        assert_eq!(
            escaped("h\u{e9}llo \u{2603}".as_bytes()),
            "h\u{e9}llo \u{2603}"
        );
    }

    #[test]
    fn lossy_text_is_escaped_too() {
        let mut out = String::new();
        push_escaped_str(&mut out, "a\u{fffd}\u{1b}b");
        assert_eq!(out, "a??b");
    }
}
