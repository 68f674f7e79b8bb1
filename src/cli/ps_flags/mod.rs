//! Every ps option kps accepts, defined once: its spellings in each of the
//! three syntaxes, the value it takes, its help line and the step that
//! applies it to the low-level [`PsArgs`].
//!
//! The one table, [`PS_FLAGS`], drives the parser of all three syntaxes
//! ([`super::ps_syntax`]), `--help`, the man page and the shell completions
//! ([`super::ps_help`]). Adding an option is one entry here, one field of
//! [`PsArgs`] and one step of resolution in the ps module.

mod apply;
mod defs;

pub use defs::PS_FLAGS;

use super::personality::Personality;
use super::ps_args::{Mode, PsArgs};
use crate::error::{Error, Result};

/// What follows an option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    Nothing,
    Pids,
    Sessions,
    Users,
    Groups,
    Terminals,
    /// Terminals, attached (`tpts/1`) or the next word; last of all, this terminal.
    OptionalTerminals,
    Commands,
    /// Format specifiers: `pid,comm`, `pid=P`, `comm:30`.
    Format,
    /// Sort keys: specifiers, each optionally prefixed by `+` or `-`.
    Sort,
    Number,
    Directory,
    /// Milliseconds, only as `--option=MS`, and optional.
    OptionalMillis,
    /// `auto`, `always` or `never`, only as `--option=WHEN`, and optional.
    OptionalWhen,
    /// Seconds, fractions allowed, only as `--option=SECONDS`, and optional.
    OptionalSeconds,
    /// A regular expression.
    Pattern,
}

impl Takes {
    pub fn value_name(self) -> Option<&'static str> {
        match self {
            Takes::Nothing => None,
            Takes::Pids => Some("PIDLIST"),
            Takes::Sessions => Some("SIDLIST"),
            Takes::Users => Some("USERLIST"),
            Takes::Groups => Some("GROUPLIST"),
            Takes::Terminals | Takes::OptionalTerminals => Some("TTYLIST"),
            Takes::Commands => Some("CMDLIST"),
            Takes::Format => Some("FORMAT"),
            Takes::Sort => Some("SORT"),
            Takes::Number => Some("NUM"),
            Takes::Directory => Some("DIR"),
            Takes::OptionalMillis => Some("MS"),
            Takes::OptionalWhen => Some("WHEN"),
            Takes::OptionalSeconds => Some("SECONDS"),
            Takes::Pattern => Some("PATTERN"),
        }
    }

    /// An optional value, given only as `--option=VALUE`.
    pub fn is_optional_with_equals(self) -> bool {
        matches!(
            self,
            Takes::OptionalMillis | Takes::OptionalWhen | Takes::OptionalSeconds
        )
    }

    /// The value names a list of format specifiers.
    pub fn is_specifier_list(self) -> bool {
        matches!(self, Takes::Format | Takes::Sort)
    }

    /// The value must be there: in the rest of the cluster, after `=`, or
    /// as the next word.
    pub(crate) fn is_required(self) -> bool {
        !matches!(
            self,
            Takes::Nothing
                | Takes::OptionalTerminals
                | Takes::OptionalMillis
                | Takes::OptionalWhen
                | Takes::OptionalSeconds
        )
    }
}

/// The groups ps(1) sorts its options into; the man page keeps them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Simple,
    Lists,
    Format,
    Modifiers,
    Threads,
    Other,
}

impl Section {
    pub fn heading(self) -> &'static str {
        match self {
            Section::Simple => "Simple process selection",
            Section::Lists => "Process selection by list",
            Section::Format => "Output format control",
            Section::Modifiers => "Output modifiers",
            Section::Threads => "Thread display",
            Section::Other => "Other information",
        }
    }
}

/// The three syntaxes of ps options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// Letters after a dash, grouped: `-ef`.
    Unix,
    /// Letters without a dash, grouped: `aux`.
    Bsd,
    /// GNU long names after two dashes: `--sort`.
    Long,
}

