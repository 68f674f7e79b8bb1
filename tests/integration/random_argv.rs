//! The built binary on random command lines: words of ps and of the
//! subcommands, a fixture's PID, an empty directory for `--proc`, random
//! bytes, invalid UTF-8 and NULs. Whatever the words, kps ends with exit 0
//! and output, or exit 1 with at most one line on stderr (none when a
//! selection matched nothing, as ps), and never panics.
//!
//! The case count is small for every `cargo test`; a long run sets
//! `PROPTEST_CASES` (README.md, "Tests").

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use clap::CommandFactory;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;

use crate::common::{Fixture, KPS, wait_for_comm};

/// Stands for the fixture's PID in the words.
const PID: &str = "<PID>";
/// Stands for an empty directory, a /proc with no process in it.
const EMPTY: &str = "<EMPTY>";

/// ps words, in all three syntaxes.
const PS_WORDS: &[&str] = &[
    "-e",
    "-A",
    "-a",
    "-d",
    "-N",
    "-f",
    "-F",
    "-l",
    "-j",
    "-y",
    "-c",
    "-M",
    "-L",
    "-T",
    "-m",
    "-H",
    "-w",
    "-ww",
    "-o",
    "-O",
    "-p",
    "-q",
    "-C",
    "-u",
    "-U",
    "-g",
    "-G",
    "-t",
    "-s",
    "-V",
    "-x",
    "-X",
    "-Z",
    "a",
    "u",
    "x",
    "aux",
    "axjf",
    "o",
    "O",
    "p",
    "q",
    "L",
    "S",
    "c",
    "e",
    "f",
    "h",
    "j",
    "l",
    "m",
    "n",
    "r",
    "s",
    "v",
    "w",
    "H",
    "T",
    "U",
    "V",
    "X",
    "Z",
    "k",
    "t",
    "--sort",
    "--sort=",
    "--pid",
    "--ppid",
    "--sid",
    "--tty",
    "--user",
    "--User",
    "--group",
    "--Group",
    "--forest",
    "--no-headers",
    "--headers",
    "--cols",
    "--columns=",
    "--width",
    "--rows",
    "--lines",
    "--format",
    "--format=",
    "--deselect",
    "--context",
    "--cumulative",
    "--json",
    "--match",
    "--match=",
    "--ignore-case",
    "--proc",
    "--proc=",
    "--color",
    "--color=",
    "--color=always",
    "--info",
    "--help",
    "--version",
    "--quick-pid",
    "-",
    "--",
    "--bogus",
];

/// Values: the fixture, empty /proc, numbers, names, who targets.
const VALUES: &[&str] = &[
    PID,
    PID,
    PID,
    EMPTY,
    EMPTY,
    "1",
    "0",
    "-1",
    "4294967296",
    "99999999999999999999",
    "root",
    "nobody",
    "65534",
    "pts/0",
    "?",
    "sleep",
    "auto",
    "never",
    ":8080",
    "tcp:1",
    "udp:53",
    "127.0.0.1:1",
    "[::1]:1",
    "pipe:[1]",
    "socket:[1]",
    "anon_inode:[eventfd]",
    "/dev/null",
    "./nonexistent",
    "/nonexistent",
    "sl.*p",
    "(",
    "a{99999}",
    "%p %c",
    "%C%z",
    "%q",
    "",
    ",",
    "=",
    "rss,pss",
];

/// The subcommands' names and options, from their clap definitions. Options
/// that make kps run on (`--watch`, `--count`) or walk a whole file system
/// (`who --under`) are left out: the property is about words, not time.
fn subcommand_words() -> Vec<String> {
    let mut words = crate::clap_words::subcommand_words(&kps::cli::Cli::command());
    words.retain(|w| !runs_on(w.as_bytes()));
    words
}

/// A word that asks kps to keep running or to sample over time.
fn runs_on(word: &[u8]) -> bool {
    let word = String::from_utf8_lossy(word);
    ["watch", "count", "sample", "under"]
        .iter()
        .any(|long| word.contains(long))
}

fn format_list() -> impl Strategy<Value = String> {
    let names: Vec<&str> = kps::columns::SPECS.iter().map(|spec| spec.name).collect();
    (
        proptest::collection::vec(
            (
                select(vec!["", "", "-", "+"]),
                select(names),
                select(vec!["", "", "", ":5", ":0", ":99999999999", "=X", "=", ":"]),
            ),
            1..4,
        ),
        select(vec![",", " ", ",,"]),
    )
        .prop_map(|(items, sep)| {
            let items: Vec<String> = items
                .into_iter()
                .map(|(a, b, c)| format!("{a}{b}{c}"))
                .collect();
            items.join(sep)
        })
}

