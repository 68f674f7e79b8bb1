//! `--match PATTERN` and `kps tree PATTERN`: one rule for both. A pattern is
//! a regular expression matched against a process' name and its whole
//! command line, as `pgrep -f` does; it ignores case when asked to, or when
//! it has no capital letter (smart case, as ripgrep and fd).

use regex::bytes::{Regex, RegexBuilder};

use crate::columns::joined_argv;
use crate::error::{Error, Result};
use crate::proc::snapshot::{Needs, Proc};
use crate::render::color::Painter;
use crate::render::palette::Kind;

/// One pattern, as given and compiled.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub text: String,
    regex: Regex,
}

impl Pattern {
    /// Compiles `text`; `ignore_case` forces case-insensitive matching,
    /// otherwise only a pattern with a capital letter is case-sensitive.
    pub fn new(text: &str, ignore_case: bool) -> Result<Pattern> {
        if text.is_empty() {
            return Err(Error::new(
                "empty pattern: give a name or a regular expression",
            ));
        }
        let regex = RegexBuilder::new(text)
            .case_insensitive(ignore_case || !has_capital(text))
            .build()
            .map_err(|e| Error::new(format!("invalid pattern '{text}': {}", regex_reason(&e))))?;
        Ok(Pattern {
            text: text.to_string(),
            regex,
        })
    }

    /// The process' name or its command line matches. kps itself never does:
    /// its own command line holds the pattern.
    pub fn matches(&self, p: &Proc) -> bool {
        if p.pid == own_pid() {
            return false;
        }
        self.regex.is_match(&p.comm)
            || p.cmdline
                .as_deref()
                .is_some_and(|cmdline| self.regex.is_match(&joined_argv(cmdline)))
    }
}

/// Any of several patterns (`--match` is repeatable).
#[derive(Debug, Clone)]
pub struct Matcher {
    patterns: Vec<Pattern>,
}

impl Matcher {
    /// `None` when no pattern is given.
    pub fn new(texts: &[String], ignore_case: bool) -> Result<Option<Matcher>> {
        if texts.is_empty() {
            return Ok(None);
        }
        let patterns = texts
            .iter()
            .map(|text| Pattern::new(text, ignore_case))
            .collect::<Result<_>>()?;
        Ok(Some(Matcher { patterns }))
    }

    /// Matching reads the command line.
    pub fn needs(&self) -> Needs {
        Needs::CMDLINE
    }

    pub fn matches(&self, p: &Proc) -> bool {
        self.patterns.iter().any(|pattern| pattern.matches(p))
    }

    /// Pushes `text` onto `line`, with what any pattern matches in it
    /// highlighted.
    pub fn push_highlighted(&self, line: &mut String, text: &str) {
        let mut spans: Vec<(usize, usize)> = self
            .patterns
            .iter()
            .flat_map(|p| p.regex.find_iter(text.as_bytes()))
            .filter(|m| !m.is_empty())
            .map(|m| (m.start(), m.end()))
            .collect();
        spans.sort_unstable();
        let painter = Painter::new(true);
        let mut at = 0;
        for (start, end) in spans {
            // A match must start and end on character boundaries of the
            // escaped text, and may not overlap one already painted.
            if start < at || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                continue;
            }
            line.push_str(&text[at..start]);
            painter.paint(line, Some(Kind::Match), |line| {
                line.push_str(&text[start..end]);
            });
            at = end;
        }
        line.push_str(&text[at..]);
    }
}

fn own_pid() -> i32 {
    std::process::id() as i32
}

/// A capital letter outside an escape (`\W`, `\S` and `\D` are classes,
/// not capitals).
fn has_capital(pattern: &str) -> bool {
    let mut escaped = false;
    pattern.chars().any(|c| {
        let capital = !escaped && c.is_uppercase();
        escaped = !escaped && c == '\\';
        capital
    })
}

/// The last line of regex's multi-line message says what is wrong.
fn regex_reason(e: &regex::Error) -> String {
    let text = e.to_string();
    let last = text.lines().last().unwrap_or("not a regular expression");
    last.trim().trim_start_matches("error: ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proc_named(comm: &str, cmdline: &[u8]) -> Proc {
        let stat = format!(
            "1 ({comm}) S 0 1 1 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 5 1000 10 \
             18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0"
        );
        let mut p = Proc::from_stat(1, 1, stat.as_bytes()).unwrap();
        p.cmdline = Some(cmdline.to_vec());
        p
    }

    #[test]
    fn smart_case_unless_told() {
        let nginx = proc_named("nginx", b"nginx: master process\0");
        assert!(Pattern::new("NGINX", true).unwrap().matches(&nginx));
        assert!(Pattern::new("ngi", false).unwrap().matches(&nginx));
        assert!(!Pattern::new("NGINX", false).unwrap().matches(&nginx));
        assert!(!has_capital(r"\W+x"));
        assert!(has_capital(r"\WX"));
    }

    #[test]
    fn the_command_line_matches_with_blanks_between_arguments() {
        let p = proc_named("python3", b"python3\0-m\0http.server\0");
        assert!(Pattern::new("-m http", false).unwrap().matches(&p));
        assert!(!Pattern::new("^http", false).unwrap().matches(&p));
    }

    #[test]
    fn bad_patterns_name_themselves_on_one_line() {
        let error = Pattern::new("(unclosed", false).err().unwrap();
        assert!(error.message().starts_with("invalid pattern '(unclosed': "));
        assert!(!error.message().contains('\n'));
    }

    #[test]
    fn highlights_every_match() {
        let matcher = Matcher::new(&["o".to_string()], false).unwrap().unwrap();
        let mut line = String::new();
        matcher.push_highlighted(&mut line, "foo");
        assert_eq!(line, "f\x1b[1;31mo\x1b[0m\x1b[1;31mo\x1b[0m");
    }
}
