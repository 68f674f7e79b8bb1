//! Property tests: whatever the command line, parsing and resolution end in
//! a value or in one line of error, never in a panic.
//!
//! The words are drawn from the real vocabulary (every spelling in the ps
//! option table, every format specifier, the AIX descriptors, the
//! subcommands' clap arguments, `who` targets, regular expressions) and
//! mixed with random bytes, invalid UTF-8 and NULs. The case count is
//! small enough for every `cargo test`; a long run sets `PROPTEST_CASES`
//! (see README.md, "Tests").

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;

use clap::CommandFactory;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;

use crate::cli::personality::{NAMES, Personality};
use crate::cli::ps_flags::PS_FLAGS;
use crate::cli::{self, Cli, Invocation};
use crate::columns::SPECS;
use crate::error::Error;
use crate::ps::{self, SystemFacts};

/// `cases` unless `PROPTEST_CASES` asks for another count; no files of
/// failures are written (a failure found becomes a unit test by hand).
pub(crate) fn config(cases: u32) -> Config {
    let mut config = Config {
        failure_persistence: None,
        ..Config::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = cases;
    }
    config
}

/// Every spelling of every ps option: `-e`, `e`, `--sort`, `--sort=`.
fn option_words() -> Vec<String> {
    let mut words = Vec::new();
    for flag in PS_FLAGS {
        words.extend(flag.unix.iter().map(|c| format!("-{c}")));
        words.extend(flag.bsd.iter().map(char::to_string));
        for long in flag.long {
            words.push(format!("--{long}"));
            words.push(format!("--{long}="));
        }
    }
    words
}

/// Option letters, for clusters such as `-efL` or `auxww`.
fn option_letters() -> Vec<char> {
    let mut letters: Vec<char> = PS_FLAGS
        .iter()
        .flat_map(|flag| flag.unix.iter().chain(flag.bsd))
        .copied()
        .collect();
    letters.sort_unstable();
    letters.dedup();
    letters
}

fn spec_names() -> Vec<&'static str> {
    SPECS.iter().map(|spec| spec.name).collect()
}

/// The subcommands' names and the spellings of their arguments, read as
/// the integration tests read them.
#[path = "../tests/integration/clap_words.rs"]
mod clap_words;

fn subcommand_words() -> Vec<String> {
    clap_words::subcommand_words(&Cli::command())
}

/// Values an option may take, plausible or nearly so.
const VALUES: &[&str] = &[
    "1",
    "0",
    "-1",
    "+1",
    "4294967296",
    "18446744073709551616",
    "99999999999999999999999",
    "1,2,,3",
    "0x10",
    "010",
    " 5",
    "root",
    "nobody",
    "65534",
    "root,nobody",
    "pts/0",
    "tty1",
    "?",
    "-",
    "console",
    "sleep",
    "auto",
    "always",
    "never",
    "/proc",
    "/nonexistent",
    ".",
    "0.1",
    "1e9",
    "nan",
    "inf",
    ":8080",
    "tcp:22",
    "udp:53",
    "127.0.0.1:80",
    "[::1]:8080",
    "[::1",
    "localhost:65536",
    "*:0",
    "pipe:[123]",
    "pipe:[",
    "socket:[18446744073709551616]",
    "anon_inode:[eventfd]",
    "anon_inode:",
    "rss,pss",
    "cpu,rss,pss,uss",
    "",
    ",",
    "%",
    "=",
    ":",
];

/// Regular-expression material, valid and not.
const PATTERN_PIECES: &[&str] = &[
    "a",
    "sl",
    "S",
    ".",
    "*",
    "+",
    "?",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "{2,}",
    "{99999}",
    "|",
    "^",
    "$",
    "\\",
    "\\d",
    "\\p{L}",
    "(?i)",
    "(?-u)",
    "é",
    "[[:alpha:]]",
    "\\x{110000}",
];

/// AIX descriptors, known and not.
const AIX_LETTERS: &[char] = &[
    'C', 'G', 'P', 'U', 'a', 'c', 'g', 'n', 'p', 'r', 't', 'u', 'x', 'y', 'z', 'q', '%', ' ',
];

fn bytes(text: impl Into<String>) -> Vec<u8> {
    text.into().into_bytes()
}

/// One item of a format or sort list: `[+-]spec[:width][=header]`.
fn list_item() -> impl Strategy<Value = String> {
    (
        select(vec!["", "", "+", "-"]),
        select(spec_names()),
        prop_oneof![
            3 => Just(String::new()),
            1 => "[0-9]{1,12}".prop_map(|w| format!(":{w}")),
            1 => Just(":".to_string()),
        ],
        prop_oneof![
            3 => Just(String::new()),
            1 => "[A-Za-z%= :]{0,6}".prop_map(|h| format!("={h}")),
        ],
    )
        .prop_map(|(sign, name, width, header)| format!("{sign}{name}{width}{header}"))
}

