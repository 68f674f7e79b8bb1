//! One colour scheme for every view: the header, the states worth a glance,
//! high %CPU and %MEM and the caller's own processes get the same SGR codes in
//! a listing, a tree, `show`, `fds`, `env`, `who` and under `--watch`;
//! `--color` and NO_COLOR are honoured everywhere, listings are plain unless
//! asked, and colour moves no column.

use std::os::unix::fs::MetadataExt;
use std::process::{Command, Output, Stdio};

use crate::common::*;

/// The palette's codes, as a terminal receives them.
const HEADER: &str = "1";
const RUNNING: &str = "32";
const STUCK: &str = "31";
const STOPPED: &str = "33";
const OWN: &str = "36";
const HIGH: &str = "1;35";

/// The styled pieces of `text`: each SGR code with the text it styles, up to
/// the next reset. Other control sequences (cursor moves) are passed over.
fn spans(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some((code, after)) = next_sgr(rest) {
        rest = after;
        if code == "0" || code.is_empty() {
            continue;
        }
        let end = rest.find("\x1b[0m").unwrap_or(rest.len());
        found.push((code.to_string(), rest[..end].to_string()));
    }
    found
}

/// The next SGR sequence's parameters and the text after it.
fn next_sgr(text: &str) -> Option<(&str, &str)> {
    let mut rest = text;
    loop {
        let start = rest.find("\x1b[")?;
        let after = &rest[start + 2..];
        let params = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';' || c == '?'))
            .unwrap_or(after.len());
        let last = after[params..].chars().next()?;
        let next = &after[params + last.len_utf8()..];
        if last == 'm' {
            return Some((&after[..params], next));
        }
        rest = next;
    }
}

/// Whether any SGR sequence other than a reset is in `text`.
fn has_style(text: &str) -> bool {
    !spans(text).is_empty()
}

fn run_kps(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(KPS)
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run kps")
}

fn coloured(args: &[&str]) -> String {
    let output = run_kps(&[args, &["--color=always"]].concat(), &[]);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    stdout(&output)
}

/// `kps ARGS` on a pseudo-terminal 200 columns wide, NO_COLOR only as
/// `env` sets it.
fn on_a_terminal(args: &[&str], env: &[(&str, &str)]) -> String {
    kps_on_a_pty("cols 200", args, env)
}

/// The code that styles the piece of `text` for which `is` holds.
fn code_of(text: &str, is: impl Fn(&str) -> bool) -> Option<String> {
    spans(text)
        .into_iter()
        .find(|(_, styled)| is(styled))
        .map(|(code, _)| code)
}

fn own_user() -> String {
    let uid = std::fs::metadata("/proc/self")
        .expect("stat /proc/self")
        .uid();
    user_name(uid)
}

/// A busy shell loop: always running or about to.
fn busy_loop() -> Fixture {
    let fixture = Fixture::shell("while :; do :; done");
    fixture.wait_for_state(fixture.pid, 'R');
    fixture
}

/// The processes every view is asked about: stopped, a zombie and its
/// parent, another user's, and (where `busy`) a running one.
struct Processes {
    /// A file only `holder` has open, for `who`.
    held: std::path::PathBuf,
    holder: Fixture,
    stopped: Fixture,
    zombie_parent: Fixture,
    zombie: i32,
    nobody: Fixture,
    busy: Option<Fixture>,
}

static HELD: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl Drop for Processes {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.held);
    }
}

impl Processes {
    fn new(busy: bool) -> Processes {
        let (zombie_parent, zombie) = Fixture::zombie_parent("3600");
        let held = std::env::temp_dir().join(format!(
            "kps-colour-{}-{}",
            std::process::id(),
            HELD.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        std::fs::write(&held, "held\n").expect("write the held file");
        let holder = Fixture::shell(&format!("exec sleep 3600 < '{}'", held.display()));
        wait_for_comm(holder.pid, "sleep");
        Processes {
            held,
            holder,
            stopped: Fixture::stopped_sleeper("3600"),
            zombie_parent,
            zombie,
            nobody: Fixture::nobody_sleeper("3600"),
            busy: busy.then(busy_loop),
        }
    }

    fn pids(&self) -> Vec<String> {
        let mut pids = vec![
            self.stopped.pid_str(),
            self.zombie_parent.pid_str(),
            self.zombie.to_string(),
            self.nobody.pid_str(),
        ];
        pids.extend(self.busy.as_ref().map(Fixture::pid_str));
        pids
    }
}

const COLUMNS: &str = "pid,user,stat,%cpu,%mem,comm";

/// The line of a ps-style table whose first word is `pid`.
fn row<'a>(text: &'a str, pid: &str) -> &'a str {
    text.lines()
        .find(|line| without_colour(line).split_whitespace().next() == Some(pid))
        .unwrap_or_else(|| panic!("no row for {pid} in {text:?}"))
}

