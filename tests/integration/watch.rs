//! `--match` and `--watch`: fixtures with known names and arguments, piped
//! frames, and the terminal UI driven through tmux.

use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{Fixture, KPS, kps, stderr, stdout, wait_for_comm};

/// PIDs in the first column of a listing (header skipped).
fn pids_of(text: &str) -> Vec<i32> {
    text.lines()
        .filter_map(|line| line.split_whitespace().next()?.parse().ok())
        .collect()
}

#[test]
fn match_selects_by_name_and_arguments() {
    let named = Fixture::sleeper_named("kpsmatchalpha", &["3600"]);
    let argued = Fixture::spawn("sleep", &["3600.5"]);
    wait_for_comm(argued.pid, "sleep");
    let listed = |args: &[&str]| pids_of(&stdout(&kps(args)));

    let by_name = listed(&["-eo", "pid,args", "--match", "kpsmatchal"]);
    assert_eq!(by_name, [named.pid], "argv[0]");
    let by_argument = listed(&["-eo", "pid", "--match", r"sleep 3600\.5"]);
    assert_eq!(by_argument, [argued.pid]);
    // Repeatable: any pattern matches.
    let either = listed(&[
        "-eo",
        "pid",
        "--match",
        "kpsmatchalpha",
        "--match",
        r"3600\.5$",
    ]);
    assert_eq!(either.len(), 2, "{either:?}");
    // Smart case, and --ignore-case.
    assert_eq!(
        listed(&["-eo", "pid", "--match", "KPSMATCHALPHA"]),
        Vec::<i32>::new()
    );
    let folded = listed(&["-eo", "pid", "--ignore-case", "--match", "KPSMATCHALPHA"]);
    assert_eq!(folded, [named.pid]);
    // BSD syntax and JSON.
    let aux = stdout(&kps(&["aux", "--match", "kpsmatchalpha"]));
    assert_eq!(aux.lines().count(), 2, "{aux}");
    let json = stdout(&kps(&["-e", "--json", "--match", "kpsmatchalpha"]));
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows[0]["pid"], named.pid);
    assert_eq!(rows.as_array().map(Vec::len), Some(1));
}

#[test]
fn match_never_matches_kps_and_ands_with_selections() {
    let own = Fixture::sleeper_named("kpsmatchbeta", &["3600"]);
    let nobody = Fixture::nobody_sleeper("3600.25");
    // The pattern is on kps' own command line; kps is not listed.
    let output = kps(&["-eo", "pid", "--match", "kpsmatchbeta"]);
    assert_eq!(pids_of(&stdout(&output)), [own.pid]);
    let output = kps(&[
        "-u",
        "nobody",
        "-o",
        "pid",
        "--match",
        r"3600\.25|kpsmatchbeta",
    ]);
    assert_eq!(pids_of(&stdout(&output)), [nobody.pid]);
    // Nothing matched: the header, exit status 1, as ps.
    let output = kps(&["-u", "nobody", "-o", "pid", "--match", "kpsmatchbeta"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output).lines().count(), 1);
    // The tree's bare patterns and --match follow the same rules.
    let tree = stdout(&kps(&["tree", "--match", "KPSMATCHBETA", "--ignore-case"]));
    assert!(tree.contains(&format!("{}", own.pid)), "{tree}");
    assert!(kps(&["tree", "KPSMATCHBETA"]).status.code() == Some(1));
}

