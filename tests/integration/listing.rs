//! `kps`, `kps aux`, `kps -ef`: values for fixture processes and agreement with ps.

use std::io::Read;
use std::process::{Command, Stdio};

use crate::common::*;

/// The row for `pid` in `kps ARGS` and in `ps ARGS`, which must be identical.
fn same_row_as_ps(args: &[&str], pid: i32) -> String {
    let pid = pid.to_string();
    let pid_field = if args.contains(&"aux") || args.contains(&"-ef") {
        1
    } else {
        0
    };
    // A young process' %CPU moves with every tick of its age; it settles within
    // seconds, and kps and ps then agree.
    for _ in 0..20 {
        std::thread::sleep(std::time::Duration::from_millis(200));
        let ours = stdout(&kps(args));
        let theirs = stdout(&ps(args));
        let mine = row_with(&ours, pid_field, &pid).map(str::to_owned);
        let reference = row_with(&theirs, pid_field, &pid).map(str::to_owned);
        if mine.is_some() && mine == reference {
            return mine.unwrap_or_default();
        }
    }
    let ours = stdout(&kps(args));
    let theirs = stdout(&ps(args));
    panic!(
        "rows for pid {pid} differ in {args:?}:\n kps: {:?}\n  ps: {:?}",
        row_with(&ours, pid_field, &pid),
        row_with(&theirs, pid_field, &pid)
    );
}

fn stat_field(row: &str) -> &str {
    row.split_whitespace().nth(7).unwrap_or("")
}

/// Six processes of different kinds (plain, niced, stopped, another user's, a
/// zombie and its parent) that stay the same while they run, so a comparison
/// has stable rows of every kind whatever else the machine runs.
fn assorted_processes() -> Vec<Fixture> {
    let plain = Fixture::spawn("sleep", &["3600"]);
    let niced = Fixture::niced_sleeper(5, "3601");
    let stopped = Fixture::stopped_sleeper("3602");
    let other = Fixture::nobody_sleeper("3603");
    let (reaper, _) = Fixture::zombie_parent("3604");
    vec![plain, niced, stopped, other, reaper]
}

#[test]
fn aux_matches_ps_on_stable_processes() {
    let _fixtures = assorted_processes();
    assert_matches_ps(&["aux"], 6);
}

#[test]
fn ef_matches_ps_on_stable_processes() {
    let _fixtures = assorted_processes();
    assert_matches_ps(&["-ef"], 6);
}

#[test]
fn default_and_bsd_listings_match_ps() {
    let _sleeper = Fixture::spawn("sleep", &["3600"]);
    for args in [&[][..], &["ax"], &["x"], &["-e"], &["-A"], &["-f"], &["au"]] {
        assert_matches_ps(args, 0);
    }
}

#[test]
fn known_argv_is_shown_whole_and_escaped() {
    let fixture = Fixture::sleeper_named("kps\u{1b}[31mfix\nture\tname", &["3600"]);
    wait_for_comm(fixture.pid, "sleep");
    let row = same_row_as_ps(&["aux"], fixture.pid);
    assert!(row.ends_with(" kps?[31mfix ture?name 3600"), "{row}");
    let row = same_row_as_ps(&["-ef"], fixture.pid);
    assert!(row.ends_with(" kps?[31mfix ture?name 3600"), "{row}");
}

#[test]
fn niced_process_has_n_flag() {
    let fixture = Fixture::niced_sleeper(7, "3600");
    let row = same_row_as_ps(&["aux"], fixture.pid);
    assert_eq!(stat_field(&row), "SN");
}

#[test]
fn multithreaded_process_has_l_flag() {
    let (fixture, _) = sleeping_threads(3);
    let row = same_row_as_ps(&["aux"], fixture.pid);
    assert_eq!(stat_field(&row), "Sl");
    // -L: one row per thread, LWP and NLWP as ps prints them.
    let listing = stdout(&kps(&["-Lf", "-p", &fixture.pid_str()]));
    assert_eq!(listing.lines().count(), 5, "{listing}");
    assert_matches_ps(&["-Lf", "-p", &fixture.pid_str()], 4);
}