/// Options that end ps on the spot: nothing is resolved or listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// `--help`: kps' help on stdout.
    Help,
    /// `-V`, `V`, `--version`.
    Version,
    /// `--info`: the version on stderr.
    Info,
    /// BSD `L`: the format specifiers.
    ListSpecifiers,
}

/// An option as the parser met it, handed to its apply step.
pub struct Given<'a> {
    pub flag: &'static PsFlag,
    pub syntax: Syntax,
    /// The letter or long name as typed (`m`, `sort`).
    pub name: &'a str,
    /// The value, for an option that takes one (`None`: absent or optional).
    pub value: Option<&'a str>,
    pub personality: &'a Personality,
    pub mode: Mode,
}

impl<'a> Given<'a> {
    /// The value of an option whose value is required; the parser has
    /// already refused the option without one.
    fn text(&self) -> &'a str {
        self.value.unwrap_or_default()
    }

    /// As typed: `-p`, `p`, `--pid`.
    pub fn spelling(&self) -> String {
        match self.syntax {
            Syntax::Unix => format!("-{}", self.name),
            Syntax::Bsd => self.name.to_string(),
            Syntax::Long => format!("--{}", self.name),
        }
    }

    /// procps' error for the option without its value.
    pub fn missing_value(&self) -> Error {
        let message = self.flag.missing[self.syntax as usize].replace("{}", &self.spelling());
        Error::new(format!("error: {message}"))
    }
}

/// The step that applies an option to the arguments parsed so far.
pub type Apply = fn(&mut PsArgs, &Given) -> Result<()>;

/// What meeting an option does.
#[derive(Clone, Copy)]
pub enum Action {
    /// Sets this switch.
    Set(fn(&mut PsArgs) -> &mut bool),
    Apply(Apply),
    /// Ends the parse; the option must then be the whole command line unless
    /// it is `--help`.
    Exit(Exit),
}

/// One ps option: every spelling that means the same thing.
pub struct PsFlag {
    /// Unique name, used as the clap argument id.
    pub id: &'static str,
    /// UNIX letters, used after a dash (`-e`).
    pub unix: &'static [char],
    /// BSD letters, used without a dash (`a`).
    pub bsd: &'static [char],
    /// GNU long names, used after two dashes (`--sort`).
    pub long: &'static [&'static str],
    pub takes: Takes,
    /// Means more when given twice (`-ww`).
    pub repeats: bool,
    pub section: Section,
    /// Listed by `kps --help`, which has room for the options used most.
    pub common: bool,
    /// Known to ps but not documented: accepted only under some personality,
    /// or refused with a message of its own.
    pub hidden: bool,
    pub help: &'static str,
    /// procps' message when a required value is missing, per syntax (UNIX,
    /// BSD, long); `{}` stands for the spelling (`-p`, `p`, `--pid`).
    missing: [&'static str; 3],
    pub action: Action,
}

impl PsFlag {
    const fn new(id: &'static str, section: Section, help: &'static str) -> PsFlag {
        PsFlag {
            id,
            unix: &[],
            bsd: &[],
            long: &[],
            takes: Takes::Nothing,
            repeats: false,
            section,
            common: false,
            hidden: false,
            help,
            missing: [""; 3],
            action: Action::Apply(|_, _| Ok(())),
        }
    }

    const fn unix(mut self, letters: &'static [char]) -> PsFlag {
        self.unix = letters;
        self
    }

    const fn bsd(mut self, letters: &'static [char]) -> PsFlag {
        self.bsd = letters;
        self
    }