/// A format or sort list: items joined by commas or blanks.
fn format_list() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(list_item(), 1..5),
        select(vec![",", ",", " ", ",,", "\t"]),
        select(vec!["", "", ",", " "]),
    )
        .prop_map(|(items, sep, end)| items.join(sep) + end)
}

/// An AIX format: `%p %U %c`, with text around.
fn aix_format() -> impl Strategy<Value = String> {
    (
        "[A-Za-z ]{0,3}",
        proptest::collection::vec(
            (select(AIX_LETTERS), select(vec![" ", "", "  ", "x"])),
            1..5,
        ),
    )
        .prop_map(|(lead, items)| {
            let mut text = lead;
            for (letter, gap) in items {
                text.push('%');
                text.push(letter);
                text.push_str(gap);
            }
            text
        })
}

fn pattern() -> impl Strategy<Value = String> {
    proptest::collection::vec(select(PATTERN_PIECES), 0..6).prop_map(|pieces| pieces.concat())
}

/// A word with a byte put in: NUL, a byte that is never UTF-8, a newline,
/// an escape, or any byte.
fn mutated(word: impl Strategy<Value = Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    (
        word,
        any::<prop::sample::Index>(),
        prop_oneof![
            Just(0u8),
            Just(0xff),
            Just(0x80),
            Just(b'\n'),
            Just(0x1b),
            any::<u8>()
        ],
    )
        .prop_map(|(mut word, at, byte)| {
            let at = at.index(word.len() + 1);
            word.insert(at, byte);
            word
        })
}

/// One word of a ps command line.
fn plain_word() -> impl Strategy<Value = Vec<u8>> {
    let letters = option_letters();
    prop_oneof![
        4 => select(option_words()).prop_map(bytes),
        2 => select(VALUES).prop_map(bytes),
        3 => format_list().prop_map(bytes),
        1 => aix_format().prop_map(bytes),
        1 => pattern().prop_map(bytes),
        2 => (select(vec!["", "-", "--"]), proptest::collection::vec(select(letters), 1..5))
            .prop_map(|(dash, letters)| bytes(format!("{dash}{}", String::from_iter(letters)))),
        1 => (select(option_words()), format_list())
            .prop_map(|(option, value)| bytes(format!("{option}{value}"))),
        1 => "[0-9]{1,25}".prop_map(bytes),
        1 => proptest::collection::vec(any::<u8>(), 0..12),
    ]
}

fn ps_word() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => plain_word(),
        1 => mutated(plain_word()),
    ]
}

/// One word after a subcommand's name.
fn subcommand_word() -> impl Strategy<Value = Vec<u8>> {
    let plain = prop_oneof![
        4 => select(subcommand_words()).prop_map(bytes),
        3 => select(VALUES).prop_map(bytes),
        2 => format_list().prop_map(bytes),
        1 => pattern().prop_map(bytes),
        1 => (select(subcommand_words()), select(VALUES))
            .prop_map(|(option, value)| bytes(format!("{option}{value}"))),
        1 => proptest::collection::vec(any::<u8>(), 0..12),
    ];
    prop_oneof![4 => plain.clone(), 1 => mutated(plain)]
}

fn program() -> impl Strategy<Value = Vec<u8>> {
    select(vec!["kps", "kps", "kps", "/usr/bin/ps", "ps"]).prop_map(bytes)
}

fn argv_of(program: Vec<u8>, words: Vec<Vec<u8>>) -> Vec<OsString> {
    std::iter::once(program)
        .chain(words)
        .map(OsString::from_vec)
        .collect()
}

/// A ps command line, or a subcommand's.
fn argv() -> impl Strategy<Value = Vec<OsString>> {
    let names: Vec<String> = cli::subcommand_names();
    prop_oneof![
        3 => (program(), proptest::collection::vec(ps_word(), 0..7)).prop_map(|(p, w)| argv_of(p, w)),
        2 => (select(names), proptest::collection::vec(subcommand_word(), 0..6))
            .prop_map(|(name, words)| {
                let words = std::iter::once(bytes(name)).chain(words).collect();
                argv_of(bytes("kps"), words)
            }),
    ]
}

/// Text for `PS_FORMAT`: as the environment holds it, UTF-8 or absent.
fn ps_format() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        2 => Just(None),
        2 => format_list().prop_map(Some),
        1 => aix_format().prop_map(Some),
        1 => mutated(format_list().prop_map(bytes))
            .prop_map(|b| Some(String::from_utf8_lossy(&b).into_owned())),
        1 => select(vec!["u", "v", "j", "s", "l", "f", "bogus", "%", ","])
            .prop_map(|s| Some(s.to_string())),
    ]
}