fn word() -> impl Strategy<Value = Vec<u8>> {
    let plain = prop_oneof![
        4 => select(PS_WORDS).prop_map(|w| w.as_bytes().to_vec()),
        3 => select(VALUES).prop_map(|w| w.as_bytes().to_vec()),
        3 => format_list().prop_map(String::into_bytes),
        3 => select(subcommand_words()).prop_map(String::into_bytes),
        1 => proptest::collection::vec(any::<u8>(), 0..8),
    ];
    prop_oneof![
        5 => plain.clone(),
        1 => (plain, any::<prop::sample::Index>(), select(vec![0u8, 0xff, 0xc3, b'\n', 0x1b]))
            .prop_map(|(mut word, at, byte)| {
                let at = at.index(word.len() + 1);
                word.insert(at, byte);
                word
            }),
    ]
}

fn command_line() -> impl Strategy<Value = (Vec<Vec<u8>>, Option<String>)> {
    (
        proptest::collection::vec(word(), 0..6),
        prop_oneof![3 => Just(None), 1 => format_list().prop_map(Some)],
    )
}

/// Runs kps on `words`; a run that takes a minute is a failure of its own.
fn run(words: &[OsString], ps_format: Option<&str>) -> Output {
    let mut cmd = Command::new(KPS);
    cmd.args(words)
        .env_remove("COLUMNS")
        .env_remove("PS_PERSONALITY")
        .env_remove("PS_FORMAT")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(format) = ps_format {
        cmd.env("PS_FORMAT", format);
    }
    let child = cmd.spawn().expect("run kps");
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(output) => output.expect("wait for kps"),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("kps {words:?} still ran after a minute");
        }
    }
}

fn config() -> Config {
    let mut config = Config {
        failure_persistence: None,
        ..Config::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = 40;
    }
    config
}

#[test]
fn proptest_any_argv_ends_in_output_or_one_line() {
    let fixture = Fixture::spawn("sleep", &["3600"]);
    wait_for_comm(fixture.pid, "sleep");
    let pid = fixture.pid_str();
    let empty = std::env::temp_dir().join(format!("kps-empty-proc-{}", std::process::id()));
    std::fs::create_dir_all(&empty).expect("create an empty directory");
    let empty_text = empty.to_string_lossy().into_owned();

    let mut runner = proptest::test_runner::TestRunner::new(config());
    let result = runner.run(&command_line(), |(words, ps_format)| {
        prop_assume!(!words.iter().any(|w| runs_on(w)));
        let words: Vec<OsString> = words
            .into_iter()
            .map(|w| {
                let text = String::from_utf8_lossy(&w);
                match text.as_ref() {
                    PID => OsString::from(&pid),
                    EMPTY => OsString::from(&empty_text),
                    // An argument of exec(2) is a C string: it ends at its
                    // first NUL, which no real argv holds (the in-process
                    // properties give the parser NULs as they are).
                    _ => {
                        OsString::from_vec(w.split(|&b| b == 0).next().unwrap_or_default().to_vec())
                    }
                }
            })
            .collect();
        let output = run(&words, ps_format.as_deref());
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        let seen =
            format!("kps {words:?} (PS_FORMAT={ps_format:?})\nstdout: {stdout}\nstderr: {stderr}");
        prop_assert!(!stderr.contains("panicked"), "{seen}");
        // (Not in stdout: a listing shows other command lines, which may hold the word.)
        let code = output.status.code();
        prop_assert!(
            matches!(code, Some(0 | 1)),
            "status {:?}: {seen}",
            output.status
        );
        // A PS_FORMAT that is ignored is told in a warning line of its own.
        let errors: Vec<&str> = stderr
            .lines()
            .filter(|l| !l.starts_with("warning:"))
            .collect();
        prop_assert!(errors.len() <= 1, "{seen}");
        prop_assert!(errors.iter().all(|l| !l.trim().is_empty()), "{seen}");
        if code == Some(0) {
            prop_assert!(
                !output.stdout.is_empty() || !output.stderr.is_empty(),
                "{seen}"
            );
        }
        Ok(())
    });
    let _ = std::fs::remove_dir(&empty);
    if let Err(e) = result {
        panic!("{e}");
    }
}