    const fn long(mut self, names: &'static [&'static str]) -> PsFlag {
        self.long = names;
        self
    }

    /// The value the option takes, and procps' message when it is missing.
    const fn takes(mut self, takes: Takes, missing: &'static str) -> PsFlag {
        self.takes = takes;
        self.missing = [missing; 3];
        self
    }

    /// A value that may be left out.
    const fn optional(mut self, takes: Takes) -> PsFlag {
        self.takes = takes;
        self
    }

    /// A message of its own for a missing value in one syntax.
    const fn missing_in(mut self, syntax: Syntax, missing: &'static str) -> PsFlag {
        self.missing[syntax as usize] = missing;
        self
    }

    const fn repeats(mut self) -> PsFlag {
        self.repeats = true;
        self
    }

    const fn common(mut self) -> PsFlag {
        self.common = true;
        self
    }

    const fn hidden(mut self) -> PsFlag {
        self.hidden = true;
        self
    }

    const fn apply(mut self, apply: Apply) -> PsFlag {
        self.action = Action::Apply(apply);
        self
    }

    const fn sets(mut self, switch: fn(&mut PsArgs) -> &mut bool) -> PsFlag {
        self.action = Action::Set(switch);
        self
    }

    const fn exits(mut self, exit: Exit) -> PsFlag {
        self.action = Action::Exit(exit);
        self
    }

    /// The letters of one syntax (none for long names).
    pub fn letters(&self, syntax: Syntax) -> &'static [char] {
        match syntax {
            Syntax::Unix => self.unix,
            Syntax::Bsd => self.bsd,
            Syntax::Long => &[],
        }
    }

    /// The spellings (long aliases left out) and the value, as `--help`
    /// shows them: `-p, p, --pid PIDLIST`.
    pub fn synopsis(&self) -> String {
        let unix = self.unix.iter().map(|c| format!("-{c}"));
        let bsd = self.bsd.iter().map(char::to_string);
        let long = self.long.first().map(|name| format!("--{name}"));
        let mut text = unix.chain(bsd).chain(long).collect::<Vec<_>>().join(", ");
        match self.takes.value_name() {
            Some(value) if self.takes.is_optional_with_equals() => {
                text.push_str(&format!("[={value}]"));
            }
            Some(value) if self.takes == Takes::OptionalTerminals => {
                text.push_str(&format!(" [{value}]"));
            }
            Some(value) => {
                text.push(' ');
                text.push_str(value);
            }
            None => {}
        }
        text
    }
}

/// BSD digits among letters (`ps u1,2`): a list of process IDs, read as `-p`
/// reads one.
pub(crate) fn push_pid_list(args: &mut PsArgs, text: &str) -> Result<()> {
    apply::push_ids(&mut args.pids, text)
}

/// The options the documentation shows.
pub fn documented() -> impl Iterator<Item = &'static PsFlag> {
    PS_FLAGS.iter().filter(|flag| !flag.hidden)
}

/// The option spelled by `letter` in `syntax`.
pub(crate) fn find_letter(syntax: Syntax, letter: char) -> Option<&'static PsFlag> {
    PS_FLAGS
        .iter()
        .find(|flag| flag.letters(syntax).contains(&letter))
}