/// Checks a listing-style table (a ps listing, a tree under -o): the header
/// line in the header style, states by the palette, %CPU and %MEM styled
/// when high, and the user of the caller's own processes.
fn check_table(view: &str, text: &str, processes: &Processes) -> Vec<(&'static str, String)> {
    let mut seen = Vec::new();
    let header = text.lines().next().unwrap_or_default();
    assert_eq!(
        spans(header),
        [(HEADER.to_string(), without_colour(header))],
        "{view}: header {header:?}"
    );
    seen.push(("header", HEADER.to_string()));
    let state_code = |pid: String| code_of(row(text, &pid), |s| s.starts_with(['R', 'Z', 'T']));
    let stopped = state_code(processes.stopped.pid_str());
    let zombie = state_code(processes.zombie.to_string());
    assert_eq!(stopped.as_deref(), Some(STOPPED), "{view}: {text:?}");
    assert_eq!(zombie.as_deref(), Some(STUCK), "{view}: {text:?}");
    seen.push(("stopped", STOPPED.to_string()));
    seen.push(("stuck", STUCK.to_string()));
    if let Some(busy) = &processes.busy {
        let running = state_code(busy.pid_str());
        assert_eq!(running.as_deref(), Some(RUNNING), "{view}: {text:?}");
        seen.push(("running", RUNNING.to_string()));
    }
    let own = own_user();
    let mine = code_of(row(text, &processes.stopped.pid_str()), |s| s == own);
    assert_eq!(mine.as_deref(), Some(OWN), "{view}: {text:?}");
    seen.push(("own", OWN.to_string()));
    let theirs = row(text, &processes.nobody.pid_str());
    assert!(
        !spans(theirs).iter().any(|(_, s)| s.contains("nobody")),
        "{view}: {theirs:?}"
    );
    // %CPU and %MEM (the 4th and 5th words) are styled exactly when high.
    for line in text.lines().skip(1) {
        let words: Vec<String> = without_colour(line)
            .split_whitespace()
            .map(str::to_owned)
            .collect();
        for (index, high) in [(3, 50.0), (4, 10.0)] {
            let Some(value) = words.get(index).and_then(|w| w.parse::<f64>().ok()) else {
                continue;
            };
            let styled = code_of(line, |s| s.trim() == words[index]);
            let expected = (value >= high).then(|| HIGH.to_string());
            assert_eq!(styled, expected, "{view}: {line:?}");
        }
    }
    seen
}