#[test]
fn zombie_shows_defunct() {
    let (_parent, zombie) = Fixture::zombie_parent("3600");
    let row = same_row_as_ps(&["aux"], zombie);
    assert_eq!(stat_field(&row), "Z");
    assert!(row.ends_with(" [sleep] <defunct>"), "{row}");
    same_row_as_ps(&["-ef"], zombie);
}

#[test]
fn stopped_process_has_t_state() {
    let fixture = Fixture::stopped_sleeper("3600");
    let row = same_row_as_ps(&["aux"], fixture.pid);
    assert_eq!(stat_field(&row), "T");
}

#[test]
fn process_on_a_pty_shows_its_terminal() {
    let (_fixture, sleeper) = sleeper_on_a_pty("3600");
    let row = same_row_as_ps(&["aux"], sleeper);
    let tty = row.split_whitespace().nth(6).unwrap_or("");
    assert!(tty.starts_with("pts/"), "{row}");
    assert!(
        stat_field(&row).ends_with('+'),
        "foreground on its terminal: {row}"
    );
    same_row_as_ps(&["-ef"], sleeper);
    // -t selects by that terminal.
    let by_tty = stdout(&kps(&["-t", tty, "-o", "pid="]));
    assert!(
        by_tty.lines().any(|l| l.trim() == sleeper.to_string()),
        "{by_tty}"
    );
}

#[test]
fn process_of_another_user_shows_that_user() {
    let fixture = Fixture::nobody_sleeper("3600");
    let row = same_row_as_ps(&["aux"], fixture.pid);
    let expected = users_name(65534);
    assert_eq!(
        row.split_whitespace().next(),
        Some(expected.as_str()),
        "{row}"
    );
    same_row_as_ps(&["-ef"], fixture.pid);
    let by_user = stdout(&kps(&["-u", "65534", "-o", "pid="]));
    assert!(
        by_user.lines().any(|l| l.trim() == fixture.pid_str()),
        "{by_user}"
    );
}

/// A user name as ps prints it in a USER column: cut to 7 bytes and `+`
/// when longer than 8.
fn users_name(uid: u32) -> String {
    let name = user_name(uid);
    if name.len() > 8 {
        format!("{}+", &name[..7])
    } else {
        name
    }
}

#[test]
fn piped_output_is_whole_lines_without_control_bytes() {
    let long_arg = "x".repeat(100_000);
    let fixture = Fixture::spawn("sh", &["-c", "sleep 3600; :", "kps-long-argv", &long_arg]);
    wait_until(|| !fixture.children().is_empty(), "the sleep");
    let output = kps(&["aux"]);
    assert!(output.status.success());
    let text = stdout(&output);
    let row = row_with(&text, 1, &fixture.pid_str()).expect("fixture row");
    assert!(
        row.ends_with(&format!("kps-long-argv {long_arg}")),
        "argv is printed whole"
    );
    for line in text.lines() {
        assert!(
            !line.bytes().any(|b| b < 0x20 || b == 0x7f),
            "control byte in {line:?}"
        );
    }
    // One line per process: as many rows as /proc has processes, give or take
    // the ones that come and go.
    let procs = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().parse::<u32>().is_ok())
        .count();
    let rows = text.lines().count() - 1;
    assert!(
        rows.abs_diff(procs) < 20,
        "{rows} rows for {procs} processes"
    );
}