/// The option with the long name `name`, which must match exactly.
pub(crate) fn find_long(name: &str) -> Option<&'static PsFlag> {
    PS_FLAGS.iter().find(|flag| flag.long.contains(&name))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::cli::ps_syntax::{self, Parsed};

    fn parsed(words: &[&str]) -> Result<Parsed> {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        ps_syntax::parse(&words, Mode::Standard, &Personality::default())
    }

    /// The arguments, or an empty set for an option that ends ps.
    fn parse(words: &[&str]) -> Result<PsArgs> {
        match parsed(words)? {
            Parsed::Args(args) => Ok(*args),
            Parsed::Exit(_) => Ok(PsArgs::default()),
        }
    }

    /// Every spelling, as typed: `-e`, `a`, `--sort`.
    fn spellings(flag: &PsFlag) -> Vec<String> {
        let unix = flag.unix.iter().map(|c| format!("-{c}"));
        let bsd = flag.bsd.iter().map(char::to_string);
        let long = flag.long.iter().map(|name| format!("--{name}"));
        unix.chain(bsd).chain(long).collect()
    }

    fn sample_value(takes: Takes) -> &'static str {
        match takes {
            Takes::Nothing
            | Takes::OptionalMillis
            | Takes::OptionalWhen
            | Takes::OptionalSeconds => "",
            Takes::Pattern => "x",
            Takes::Pids | Takes::Sessions => "1",
            Takes::Users | Takes::Groups => "root",
            Takes::Terminals | Takes::OptionalTerminals => "?",
            Takes::Commands => "init",
            Takes::Format => "pid,comm",
            Takes::Sort => "-rss",
            Takes::Number => "80",
            Takes::Directory => "/proc",
        }
    }

    #[test]
    fn every_spelling_parses_with_its_value() {
        for flag in documented() {
            for spelling in spellings(flag) {
                let value = sample_value(flag.takes);
                let words: Vec<&str> = if value.is_empty() {
                    vec![&spelling]
                } else {
                    vec![&spelling, value]
                };
                assert!(parse(&words).is_ok(), "{words:?} ({})", flag.id);
            }
        }
    }

    #[test]
    fn values_are_taken_exactly_when_the_table_says() {
        for flag in documented() {
            for spelling in spellings(flag) {
                match (flag.takes, flag.action) {
                    // Ends ps at once: the next word is never read.
                    (Takes::Nothing, Action::Exit(Exit::Help)) => {
                        let exit = parsed(&[&spelling, "--json"]).unwrap();
                        assert!(matches!(exit, Parsed::Exit(Exit::Help)), "{spelling}");
                    }
                    // Only ever alone: any second word is an error.
                    (Takes::Nothing, Action::Exit(_)) => {
                        assert!(parse(&[&spelling]).is_ok(), "{spelling} alone");
                        assert!(parse(&[&spelling, "--json"]).is_err(), "{spelling} --json");
                    }
                    (takes, _) if takes == Takes::Nothing || takes.is_optional_with_equals() => {
                        let args = parse(&[&spelling, "--json"]).unwrap();
                        assert!(args.json, "{spelling} took the next word as its value");
                    }
                    // Any next word is its value; last of all, it stands alone.
                    (Takes::OptionalTerminals, _) => {
                        assert!(parse(&[&spelling]).is_ok(), "{spelling} alone");
                        assert!(parse(&[&spelling, "--json"]).is_err(), "{spelling} --json");
                    }
                    _ => assert!(parse(&[&spelling]).is_err(), "{spelling} needs no value"),
                }
            }
        }
        assert_eq!(parse(&["--sample=50"]).unwrap().sample_ms, Some(50));
        assert_eq!(parse(&["--format=pid"]).unwrap().lists.len(), 1);
        let watched = parse(&["--watch=0.5", "--count", "3"]).unwrap();
        assert_eq!(
            watched.watch_interval,
            Some(std::time::Duration::from_millis(500))
        );
        assert_eq!(watched.watch_count, Some(3));
        assert_eq!(parse(&["--match", "-v"]).unwrap().match_patterns, ["-v"]);
    }

    #[test]
    fn letters_outside_the_table_are_rejected() {
        let unix: HashSet<char> = documented().flat_map(|f| f.unix.iter().copied()).collect();
        let bsd: HashSet<char> = documented().flat_map(|f| f.bsd.iter().copied()).collect();
        // A letter that takes a list may still reject "x" as its value.
        let known = |words: &[&str]| match parse(words) {
            Ok(_) => true,
            Err(e) => !["unsupported", "must set personality", "obsolete"]
                .iter()
                .any(|rejection| e.message().contains(rejection)),
        };
        for letter in ('a'..='z').chain('A'..='Z') {
            let accepted = known(&[&format!("-{letter}"), "x"]);
            assert_eq!(accepted, unix.contains(&letter), "UNIX -{letter}");
            let accepted = known(&[&letter.to_string(), "x"]);
            assert_eq!(accepted, bsd.contains(&letter), "BSD {letter}");
        }
        assert!(parse(&["--bogus"]).is_err());
        assert!(parse(&["--Pid", "1"]).is_err());
    }

    #[test]
    fn spellings_are_unique() {
        let mut seen = HashSet::new();
        for flag in PS_FLAGS {
            for spelling in spellings(flag) {
                assert!(seen.insert(spelling.clone()), "{spelling} twice");
            }
        }
        let ids: HashSet<_> = PS_FLAGS.iter().map(|f| f.id).collect();
        assert_eq!(ids.len(), PS_FLAGS.len());
    }
}
