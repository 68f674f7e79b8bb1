//! What a new user meets first: argument errors, `help`, the tree's header
//! and width, thread ids and processes with nothing to show.

use std::os::unix::fs::symlink;
use std::process::{Command, Output, Stdio};

use crate::common::*;

/// Exit status 1, nothing on stdout, and exactly `message` as one line on stderr.
fn assert_one_line_error(args: &[&str], message: &str) {
    let output = kps(args);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{args:?}: {}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty(), "{args:?}: {}", stdout(&output));
    assert_eq!(stderr(&output), format!("kps: {message}\n"), "{args:?}");
}

// ---- argument errors --------------------------------------------------------

#[test]
fn subcommand_argument_errors_are_one_line_naming_the_word() {
    for (args, message) in [
        (
            &["env", "abc"][..],
            "error: process ID list syntax error: 'abc'",
        ),
        (
            &["show", "1", "x1"],
            "error: process ID list syntax error: 'x1'",
        ),
        (&["fds", "0"], "error: process ID out of range: '0'"),
        (&["show", "-7"], "error: process ID out of range: '-7'"),
        (
            &["env", "99999999999"],
            "error: process ID out of range: '99999999999'",
        ),
        (&["tree", "0"], "error: process ID out of range: '0'"),
        (
            &["show", "--color=blue", "1"],
            "error: --color takes auto, always or never: 'blue'",
        ),
        (
            &["tree", "--colr=never"],
            "error: kps tree has no option '--colr' (did you mean '--color'?)",
        ),
        (
            &["fds", "--bogus", "1"],
            "error: kps fds has no option '--bogus'",
        ),
        (&["fds"], "error: kps fds needs a PID"),
        (&["who"], "error: kps who needs a TARGET"),
        (
            &["who", ":99999"],
            "error: malformed port '99999': a number from 0 to 65535",
        ),
        (
            &["show", "--count=x", "1"],
            "error: --count takes a number of frames from 1: 'x'",
        ),
        (
            &["tree", "--totals=vsz"],
            "error: unknown totals figure: 'vsz' (known: procs, rss, pss, uss, pcpu)",
        ),
        (
            &["env", "-0", "--json", "1"],
            "error: the argument '--null' cannot be used with '--json'",
        ),
    ] {
        assert_one_line_error(args, message);
    }
}

/// The same mistake gets the same words from ps' options and from a view's.
#[test]
fn the_same_mistake_has_the_same_message_everywhere() {
    let user = format!("kps-no-such-user-{}", std::process::id());
    let message = format!("error: user name does not exist: '{user}'");
    assert_one_line_error(&["-u", &user], &message);
    assert_one_line_error(&["tree", "-u", &user], &message);
    let message = "error: user ID out of range: '99999999999'";
    assert_one_line_error(&["-u", "99999999999"], message);
    assert_one_line_error(&["tree", "-u", "99999999999"], message);
    assert_one_line_error(&["-p", "0"], "error: process ID out of range: '0'");
    assert_one_line_error(&["show", "0"], "error: process ID out of range: '0'");
    assert_one_line_error(&["tree", "0"], "error: process ID out of range: '0'");
    // ps takes a user by number too, and so does the tree.
    let own = kps(&["tree", "-u", "0"]);
    assert!(own.status.success(), "{}", stderr(&own));
}

// ---- kps help ---------------------------------------------------------------

#[test]
fn help_is_a_command() {
    let help = kps(&["help"]);
    assert_eq!(help.status.code(), Some(0), "{}", stderr(&help));
    assert_eq!(help.stdout, kps(&["--help"]).stdout);
    assert!(
        stdout(&help).contains("kps help COMMAND"),
        "{}",
        stdout(&help)
    );
    for view in ["tree", "show", "fds", "env", "who"] {
        let own = kps(&[view, "--help"]);
        for args in [["help", view], [view, "help"]] {
            let output = kps(&args);
            assert_eq!(
                output.status.code(),
                Some(0),
                "{args:?}: {}",
                stderr(&output)
            );
            assert_eq!(stdout(&output), stdout(&own), "{args:?}");
            assert!(
                stdout(&output).starts_with("Usage: kps ")
                    || stdout(&output).contains("Usage: kps ")
            );
        }
    }
    assert_one_line_error(
        &["help", "bogus"],
        "error: no such command: 'bogus' (commands: tree, show, fds, env, who)",
    );
}

/// Under the name ps there are no commands: `ps help` is procps' error.
#[test]
fn ps_help_stays_procps() {
    let dir = TempDirectory::new();
    let link = dir.0.join("ps");
    symlink(KPS, &link).expect("link ps");
    let run = |program: &str| {
        Command::new(program)
            .arg("help")
            .stdin(Stdio::null())
            .output()
            .expect("run ps")
    };
    let ours = run(link.to_str().expect("path"));
    let procps = run("/usr/bin/ps");
    assert_eq!(ours.status.code(), procps.status.code());
    assert_eq!(ours.status.code(), Some(1));
    assert!(ours.stdout.is_empty());
    let first_line = |output: &Output| {
        stderr(output)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        first_line(&ours),
        format!("kps: {}", first_line(&procps)),
        "{}",
        stderr(&ours)
    );
}

/// A directory removed when dropped.
struct TempDirectory(std::path::PathBuf);

impl TempDirectory {
    fn new() -> TempDirectory {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "kps-rough-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDirectory(dir)
    }
}

impl Drop for TempDirectory {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