#[test]
fn bad_patterns_are_one_line_errors() {
    for args in [
        &["aux", "--match", "(x"][..],
        &["tree", "--match", "a[b"],
        &["tree", "(x"],
    ] {
        let output = kps(args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{message}");
        assert!(message.starts_with("kps: invalid pattern '"), "{message}");
    }
}

/// ps syntax reads a number after `--watch` as a process ID, and what then
/// fails says how to write an interval.
#[test]
fn an_interval_apart_from_watch_is_named_in_the_error() {
    let output = kps(&["aux", "--watch", "1", "--count", "2"]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(
        message.ends_with("(an interval is written --watch=1)\n"),
        "{message}"
    );
    assert!(stdout(&output).is_empty());
}

#[test]
fn piped_watch_gives_exactly_the_frames_counted() {
    let fixture = Fixture::sleeper_named("kpswatchgamma", &["3600"]);
    let output = kps(&[
        "-o",
        "pid,comm",
        "--watch=0.1",
        "--count",
        "3",
        "--match",
        "kpswatchgamma",
    ]);
    assert!(output.status.success());
    let text = stdout(&output);
    let stamps = text.lines().filter(|line| line.starts_with("--- ")).count();
    assert_eq!(stamps, 3, "{text}");
    assert_eq!(pids_of(&text), [fixture.pid; 3]);
    assert!(!text.contains('\x1b'));

    let output = kps(&[
        "-e",
        "--json",
        "--watch=0.1",
        "--count",
        "2",
        "--match",
        "kpswatchgamma",
    ]);
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 2, "{text}");
    for line in text.lines() {
        let frame: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(frame[0]["pid"], fixture.pid);
    }
    let tree = stdout(&kps(&[
        "tree",
        "--count",
        "2",
        "--watch=0.1",
        &fixture.pid_str(),
    ]));
    assert_eq!(tree.matches(&fixture.pid_str()).count(), 2, "{tree}");
    for bad in ["--watch=0.01", "--watch=x", "--count=0"] {
        assert_eq!(kps(&["aux", bad]).status.code(), Some(1), "{bad}");
    }
}

/// A tmux session running kps on a terminal of known size, killed when dropped.
struct Tmux {
    name: String,
}

impl Tmux {
    fn start(command: &str) -> Tmux {
        let name = format!("kps-watch-{}-{}", std::process::id(), command.len());
        let status = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-x",
                "120",
                "-y",
                "30",
                "-s",
                &name,
                command,
            ])
            .status()
            .unwrap();
        assert!(status.success());
        // The pane stays after kps exits, so that the restored screen can be read.
        Command::new("tmux")
            .args(["set-option", "-t", &name, "remain-on-exit", "on"])
            .status()
            .unwrap();
        Tmux { name }
    }

    fn tmux(&self, args: &[&str]) -> String {
        let output = Command::new("tmux").args(args).output().unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.tmux(&["capture-pane", "-p", "-t", &self.name])
    }

    fn pane(&self, format: &str) -> String {
        self.tmux(&["display-message", "-p", "-t", &self.name, format])
            .trim()
            .to_string()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.name];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    /// Waits until the screen satisfies `check`, returning it.
    fn wait_for(&self, what: &str, check: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let screen = self.screen();
            if check(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .status();
    }
}

/// A shell on the pane that prints a marker, then runs kps: the marker is on
/// the normal screen, never on the alternate one.
fn watched(args: &str) -> Tmux {
    Tmux::start(&format!(
        "echo before-kps-marker; {KPS} {args}; echo after-kps-$?; sleep 3600"
    ))
}

#[test]
fn terminal_frames_refresh_and_q_restores_the_screen() {
    // The shell's own command line holds the pattern: it must not match it.
    let tmux = watched("-eo pid,comm,args --watch=0.2 --match 'kpsframe[f]ixture'");
    tmux.wait_for("the status line", |s| {
        s.starts_with("kps ") && s.contains("processes")
    });
    assert_eq!(tmux.pane("#{alternate_on}"), "1");
    assert!(!tmux.screen().contains("before-kps-marker"));
    let fixture = Fixture::sleeper_named("kpsframefixture", &["3600"]);
    let line = format!("{} sleep           kpsframefixture 3600", fixture.pid);
    tmux.wait_for("the fixture", |s| s.contains(&line));
    drop(fixture);
    tmux.wait_for("the fixture gone", |s| !s.contains(&line));
    tmux.keys(&["q"]);
    let screen = tmux.wait_for("the shell again", |s| s.contains("after-kps-0"));
    assert!(screen.contains("before-kps-marker"), "{screen}");
    assert_eq!(tmux.pane("#{alternate_on}"), "0");
    assert_eq!(tmux.pane("#{cursor_flag}"), "1", "cursor shown again");
}

#[test]
fn terminal_resize_redraws_and_sigterm_restores() {
    let tmux = watched("aux --watch=30");
    let wide = tmux.wait_for("the listing", |s| s.contains("COMMAND"));
    assert!(wide.lines().count() >= 29, "{wide}");
    tmux.tmux(&["resize-window", "-t", &tmux.name, "-x", "50", "-y", "10"]);
    // Within the 30 s interval only the resize can redraw it.
    let narrow = tmux.wait_for("the narrow frame", |s| {
        s.lines().count() <= 10 && s.lines().nth(1).is_some_and(|l| l.starts_with("USER"))
    });
    assert!(narrow.lines().all(|l| l.chars().count() <= 50), "{narrow}");
    let pid: i32 = tmux.pane("#{pane_pid}").parse().unwrap();
    let kps_pid = crate::common::children_of(pid)
        .into_iter()
        .find(|&c| crate::common::proc_comm(c) == "kps")
        .expect("kps under the shell");
    crate::common::signal(kps_pid, 15);
    tmux.wait_for("the shell again", |s| s.contains("after-kps-"));
    assert_eq!(tmux.pane("#{alternate_on}"), "0");
    assert_eq!(tmux.pane("#{cursor_flag}"), "1", "cursor shown again");
}
