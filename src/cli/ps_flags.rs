//! Every ps option kps accepts, described once: the spellings in each of the
//! three syntaxes, the value it takes and a one-line help.
//!
//! [`super::ps_args`] parses the command line by hand; this table only
//! describes it, for `--help`, the man page and the shell completions. clap
//! cannot parse ps syntax, but the clap [`Command`] built by [`command`] gives
//! clap_mangen and clap_complete what they need to describe it.

use std::io::{self, Write};

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Arg, ArgAction, Command, CommandFactory, ValueHint};

use super::Cli;
use crate::columns;

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
    /// Milliseconds, only as `--option=MS`, and optional.
    OptionalMillis,
    /// `auto`, `always` or `never`, only as `--option=WHEN`, and optional.
    OptionalWhen,
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
            Takes::OptionalMillis => Some("MS"),
            Takes::OptionalWhen => Some("WHEN"),
        }
    }

    /// The value names a list of format specifiers.
    pub fn is_specifier_list(self) -> bool {
        matches!(self, Takes::Format | Takes::Sort)
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

/// One ps option: every spelling that means the same thing.
#[derive(Debug)]
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
    pub help: &'static str,
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
            help,
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

    const fn takes(mut self, takes: Takes) -> PsFlag {
        self.takes = takes;
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

    /// The spellings (long aliases left out) and the value, as `--help`
    /// shows them: `-p, p, --pid PIDLIST`.
    pub fn synopsis(&self) -> String {
        let unix = self.unix.iter().map(|c| format!("-{c}"));
        let bsd = self.bsd.iter().map(char::to_string);
        let long = self.long.first().map(|name| format!("--{name}"));
        let mut text = unix.chain(bsd).chain(long).collect::<Vec<_>>().join(", ");
        match self.takes.value_name() {
            Some(value) if matches!(self.takes, Takes::OptionalMillis | Takes::OptionalWhen) => {
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

use Section::{Format, Lists, Modifiers, Other, Simple, Threads};

/// Every ps option kps accepts, in the order the man page lists them.
pub static PS_FLAGS: &[PsFlag] = &[
    PsFlag::new("every", Simple, "Select every process.")
        .unix(&['e', 'A'])
        .common(),
    PsFlag::new(
        "bsd-all-users",
        Simple,
        "Every user's processes with a terminal; ax: all.",
    )
    .bsd(&['a'])
    .common(),
    PsFlag::new(
        "bsd-no-tty",
        Simple,
        "Your processes, with or without a terminal.",
    )
    .bsd(&['x'])
    .common(),
    PsFlag::new(
        "all-with-tty",
        Simple,
        "Every process with a terminal, except session leaders.",
    )
    .unix(&['a']),
    PsFlag::new(
        "all-but-leaders",
        Simple,
        "Every process except session leaders.",
    )
    .unix(&['d']),
    PsFlag::new("running", Simple, "Only running processes.").bsd(&['r']),
    PsFlag::new("this-terminal", Simple, "Processes on this terminal.").bsd(&['T']),
    PsFlag::new(
        "bsd-group",
        Simple,
        "Accepted for compatibility; always implied.",
    )
    .bsd(&['g']),
    PsFlag::new(
        "deselect",
        Simple,
        "Select the processes that do not match the selection.",
    )
    .unix(&['N'])
    .long(&["deselect"]),
    PsFlag::new("pid", Lists, "Select by process ID.")
        .unix(&['p'])
        .bsd(&['p'])
        .long(&["pid"])
        .takes(Takes::Pids)
        .common(),
    PsFlag::new(
        "quick-pid",
        Lists,
        "Read only these process IDs, in the order given.",
    )
    .unix(&['q'])
    .bsd(&['q'])
    .long(&["quick-pid"])
    .takes(Takes::Pids),
    PsFlag::new("ppid", Lists, "Select by parent process ID.")
        .long(&["ppid"])
        .takes(Takes::Pids)
        .common(),
    PsFlag::new("sid", Lists, "Select by session ID.")
        .unix(&['s'])
        .long(&["sid"])
        .takes(Takes::Sessions),
    PsFlag::new(
        "tty",
        Lists,
        "Select by terminal (pts/3, tty1, ? for none).",
    )
    .unix(&['t'])
    .long(&["tty"])
    .takes(Takes::Terminals),
    PsFlag::new(
        "bsd-tty",
        Lists,
        "Select by terminals (t pts/3); as the last word, this terminal.",
    )
    .bsd(&['t'])
    .takes(Takes::OptionalTerminals),
    PsFlag::new("command", Lists, "Select by command name.")
        .unix(&['C'])
        .takes(Takes::Commands)
        .common(),
    PsFlag::new("user", Lists, "Select by effective user (name or ID).")
        .unix(&['u'])
        .bsd(&['U'])
        .long(&["user"])
        .takes(Takes::Users)
        .common(),
    PsFlag::new("real-user", Lists, "Select by real user (name or ID).")
        .unix(&['U'])
        .long(&["User"])
        .takes(Takes::Users),
    PsFlag::new("group", Lists, "Select by effective group (name or ID).")
        .long(&["group"])
        .takes(Takes::Groups),
    PsFlag::new(
        "session-or-group",
        Lists,
        "Select by session ID, or by effective group if names.",
    )
    .unix(&['g'])
    .takes(Takes::Groups),
    PsFlag::new("real-group", Lists, "Select by real group (name or ID).")
        .unix(&['G'])
        .long(&["Group"])
        .takes(Takes::Groups),
    PsFlag::new(
        "format",
        Format,
        "Show these columns (see FORMAT SPECIFIERS).",
    )
    .unix(&['o'])
    .bsd(&['o'])
    .long(&["format"])
    .takes(Takes::Format)
    .common(),
    PsFlag::new(
        "preloaded-format",
        Format,
        "Show these columns after PID, then the default ones.",
    )
    .unix(&['O'])
    .bsd(&['O'])
    .takes(Takes::Format),
    PsFlag::new(
        "full",
        Format,
        "Full format: UID PID PPID C STIME TTY TIME CMD.",
    )
    .unix(&['f'])
    .common(),
    PsFlag::new(
        "extra-full",
        Format,
        "Extra full format: -f with SZ RSS PSR.",
    )
    .unix(&['F']),
    PsFlag::new(
        "long-format",
        Format,
        "Long format: F S UID PID PPID ... WCHAN.",
    )
    .unix(&['l']),
    PsFlag::new("jobs", Format, "Jobs format: PID PGID SID TTY TIME CMD.").unix(&['j']),
    PsFlag::new(
        "bsd-user",
        Format,
        "User-oriented format: USER PID %CPU %MEM VSZ RSS ...",
    )
    .bsd(&['u'])
    .common(),
    PsFlag::new(
        "bsd-jobs",
        Format,
        "Job control format: PPID PID PGID SID ...",
    )
    .bsd(&['j']),
    PsFlag::new(
        "bsd-long",
        Format,
        "Long format: F UID PID PPID PRI NI VSZ RSS ...",
    )
    .bsd(&['l']),
    PsFlag::new(
        "bsd-virtual",
        Format,
        "Virtual memory format: MAJFL TRS DRS RSS ...",
    )
    .bsd(&['v']),
    PsFlag::new(
        "bsd-signal",
        Format,
        "Signal format: PENDING BLOCKED IGNORED CAUGHT.",
    )
    .bsd(&['s']),
    PsFlag::new("bsd-registers", Format, "Register format: STACKP ESP EIP.").bsd(&['X']),
    PsFlag::new(
        "sched-class",
        Format,
        "Scheduling class columns with -l and -f.",
    )
    .unix(&['c']),
    PsFlag::new(
        "long-rss",
        Format,
        "With -l: RSS instead of ADDR, no F column.",
    )
    .unix(&['y']),
    PsFlag::new("security-label", Format, "Add a security label column.")
        .unix(&['M', 'Z'])
        .bsd(&['Z']),
    PsFlag::new("processor", Format, "Add the processor (PSR) column.").unix(&['P']),
    PsFlag::new(
        "context",
        Format,
        "Security context format: PID CONTEXT COMMAND.",
    )
    .long(&["context"]),
    PsFlag::new(
        "sort",
        Modifiers,
        "Sort by these specifiers; -name for descending.",
    )
    .bsd(&['k'])
    .long(&["sort"])
    .takes(Takes::Sort)
    .common(),
    PsFlag::new(
        "forest",
        Modifiers,
        "Draw the process hierarchy as ASCII art.",
    )
    .unix(&['H'])
    .bsd(&['f'])
    .long(&["forest"])
    .common(),
    PsFlag::new("no-headers", Modifiers, "Print no header line.")
        .bsd(&['h'])
        .long(&[
            "no-headers",
            "no-header",
            "no-heading",
            "no-headings",
            "noheader",
            "noheaders",
            "noheading",
            "noheadings",
        ])
        .common(),
    PsFlag::new(
        "headers",
        Modifiers,
        "Repeat the header line on every screen.",
    )
    .long(&["headers", "header", "heading", "headings"]),
    PsFlag::new("wide", Modifiers, "Wide output; twice for unlimited width.")
        .unix(&['w'])
        .bsd(&['w'])
        .repeats()
        .common(),
    PsFlag::new("cols", Modifiers, "Cut lines at this many columns.")
        .long(&["cols", "columns", "width"])
        .takes(Takes::Number),
    PsFlag::new("rows", Modifiers, "Rows per screen, for --headers.")
        .long(&["lines", "rows"])
        .takes(Takes::Number),
    PsFlag::new(
        "command-name",
        Modifiers,
        "Show the executable name instead of the command line.",
    )
    .bsd(&['c']),
    PsFlag::new(
        "environment",
        Modifiers,
        "Show the environment after the command.",
    )
    .bsd(&['e']),
    PsFlag::new("numeric", Modifiers, "Show user and group IDs as numbers.").bsd(&['n']),
    PsFlag::new(
        "cumulative",
        Modifiers,
        "Add the CPU time of waited-for children.",
    )
    .bsd(&['S'])
    .long(&["cumulative"]),
    PsFlag::new(
        "json",
        Modifiers,
        "Print JSON instead of a table (see JSON OUTPUT).",
    )
    .long(&["json"])
    .common(),
    PsFlag::new(
        "sample",
        Modifiers,
        "Measure %CPU over MS milliseconds (200 by default).",
    )
    .long(&["sample"])
    .takes(Takes::OptionalMillis),
    PsFlag::new(
        "color",
        Modifiers,
        "Colour the state column: auto (on a terminal), always or never; plain unless given.",
    )
    .long(&["color"])
    .takes(Takes::OptionalWhen),
    PsFlag::new("lwp", Threads, "Show threads, with LWP and NLWP columns.")
        .unix(&['L'])
        .common(),
    PsFlag::new("spid", Threads, "Show threads, with an SPID column.").unix(&['T']),
    PsFlag::new(
        "threads-as-processes",
        Threads,
        "Show threads as if they were processes.",
    )
    .bsd(&['H']),
    PsFlag::new(
        "threads-after",
        Threads,
        "Show threads after their process.",
    )
    .unix(&['m'])
    .bsd(&['m', 'M']),
    PsFlag::new("help", Other, "Print a short help and exit.")
        .long(&["help", "usage"])
        .common(),
    PsFlag::new("version", Other, "Print the version and exit.")
        .unix(&['V'])
        .bsd(&['V'])
        .long(&["version"]),
    PsFlag::new(
        "info",
        Other,
        "Print debugging information (the version) on standard error and exit.",
    )
    .long(&["info"]),
    PsFlag::new(
        "list-specifiers",
        Other,
        "List the format specifiers and exit.",
    )
    .bsd(&['L']),
];

/// The id of the argument that stands for the BSD option letters.
pub const BSD_ARG_ID: &str = "bsd-options";

/// Every format specifier name, for completing `-o` and `--sort`.
fn specifier_names() -> impl Iterator<Item = &'static str> {
    columns::SPECS.iter().map(|spec| spec.name)
}

/// kps' whole command line as a clap [`Command`], for help, the man page and
/// the completions only: the subcommands as clap parses them, and the ps
/// options described by [`PS_FLAGS`].
///
/// A dashed option becomes a clap option; the BSD letters, which clap cannot
/// express, become the possible values of one positional argument.
pub fn command() -> Command {
    dashed_command().arg(bsd_arg())
}

/// [`command`] without the BSD letters, for a completion generator that
/// cannot combine subcommands with a positional argument.
pub fn dashed_command() -> Command {
    let cmd = Cli::command()
        .subcommand_required(false)
        .arg_required_else_help(false)
        .disable_help_flag(true)
        .disable_version_flag(true);
    PS_FLAGS
        .iter()
        .filter(|flag| !flag.unix.is_empty() || !flag.long.is_empty())
        .fold(cmd, |cmd, flag| cmd.arg(dashed_arg(flag)))
}

fn dashed_arg(flag: &PsFlag) -> Arg {
    let mut arg = Arg::new(flag.id)
        .help(with_other_spellings(flag))
        .help_heading(flag.section.heading());
    if let Some((first, rest)) = flag.unix.split_first() {
        arg = arg
            .short(*first)
            .visible_short_aliases(rest.iter().copied());
    }
    if let Some((first, rest)) = flag.long.split_first() {
        arg = arg.long(*first).visible_aliases(rest.iter().copied());
    }
    let Some(value_name) = flag.takes.value_name() else {
        let action = if flag.repeats {
            ArgAction::Count
        } else {
            ArgAction::SetTrue
        };
        return arg.action(action);
    };
    arg = arg.action(ArgAction::Set).value_name(value_name);
    if matches!(flag.takes, Takes::OptionalMillis | Takes::OptionalWhen) {
        arg = arg.num_args(0..=1).require_equals(true);
    }
    match flag.takes {
        Takes::OptionalWhen => arg.value_parser(["auto", "always", "never"]),
        Takes::Format | Takes::Sort => arg
            .value_parser(PossibleValuesParser::new(specifier_names()))
            .hide_possible_values(true),
        Takes::Users => arg.value_hint(ValueHint::Username),
        Takes::Commands => arg.value_hint(ValueHint::CommandName),
        _ => arg.value_hint(ValueHint::Other),
    }
}

/// The help, followed by the spellings the clap option itself does not show.
fn with_other_spellings(flag: &PsFlag) -> String {
    let mut others: Vec<String> = flag.unix.iter().skip(1).map(|c| format!("-{c}")).collect();
    others.extend(flag.bsd.iter().map(|c| format!("BSD {c}")));
    others.extend(flag.long.iter().skip(1).map(|name| format!("--{name}")));
    if others.is_empty() {
        flag.help.to_string()
    } else {
        format!("{} Also {}.", flag.help, others.join(", "))
    }
}

fn bsd_arg() -> Arg {
    let letters = PS_FLAGS.iter().flat_map(|flag| {
        flag.bsd.iter().map(move |letter| {
            let help = match flag.takes.value_name() {
                Some(value) => format!("{} {value} follows.", flag.help),
                None => flag.help.to_string(),
            };
            PossibleValue::new(letter.to_string()).help(help)
        })
    });
    Arg::new(BSD_ARG_ID)
        .value_name("BSD-OPTIONS")
        .help(
            "BSD options: letters without a dash, grouped as in aux. A letter that takes a \
             value takes the rest of the word or the next word (axo pid,comm). A number is \
             a process ID.",
        )
        .help_heading("BSD options")
        .num_args(1..)
        .action(ArgAction::Append)
        .value_parser(PossibleValuesParser::new(letters))
}

/// Writes the help `kps --help` prints: one screen, the rest is in kps(1).
pub fn print_help(out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        "kps {}: a process inspector for Linux, with the options of ps",
        env!("CARGO_PKG_VERSION")
    )?;
    writeln!(out)?;
    writeln!(out, "Usage:")?;
    writeln!(
        out,
        "  kps [OPTIONS]         list processes, with ps options in any syntax:"
    )?;
    writeln!(
        out,
        "                        kps aux, kps -ef, kps -eo pid,comm --sort=-rss"
    )?;
    writeln!(out, "  kps COMMAND [ARGS]    a view ps does not have")?;
    let cli = Cli::command();
    let subcommands: Vec<_> = cli.get_subcommands().filter(|c| !c.is_hide_set()).collect();
    if !subcommands.is_empty() {
        writeln!(out)?;
        writeln!(out, "Commands:")?;
        for sub in subcommands {
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            writeln!(out, "  {:<10}  {about}", sub.get_name())?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "Options used most (UNIX -x, BSD x, GNU --x; mix freely):"
    )?;
    let common: Vec<_> = PS_FLAGS.iter().filter(|flag| flag.common).collect();
    let width = common.iter().map(|f| f.synopsis().len()).max().unwrap_or(0);
    for flag in common {
        writeln!(out, "  {:<width$}  {}", flag.synopsis(), flag.help)?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "'kps COMMAND --help' describes a command; kps(1) describes every option,"
    )?;
    writeln!(
        out,
        "format specifier, the JSON output and the exit status."
    )
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::ffi::OsString;

    use super::*;
    use crate::cli::ps_args::{self, PsArgs};

    fn parse(words: &[&str]) -> crate::error::Result<PsArgs> {
        let words: Vec<OsString> = words.iter().map(OsString::from).collect();
        ps_args::parse(
            &words,
            ps_args::Mode::Standard,
            &crate::cli::personality::Personality::default(),
        )
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
            Takes::Nothing | Takes::OptionalMillis | Takes::OptionalWhen => "",
            Takes::Pids | Takes::Sessions => "1",
            Takes::Users | Takes::Groups => "root",
            Takes::Terminals | Takes::OptionalTerminals => "?",
            Takes::Commands => "init",
            Takes::Format => "pid,comm",
            Takes::Sort => "-rss",
            Takes::Number => "80",
        }
    }

    #[test]
    fn every_spelling_parses_with_its_value() {
        for flag in PS_FLAGS {
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
        for flag in PS_FLAGS {
            for spelling in spellings(flag) {
                let exclusive = ["version", "info", "list-specifiers"].contains(&flag.id);
                match flag.takes {
                    // Only ever alone: any second word is an error.
                    Takes::Nothing if exclusive => {
                        assert!(parse(&[&spelling]).is_ok(), "{spelling} alone");
                        assert!(parse(&[&spelling, "--json"]).is_err(), "{spelling} --json");
                    }
                    Takes::Nothing | Takes::OptionalMillis | Takes::OptionalWhen => {
                        let args = parse(&[&spelling, "--json"]).unwrap();
                        assert!(args.json, "{spelling} took the next word as its value");
                    }
                    // Any next word is its value; last of all, it stands alone.
                    Takes::OptionalTerminals => {
                        assert!(parse(&[&spelling]).is_ok(), "{spelling} alone");
                        assert!(parse(&[&spelling, "--json"]).is_err(), "{spelling} --json");
                    }
                    _ => assert!(parse(&[&spelling]).is_err(), "{spelling} needs no value"),
                }
            }
        }
        assert_eq!(parse(&["--sample=50"]).unwrap().sample_ms, Some(50));
        assert_eq!(parse(&["--format=pid"]).unwrap().lists.len(), 1);
    }

    #[test]
    fn letters_outside_the_table_are_rejected() {
        let unix: HashSet<char> = PS_FLAGS
            .iter()
            .flat_map(|f| f.unix.iter().copied())
            .collect();
        let bsd: HashSet<char> = PS_FLAGS
            .iter()
            .flat_map(|f| f.bsd.iter().copied())
            .collect();
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

    #[test]
    fn the_documentation_command_is_valid() {
        command().debug_assert();
    }

    #[test]
    fn help_fits_a_screen() {
        let mut text = Vec::new();
        print_help(&mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(text.lines().count() < 60, "{text}");
        assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
        assert!(text.contains("kps(1)"));
    }
}