fn size() -> impl Strategy<Value = Option<usize>> {
    prop_oneof![
        2 => Just(None),
        2 => (0usize..300).prop_map(Some),
        1 => Just(Some(usize::MAX)),
        1 => any::<usize>().prop_map(Some),
    ]
}

fn facts() -> impl Strategy<Value = SystemFacts> {
    let personalities: Vec<Personality> = NAMES.iter().map(|(_, p)| *p).collect();
    (
        (
            any::<u32>(),
            any::<i32>(),
            select(personalities),
            ps_format(),
        ),
        (size(), size(), any::<bool>()),
        (
            proptest::option::of((0usize..70000, 0usize..70000)),
            any::<bool>(),
            1usize..=10,
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (own_euid, own_tty, personality, ps_format),
                (columns, lines, stdout_is_terminal),
                (window, no_color, pid_max_digits, hide_kernel),
            )| SystemFacts {
                own_euid,
                own_tty,
                personality,
                ps_format,
                columns,
                lines,
                stdout_is_terminal,
                window,
                no_color,
                pid_max_digits,
                hide_kernel,
            },
        )
}

/// What kps prints on stderr for `e`: `kps: ` and the escaped message.
/// It must be one line, and say something. `argv` is every text the message
/// may quote (the words, `PS_FORMAT`).
fn one_line(e: &Error, argv: &[OsString]) -> std::result::Result<(), TestCaseError> {
    if e.is_quiet_success() {
        return Ok(());
    }
    let printed = crate::render::escape::escaped(e.message().as_bytes());
    prop_assert!(!printed.trim().is_empty(), "empty message for {argv:?}");
    prop_assert!(!printed.contains(['\n', '\r']), "{printed:?} for {argv:?}");
    // A line break in the message itself may only be one quoted from the input.
    let quoted = argv.iter().any(|w| w.as_encoded_bytes().contains(&b'\n'));
    prop_assert!(
        quoted || !e.message().contains('\n'),
        "{:?} for {argv:?}",
        e.message()
    );
    Ok(())
}

/// Parses `argv` and resolves a listing, as `kps::run` does before reading
/// /proc; every failure and warning must be one line.
fn parse_and_resolve(
    argv: Vec<OsString>,
    facts: &SystemFacts,
) -> std::result::Result<(), TestCaseError> {
    let parsed = cli::parse(argv.clone(), &facts.personality);
    let argv: Vec<OsString> = argv
        .into_iter()
        .chain(facts.ps_format.iter().map(OsString::from))
        .collect();
    match parsed {
        Err(e) => one_line(&e, &argv)?,
        Ok(Invocation::Ps(readings)) => {
            let mut warnings = Vec::new();
            let resolved = ps::resolve(readings, facts, &mut warnings);
            for warning in &warnings {
                one_line(&Error::new(warning.clone()), &argv)?;
            }
            if let Err(e) = resolved {
                one_line(&e, &argv)?;
            }
        }
        Ok(_) => {}
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1000))]

    /// Any argv: a listing, a subcommand, help, or one line of error.
    #[test]
    fn proptest_any_command_line_parses_and_resolves(argv in argv(), facts in facts()) {
        parse_and_resolve(argv, &facts)?;
    }

    /// Every word is read as a ps option under every personality: the words
    /// that only some personalities accept are met too.
    #[test]
    fn proptest_ps_words_under_each_personality(
        words in proptest::collection::vec(ps_word(), 1..5),
        facts in facts(),
    ) {
        parse_and_resolve(argv_of(bytes("kps"), words), &facts)?;
    }
}

proptest! {
    #![proptest_config(config(500))]

    /// The parsers the subcommands run after clap: `who` targets, patterns,
    /// `--watch` intervals and counts, format lists.
    #[test]
    fn proptest_value_parsers(
        word in prop_oneof![
            select(VALUES).prop_map(str::to_string),
            format_list(),
            aix_format(),
            pattern(),
            "\\PC{0,12}",
            mutated(format_list().prop_map(bytes))
                .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        ],
        ignore_case in any::<bool>(),
        digits in 1usize..=10,
    ) {
        let _ = cli::who_args::parse_target(&word);
        let _ = cli::watch_args::parse_interval(&word);
        let _ = cli::watch_args::parse_count(&word);
        if let Err(e) = ps::matcher::Pattern::new(&word, ignore_case) {
            one_line(&e, &[OsString::from(&word)])?;
        }
        if let Err(e) = ps::parse_format(&word, digits) {
            one_line(&e, &[OsString::from(&word)])?;
        }
    }
}

#[test]
fn help_of_a_subcommand_is_an_invocation_not_output() {
    let argv = ["kps", "tree", "--help"].map(OsString::from).to_vec();
    assert!(matches!(
        cli::parse(argv, &Personality::default()),
        Ok(Invocation::SubHelp(_))
    ));
}