#[test]
fn every_view_styles_the_same_kinds_alike() {
    let processes = Processes::new(true);
    let pids = processes.pids();
    let list = pids.join(",");
    let mut codes: Vec<(String, &'static str, String)> = Vec::new();
    let mut note = |view: &str, seen: Vec<(&'static str, String)>| {
        codes.extend(
            seen.into_iter()
                .map(|(kind, code)| (view.to_string(), kind, code)),
        );
    };

    let listing = coloured(&["-o", COLUMNS, "-p", &list]);
    note("listing", check_table("listing", &listing, &processes));

    let tree_args: Vec<&str> = ["tree", "-o", COLUMNS]
        .into_iter()
        .chain(pids.iter().map(String::as_str))
        .collect();
    let table = coloured(&tree_args);
    note("tree -o", check_table("tree -o", &table, &processes));

    // A plain tree has no state column: the name carries the state's style.
    let tree_args: Vec<&str> = std::iter::once("tree")
        .chain(pids.iter().map(String::as_str))
        .collect();
    let tree = coloured(&tree_args);
    let line_of = |pid: String| {
        tree.lines()
            .find(|line| {
                without_colour(line)
                    .split(|c: char| !c.is_ascii_digit())
                    .any(|word| word == pid)
            })
            .unwrap_or_else(|| panic!("{pid} not in {tree:?}"))
            .to_string()
    };
    let name_code = |pid: String, name: &str| code_of(&line_of(pid), |s| s.starts_with(name));
    note(
        "tree",
        vec![
            (
                "stopped",
                name_code(processes.stopped.pid_str(), "sleep").unwrap_or_default(),
            ),
            (
                "stuck",
                name_code(processes.zombie.to_string(), "sleep").unwrap_or_default(),
            ),
            (
                "running",
                name_code(
                    processes
                        .busy
                        .as_ref()
                        .map(Fixture::pid_str)
                        .unwrap_or_default(),
                    "sh",
                )
                .unwrap_or_default(),
            ),
        ],
    );

    // show: the title and section headings, the state, the own user.
    let show = coloured(&["show", &processes.stopped.pid_str()]);
    let title = format!("PID {} (sleep)", processes.stopped.pid);
    let own = own_user();
    note(
        "show",
        vec![
            ("header", code_of(&show, |s| s == title).unwrap_or_default()),
            (
                "header",
                code_of(&show, |s| s == "state").unwrap_or_default(),
            ),
            (
                "stopped",
                code_of(&show, |s| s.starts_with("T (")).unwrap_or_default(),
            ),
            (
                "own",
                code_of(&show, |s| s.ends_with(&format!("({own})"))).unwrap_or_default(),
            ),
        ],
    );
    let busy = processes
        .busy
        .as_ref()
        .map(Fixture::pid_str)
        .unwrap_or_default();
    for (pid, kind, state) in [
        (processes.zombie.to_string(), "stuck", "Z ("),
        (busy, "running", "R ("),
    ] {
        let shown = coloured(&["show", &pid]);
        let code = code_of(&shown, |s| s.starts_with(state));
        note("show", vec![(kind, code.unwrap_or_default())]);
    }
    let theirs = coloured(&["show", &processes.nobody.pid_str()]);
    assert!(
        !spans(&theirs).iter().any(|(_, s)| s.contains("(nobody)")),
        "another user's process is not styled as one's own: {theirs:?}"
    );

    // fds, env and who: titles and table headers.
    let fds = coloured(&["fds", &processes.stopped.pid_str()]);
    note(
        "fds",
        vec![
            ("header", code_of(&fds, |s| s == title).unwrap_or_default()),
            (
                "header",
                code_of(&fds, |s| s.trim_start().starts_with("FD ")).unwrap_or_default(),
            ),
        ],
    );
    let env = coloured(&[
        "env",
        &processes.stopped.pid_str(),
        &processes.nobody.pid_str(),
    ]);
    note(
        "env",
        vec![("header", code_of(&env, |s| s == title).unwrap_or_default())],
    );
    let held = processes.held.to_string_lossy().into_owned();
    let who = coloured(&["who", &held]);
    assert!(who.contains(&processes.holder.pid_str()), "{who:?}");
    note(
        "who",
        vec![(
            "header",
            code_of(&who, |s| s.trim_start().starts_with("PID ")).unwrap_or_default(),
        )],
    );

    let expected = |kind: &str| match kind {
        "header" => HEADER,
        "running" => RUNNING,
        "stuck" => STUCK,
        "stopped" => STOPPED,
        "own" => OWN,
        _ => HIGH,
    };
    for (view, kind, code) in &codes {
        assert_eq!(code, expected(kind), "{view}: {kind} is styled {code:?}");
    }
    for view in ["listing", "tree -o", "tree", "show", "fds", "env", "who"] {
        assert!(
            codes.iter().any(|(v, _, _)| v == view),
            "{view} was not checked"
        );
    }
}

/// Each view's command line, with `{}` where `--color=WHEN` goes.
fn views(processes: &Processes) -> Vec<Vec<String>> {
    let stopped = processes.stopped.pid_str();
    let nobody = processes.nobody.pid_str();
    let owned = |words: &[&str]| words.iter().map(|w| w.to_string()).collect::<Vec<_>>();
    vec![
        owned(&["{}", "-o", COLUMNS, "-p", &stopped]),
        owned(&["tree", "{}", &stopped]),
        owned(&["tree", "{}", "-o", COLUMNS, &stopped]),
        owned(&["show", "{}", &stopped]),
        owned(&["fds", "{}", &stopped]),
        owned(&["env", "{}", &stopped, &nobody]),
        owned(&["who", "{}", &processes.held.to_string_lossy()]),
    ]
}

fn with_colour(view: &[String], when: Option<&str>) -> Vec<String> {
    view.iter()
        .filter_map(|word| match (word.as_str(), when) {
            ("{}", Some(when)) => Some(format!("--color={when}")),
            ("{}", None) => None,
            _ => Some(word.clone()),
        })
        .collect()
}

#[test]
fn colour_follows_color_and_no_color_in_every_view() {
    let processes = Processes::new(false);
    for view in views(&processes) {
        let args = |when| with_colour(&view, when);
        let strs = |words: &[String]| {
            words
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" ")
        };
        let piped = |when| {
            let words = args(when);
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            stdout(&run_kps(&words, &[]))
        };
        let terminal = |when, env: &[(&str, &str)]| {
            let words = args(when);
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            on_a_terminal(&words, env)
        };
        let shown = strs(&args(None));
        assert!(!has_style(&piped(None)), "piped: kps {shown}");
        assert!(!has_style(&piped(Some("auto"))), "piped, auto: kps {shown}");
        assert!(!has_style(&piped(Some("never"))), "never: kps {shown}");
        assert!(has_style(&piped(Some("always"))), "always: kps {shown}");
        let no_color = [("NO_COLOR", "1")];
        assert!(
            !has_style(&terminal(Some("auto"), &no_color)),
            "NO_COLOR on a terminal: kps {shown}"
        );
        assert!(
            !has_style(&terminal(Some("never"), &[])),
            "--color=never on a terminal: kps {shown}"
        );
        assert!(
            has_style(&terminal(Some("always"), &no_color)),
            "--color=always beats NO_COLOR: kps {shown}"
        );
        let listing = view[0] == "{}";
        // On a terminal, auto colours; a listing without --color stays plain
        // like ps'.
        assert!(
            has_style(&terminal(Some("auto"), &[])),
            "auto on a terminal: kps {shown}"
        );
        assert_eq!(
            has_style(&terminal(None, &[])),
            !listing,
            "default on a terminal: kps {shown}"
        );
    }
}