#[test]
fn closed_pipe_ends_quietly() {
    let long_arg = "y".repeat(100_000);
    let _fixture = Fixture::spawn("sh", &["-c", "sleep 3600; :", "kps-pipe", &long_arg]);
    let mut child = Command::new(KPS)
        .args(["-e", "-o", "args"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn kps");
    let mut first = [0u8; 8];
    child
        .stdout
        .as_mut()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("read header");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    assert!(output.status.success(), "exit status {:?}", output.status);
    assert_eq!(stderr(&output), "");
}

#[test]
fn lines_are_cut_at_the_terminal_width_only_when_asked() {
    let fixture = Fixture::sleeper_named("kps-wide", &["3600", "--", &"z".repeat(200)]);
    // COLUMNS applies as in ps; without it a pipe gets whole lines.
    assert_matches_ps_env(&["aux"], &[("COLUMNS", "80")], 1);
    let cut = Command::new(KPS)
        .arg("aux")
        .env("COLUMNS", "80")
        .output()
        .expect("kps");
    let row = row_with(&stdout(&cut), 1, &fixture.pid_str())
        .expect("row")
        .to_string();
    assert_eq!(row.chars().count(), 80, "{row}");
}

#[test]
fn bad_input_is_one_line_and_exit_1() {
    let cases: &[(&[&str], &str)] = &[
        (&["-p", "abc"], "process ID list syntax error"),
        (&["-p", "0"], "process ID out of range"),
        (&["--bogus"], "unknown gnu long option"),
        (
            &["-o", "nosuchcolumn"],
            "unknown user-defined format specifier",
        ),
        (&["-u", "no-such-user-kps"], "user name does not exist"),
        (&["-G", "no-such-group-kps"], "group name does not exist"),
        (&["-Q"], "unsupported SysV option"),
        (&["a", "-a"], "process selection options conflict"),
        (
            &["x", "-d", "-o", "pid"],
            "process selection options conflict",
        ),
        (&["-p"], "list of process IDs must follow -p"),
        (&["--sort=nosuchkey"], "unknown sort specifier"),
        (&["-f", "u"], "conflicting format options"),
        (&["-L", "-T"], "thread flags conflict"),
        (&["-"], "garbage option"),
    ];
    for (args, message) in cases {
        let output = kps(args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let err = stderr(&output);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(message), "{args:?}: {err}");
        assert_eq!(stdout(&output), "", "{args:?}");
    }
}

#[test]
fn headers_repeat_every_screenful_like_ps() {
    let group = Fixture::quiet_group(6);
    let mut pids = group.children();
    pids.push(group.pid);
    let pids: Vec<String> = pids.iter().map(i32::to_string).collect();
    let pids = pids.join(",");
    for rows in ["1", "3", "4", "24"] {
        let args = ["--headers", "--rows", rows, "-o", "pid,comm", "-p", &pids];
        let ours = stdout(&kps(&args));
        assert_eq!(ours, stdout(&ps(&args)), "{args:?}");
        let headers = ours.lines().filter(|l| l.contains("PID")).count();
        // A header every screenful of rows; with one row per screen there is
        // no room to repeat it, so it shows once.
        let per_screen = rows.parse::<usize>().unwrap_or(24) - 1;
        let expected = if per_screen == 0 {
            1
        } else {
            7usize.div_ceil(per_screen)
        };
        assert_eq!(headers, expected, "{ours}");
    }
}

#[test]
fn no_match_prints_the_header_and_exits_1() {
    for args in [
        &["-p", "2147483646"][..],
        &["-u", "65534", "-p", "2147483646", "-N", "-e"],
        &["--headers", "-p", "2147483646"],
    ] {
        let ours = kps(args);
        let theirs = ps(args);
        assert_eq!(ours.status.code(), theirs.status.code(), "{args:?}");
        assert_eq!(stdout(&ours), stdout(&theirs), "{args:?}");
    }
}

/// `sleep 3600` run through a link called `name`, whose first 15 bytes the
/// kernel takes as the process' name; the link's directory goes when the
/// test ends (with the returned guard).
fn sleeper_run_as(name: &str) -> (Fixture, RemovedOnDrop) {
    let dir = std::env::temp_dir().join(format!("kps-{}-{}", std::process::id(), name.len()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let link = dir.join(name);
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink("/bin/sleep", &link).expect("symlink");
    let fixture = Fixture::spawn(link.to_str().expect("utf-8 path"), &["3600"]);
    let start = name.as_bytes()[..2].to_vec();
    wait_until(
        || {
            std::fs::read(format!("/proc/{}/comm", fixture.pid))
                .is_ok_and(|c| c.starts_with(&start))
        },
        "the name of the link",
    );
    (fixture, RemovedOnDrop(dir))
}

struct RemovedOnDrop(std::path::PathBuf);

impl Drop for RemovedOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn hostile_command_names_are_escaped_like_ps() {
    // The kernel takes a process' name from the file it runs: a name made of
    // escape sequences and a newline must not reach the terminal raw.
    let (fixture, _dir) = sleeper_run_as("e\u{1b}[2J\nx\u{7f}");
    for args in [
        &["-o", "pid,comm,args", "-p"][..],
        &["-o", "pid,ucmd", "-p"],
        &["-fp"],
    ] {
        let mut args = args.to_vec();
        let pid = fixture.pid_str();
        args.push(&pid);
        let ours = stdout(&kps(&args));
        assert_eq!(ours, stdout(&ps(&args)), "{args:?}");
        assert!(!ours.bytes().any(|b| b == 0x1b || b == 0x7f), "{ours:?}");
        assert_eq!(
            ours.lines().count(),
            2,
            "one line for the process: {ours:?}"
        );
    }
}

#[test]
fn names_cut_inside_a_character_show_a_mark_per_byte() {
    // The kernel keeps 15 bytes of the name: here half of a CJK character.
    let (fixture, _dir) = sleeper_run_as("abcdefghijklm\u{4e2d}z");
    let pid = fixture.pid_str();
    for args in [
        &["-o", "comm", "-p", &pid][..],
        &["c", "-o", "args", "-p", &pid],
    ] {
        let ours = stdout(&kps(args));
        assert_eq!(ours, stdout(&ps(args)), "{args:?}");
        assert!(ours.contains("abcdefghijklm??"), "{ours}");
    }
    // A zero-width character after a full column is left out, as in ps.
    let accent = Fixture::sleeper_named("abcd\u{301}ef", &["3600"]);
    wait_for_comm(accent.pid, "sleep");
    let args = ["--cols=10", "-o", "pid,args", "-p", &accent.pid_str()];
    assert_eq!(stdout(&kps(&args)), stdout(&ps(&args)));
}

/// Runs `script` on a 70-column pseudo-terminal and returns the outputs of
/// `kps ARGS` and `ps ARGS` run there, without the lines of kps and ps.
fn on_a_terminal(args: &str) -> (Vec<String>, Vec<String>) {
    let script =
        format!("stty rows 24 cols 70; sleep 30 & {KPS} {args}; echo =====; ps {args}; kill $!");
    let output = Command::new("script")
        .args(["-qfc", &script, "/dev/null"])
        .stdin(Stdio::null())
        .env_remove("COLUMNS")
        .output()
        .expect("run script");
    let text = String::from_utf8_lossy(&output.stdout).replace('\r', "");
    let (ours, theirs) = text.split_once("=====\n").expect("both outputs");
    let pids = |s: &str| -> Vec<String> {
        s.lines()
            .filter_map(|l| l.split_whitespace().nth(1).map(str::to_owned))
            .collect()
    };
    let (our_pids, their_pids) = (pids(ours), pids(theirs));
    // kps and ps each list themselves; every other line must agree.
    let shared = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| {
                let pid = l.split_whitespace().nth(1).unwrap_or("");
                our_pids.iter().any(|p| p == pid) && their_pids.iter().any(|p| p == pid)
            })
            .map(str::to_owned)
            .collect()
    };
    (shared(ours), shared(theirs))
}

#[test]
fn on_a_terminal_kps_shows_that_terminal_and_cuts_at_its_width() {
    let (ours, theirs) = on_a_terminal("-o tty,pid,comm");
    assert!(
        ours.iter()
            .any(|l| l.contains("pts/") && l.ends_with(" sleep")),
        "{ours:?}"
    );
    assert_eq!(ours, theirs);
    let (ours, theirs) = on_a_terminal("-f");
    assert!(ours.iter().all(|l| l.chars().count() <= 70), "{ours:?}");
    assert!(
        ours.iter().any(|l| l.chars().count() == 70),
        "the shell's long line is cut: {ours:?}"
    );
    assert_eq!(ours, theirs);
}

#[test]
fn error_messages_escape_what_they_quote() {
    for args in [
        &["-p", "\u{1b}[31m1"][..],
        &["-u", "x\ny"],
        &["tree", "\u{1b}[2J("],
        &["--sort=\u{7}"],
    ] {
        let output = kps(args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let err = stderr(&output);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err:?}");
        assert!(
            !err.trim_end().bytes().any(|b| b < 0x20 || b == 0x7f),
            "{args:?}: {err:?}"
        );
    }
    // An error whose text happens to mention a closed pipe is still an error.
    let output = kps(&["tree", "-u", "Broken pipe"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("Broken pipe"));
}

#[test]
fn a_thread_id_is_not_a_process() {
    let (_fixture, threads) = sleeping_threads(1);
    let thread = threads[0].to_string();
    for args in [["-p", thread.as_str()], ["-q", thread.as_str()]] {
        let ours = kps(&args);
        let theirs = ps(&args);
        assert_eq!(ours.status.code(), Some(1), "{args:?}");
        assert_eq!(stdout(&ours), stdout(&theirs), "{args:?}");
    }
}

#[test]
fn sample_interval_is_bounded() {
    let output = kps(&["--sample=99999999999", "-p", "1"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("--sample"));
}

#[test]
fn listings_are_plain_unless_colour_is_asked_for() {
    let fixture = Fixture::stopped_sleeper("3600");
    let pid = fixture.pid_str();
    let plain = stdout(&kps(&["-o", "pid,stat,comm", "-p", &pid]));
    assert!(!plain.contains('\u{1b}'));
    let coloured = stdout(&kps(&["--color=always", "-o", "pid,stat,comm", "-p", &pid]));
    assert!(coloured.contains("\u{1b}[33mT\u{1b}[0m"), "{coloured:?}");
    // The columns stay where they were: only the header and the state are
    // wrapped.
    assert_eq!(
        coloured
            .replace("\u{1b}[1m", "")
            .replace("\u{1b}[33m", "")
            .replace("\u{1b}[0m", ""),
        plain
    );
    // Piped, `auto` means plain; NO_COLOR does not override an explicit `always`.
    assert!(!stdout(&kps(&["--color=auto", "-p", &pid, "-o", "stat"])).contains('\u{1b}'));
    let output = Command::new(KPS)
        .args(["--color", "-o", "stat", "-p", &pid])
        .env("NO_COLOR", "1")
        .output()
        .expect("kps");
    assert!(stdout(&output).contains('\u{1b}'));
    assert_eq!(kps(&["--color=sometimes"]).status.code(), Some(1));
}

#[test]
fn escaping_follows_the_locale_like_ps() {
    // U+0378 is not assigned: the C library calls it unprintable.
    let fixture = Fixture::sleeper_named("caf\u{e9}\tbar\u{1b}\u{378}\u{4e00}", &["3600"]);
    wait_for_comm(fixture.pid, "sleep");
    let pid = fixture.pid_str();
    // A locale that is not installed leaves the C library in the C locale.
    for locale in ["C", "C.UTF-8", "xx_YY.UTF-8"] {
        let env = [("LC_ALL", locale)];
        assert_matches_ps_env(&["-o", "pid,args", "-p", &pid], &env, 1);
    }
    let shown = |locale: &str| {
        let output = Command::new(KPS)
            .args(["-o", "args=", "-p", &pid])
            .env("LC_ALL", locale)
            .output()
            .expect("kps");
        stdout(&output).trim_end().to_string()
    };
    assert_eq!(shown("C"), "caf??.bar.????? 3600");
    assert_eq!(shown("xx_YY.UTF-8"), shown("C"));
    assert_eq!(shown("C.UTF-8"), "caf\u{e9}?bar??\u{4e00} 3600");
}

/// Runs the sh `script` as nobody on a /proc of its own, mounted with
/// `hidepid=MODE` in a private mount namespace; `$KPS` names a kps nobody may
/// run. Standard error is merged into the output.
fn as_nobody_on_hidepid_proc(mode: &str, script: &str) -> String {
    let mount_then_run = format!(
        "mount -t proc -o hidepid={mode} proc /proc && \
         exec setpriv --reuid=65534 --regid=65534 --clear-groups sh -c \"$1\" 2>&1"
    );
    let output = Command::new("unshare")
        .args(["-m", "sh", "-c", &mount_then_run, "sh", script])
        .env("KPS", kps_for_anyone())
        .stdin(Stdio::null())
        .output()
        .expect("run unshare");
    assert!(output.status.success(), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn a_hidepid_proc_hides_the_same_processes_from_kps_as_from_ps() {
    let nobodys = Fixture::nobody_sleeper("3607");
    let roots = Fixture::spawn("sleep", &["3608"]);
    wait_for_comm(roots.pid, "sleep");
    let nobody = users_name(65534);
    let hidden = roots.pid_str();
    let script = format!(
        "\"$KPS\" aux; echo ==; ps aux; echo ==; \
         \"$KPS\" -p {hidden}; echo \"exit $?\"; echo ==; \
         ps -p {hidden}; echo \"exit $?\"; echo ==; \
         \"$KPS\" show {hidden}; echo \"exit $?\""
    );
    for (mode, why) in [
        ("noaccess", "permission denied"),
        ("invisible", "no such process"),
    ] {
        let text = as_nobody_on_hidepid_proc(mode, &script);
        let parts: Vec<&str> = text.split("==\n").collect();
        let [ours, theirs, our_pid, their_pid, show] = parts[..] else {
            panic!("hidepid={mode}: {text}");
        };
        // Only nobody's own processes are listed, and the fixture's row is ps'.
        assert!(
            ours.lines()
                .skip(1)
                .all(|l| l.starts_with(&format!("{nobody} "))),
            "hidepid={mode}: {ours}"
        );
        let row = |listing: &str| row_with(listing, 1, &nobodys.pid_str()).map(str::to_owned);
        assert!(row(ours).is_some(), "hidepid={mode}: {ours}");
        assert_eq!(row(ours), row(theirs), "hidepid={mode}");
        assert_eq!(ours.lines().next(), theirs.lines().next());
        assert!(
            row_with(ours, 1, &hidden).is_none(),
            "hidepid={mode}: {ours}"
        );
        // Asked for by PID, the hidden process is not there: the header alone.
        assert_eq!(our_pid, their_pid, "hidepid={mode}");
        assert!(our_pid.ends_with("\nexit 1\n"), "hidepid={mode}: {our_pid}");
        assert_eq!(our_pid.lines().count(), 2, "hidepid={mode}: {our_pid}");
        assert_eq!(
            show,
            format!("kps: PID {hidden}: {why}\nexit 1\n"),
            "hidepid={mode}"
        );
    }
}

/// STIME names the month with strftime in the locale's language, while
/// STARTED and lstart stay English (ctime), and ps counts such a value's
/// bytes, not its cells, when it lines up the columns. A Japanese locale is
/// compiled for the test, and the clock is put two days ahead (libfaketime)
/// so that every process shows a month in STIME.
#[test]
fn stime_speaks_the_locale_like_ps() {
    let _fixtures = assorted_processes();
    let dir = std::env::temp_dir().join(format!("kps-locale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let _removed = RemovedOnDrop(dir.clone());
    output_of(
        Command::new("localedef")
            .args(["-i", "ja_JP", "-f", "UTF-8"])
            .arg(dir.join("ja_JP.UTF-8")),
    );
    let run = |program: &str, args: &[&str]| {
        Command::new("faketime")
            .args(["-f", "+2d", program])
            .args(args)
            .env("LOCPATH", &dir)
            .env("LC_ALL", "ja_JP.UTF-8")
            .env_remove("COLUMNS")
            .stdin(Stdio::null())
            .output()
            .expect("run faketime")
    };
    let args = ["-e", "-o", "pid,stime,start,lstart,comm"];
    assert_runs_match(&args, 6, |program| run(program, &args));
    let shown = stdout(&run(KPS, &["-o", "stime=", "-p", "1"]));
    assert!(shown.contains('\u{6708}'), "a month in Japanese: {shown}");
    assert_runs_match(&["-ef"], 6, |program| run(program, &["-ef"]));
}