#[test]
fn watch_styles_its_status_line_only_with_colour() {
    let processes = Processes::new(false);
    let stopped = processes.stopped.pid_str();
    let watched = |extra: &[&str], env: &[(&str, &str)]| {
        let args: Vec<&str> = ["tree", "--watch=0.1", "--count=1", &stopped]
            .into_iter()
            .chain(extra.iter().copied())
            .collect();
        on_a_terminal(&args, env)
    };
    let styled = watched(&[], &[]);
    assert!(
        spans(&styled).iter().any(|(code, _)| code == "7"),
        "no status line style: {styled:?}"
    );
    assert!(!has_style(&watched(&[], &[("NO_COLOR", "1")])));
    assert!(!has_style(&watched(&["--color=never"], &[])));
    let listing = on_a_terminal(&["--watch=0.1", "--count=1", "-p", &stopped], &[]);
    assert!(
        spans(&listing).iter().any(|(code, _)| code == "7"),
        "{listing:?}"
    );
    let plain = on_a_terminal(
        &["--watch=0.1", "--count=1", "-p", &stopped],
        &[("NO_COLOR", "1")],
    );
    assert!(!has_style(&plain), "{plain:?}");
}

/// Colour adds escapes and nothing else: taking them out gives the plain
/// output, and for listings the output of /usr/bin/ps.
#[test]
fn colour_moves_no_column() {
    let processes = Processes::new(false);
    let list = processes.pids().join(",");
    let args = ["-o", COLUMNS, "-p", &list];
    let plain = stdout(&run_kps(&args, &[]));
    let coloured = coloured(&args);
    assert!(has_style(&coloured));
    assert_eq!(without_colour(&coloured), plain);
    assert_eq!(plain, stdout(&ps(&args)));
    let bsd = ["u", "-p", &list];
    assert_eq!(without_colour(&coloured_bsd(&bsd)), stdout(&ps(&bsd)));

    for view in views(&processes) {
        let words = |when| with_colour(&view, when);
        let run = |when| {
            let words = words(when);
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            stdout(&run_kps(&words, &[]))
        };
        // Lines that change by themselves (an elapsed time, the processes at
        // the other end of an inherited pipe) are those that differ between
        // the plain runs before and after the coloured one; every other line
        // must be the plain one once its escapes are out. A figure may also
        // change and change back (PSS, while other processes map and unmap
        // the same libraries): a real difference shows in all three rounds.
        let mut compared = 0;
        for round in 1..=3 {
            let (before, coloured, after) = (run(Some("never")), run(Some("always")), run(None));
            assert!(has_style(&coloured), "{view:?}");
            let lines = |text: &str| text.lines().map(str::to_owned).collect::<Vec<_>>();
            let (before, coloured, after) = (lines(&before), lines(&coloured), lines(&after));
            if before.len() != after.len() || coloured.len() != before.len() {
                continue;
            }
            let stable: Vec<(&String, &String)> = before
                .iter()
                .zip(&after)
                .zip(&coloured)
                .filter(|((plain, again), _)| plain == again)
                .map(|((plain, _), coloured)| (plain, coloured))
                .collect();
            let differs = stable
                .iter()
                .any(|(plain, coloured)| without_colour(coloured) != **plain);
            if differs && round < 3 {
                continue;
            }
            for (plain, coloured) in stable {
                let uncoloured = without_colour(coloured);
                // A figure that moved in all three rounds (PSS under a churn
                // of processes) may differ; the text around it may not.
                if uncoloured != *plain {
                    assert_eq!(
                        numbers_as_one(&uncoloured),
                        numbers_as_one(plain),
                        "{view:?}"
                    );
                }
                compared += 1;
            }
            break;
        }
        assert!(compared > 0, "{view:?}: no stable line to compare");
    }
}

/// The text with every run of digits written as one `0`.
fn numbers_as_one(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if !(c.is_ascii_digit() && out.ends_with('0')) {
            out.push(if c.is_ascii_digit() { '0' } else { c });
        }
    }
    out
}

fn coloured_bsd(args: &[&str]) -> String {
    let output = run_kps(&[args, &["--color=always"]].concat(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}
