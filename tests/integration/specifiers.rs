//! Every format specifier against /usr/bin/ps: over all processes, over
//! threads, and over fixtures with values few real processes have (nice,
//! real-time, blocked and caught signals, zombies, other users).

use std::process::Command;

use crate::common::*;
use kps::columns::{self, SPECS};

/// Specifiers per `-o` list: few enough that a busy process rarely spoils a
/// whole row, many enough to keep the number of runs down.
const CHUNK: usize = 8;

/// The names `ps L` lists on this machine, then the ones it accepts but hides.
/// Without `pss` and `uss`: how much of a process' memory is shared changes
/// whenever another process maps the same pages (ps and kps themselves, other
/// tests' fixtures); see [`proportional_memory_is_smaps_rollup`].
/// Every specifier but those checked on their own: PSS and USS change
/// whenever another process maps a shared page, and the elapsed time ticks
/// every second, so a row showing it cannot hold still over a ps, kps, ps
/// round that takes longer than that on a busy machine.
fn specifier_names() -> Vec<String> {
    all_specifier_names()
        .into_iter()
        .filter(|n| !["pss", "uss", "etime", "etimes"].contains(&n.as_str()))
        .collect()
}

fn all_specifier_names() -> Vec<String> {
    let listed = stdout(&ps(&["L"]));
    let mut names: Vec<String> = listed
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    names.extend(SPECS.iter().filter(|s| s.nop).map(|s| s.name.to_owned()));
    names
}

/// `pid` plus each chunk of `names`, as `-o` lists.
fn format_lists(names: &[String], first: &str) -> Vec<String> {
    names
        .chunks(CHUNK)
        .map(|chunk| format!("{first},{}", chunk.join(",")))
        .collect()
}

/// [`assert_matches_ps`] with more patience: with other work on the machine,
/// a busy process' %CPU can agree in both ps runs and still differ in kps'
/// run between them, and `-eo` lists of all 274 specifiers meet many of them.
fn assert_matches_ps_patiently(args: &[&str], min_stable: usize) {
    for _ in 0..5 {
        if compare_with_ps(args).passes(min_stable) {
            return;
        }
    }
    assert_matches_ps(args, min_stable);
}

#[test]
fn spec_list_is_ps_l() {
    let mut ours = Vec::new();
    columns::write_spec_list(&mut ours).expect("write to memory");
    assert_eq!(String::from_utf8_lossy(&ours), stdout(&ps(&["L"])));
}

#[test]
fn every_specifier_matches_ps() {
    let _quiet = Fixture::quiet_group(5);
    assert_eq!(all_specifier_names().len(), 274);
    for list in format_lists(&specifier_names(), "pid") {
        assert_matches_ps_patiently(&["-eo", &list], 5);
    }
}

/// Thread rows: per-thread times, states and counters; the main thread
/// shows the whole process' totals, as in procps.
#[test]
fn every_specifier_matches_ps_per_thread() {
    let _quiet = Fixture::quiet_group(5);
    let _threads = sleeping_threads(1);
    // The samples of the test specifiers cycle by row, and kps itself runs
    // more threads than ps: rows after its own would not line up.
    let names: Vec<String> = specifier_names()
        .into_iter()
        .filter(|n| !n.starts_with('_'))
        .collect();
    for list in format_lists(&names, "pid,lwp") {
        assert_matches_ps_patiently(&["-L", "-eo", &list], 5);
    }
}

/// A niced process, real-time ones, an idle-class one, a process with
/// signals blocked, ignored, caught and pending, a zombie, and processes of
/// other users, through every specifier.
#[test]
fn fixtures_match_ps_on_every_specifier() {
    let fixtures = Fixtures::start();
    let pids = fixtures.pids();
    for list in format_lists(&specifier_names(), "pid") {
        // A fixture still starting up may change its %CPU between the two ps
        // runs: it then drops out of the comparison.
        assert_matches_ps(&["-o", &list, "-p", &pids], fixtures.count() - 1);
    }
}

/// The elapsed time kps reads lies between two readings of ps around it,
/// and `etime` spells the same count of seconds as `etimes`.
#[test]
fn elapsed_time_lies_between_two_ps_readings() {
    let sleeper = Fixture::spawn("sleep", &["3600"]);
    let pid = sleeper.pid_str();
    let args = ["-o", "etimes,etime", "-p", &pid];
    let seconds = |text: &str| -> u64 { first_row_fields(text)[0].parse().expect("etimes") };
    // In the second a process starts, ps may subtract its start from an
    // uptime read a moment earlier and print the wrapped difference: compare
    // once ps reads the fixture as a second old.
    wait_until(
        || (1..86_400).contains(&seconds(&stdout(&ps(&args)))),
        "ps to read the sleeper as one second old",
    );
    let before = seconds(&stdout(&ps(&args)));
    let ours = stdout(&kps(&args));
    let after = seconds(&stdout(&ps(&args)));
    let fields = first_row_fields(&ours);
    let etimes = seconds(&ours);
    assert!(
        before <= etimes && etimes <= after,
        "{before} {ours} {after}"
    );
    // [[DD-]HH:]MM:SS
    let (days, clock) = fields[1].split_once('-').unwrap_or(("0", &fields[1]));
    let spelled = clock.split(':').fold(0, |total, part| {
        total * 60 + part.parse::<u64>().expect("etime")
    }) + days.parse::<u64>().expect("days") * 86_400;
    assert_eq!(spelled, etimes, "{ours}");
}

/// A process' PSS changes whenever another process maps one of its pages,
/// ps and kps included, and each maps other pages of the C library. So PSS
/// is checked against smaps_rollup itself, read before and after kps: kps'
/// own mappings can only lower it a little. USS is exact.
#[test]
fn proportional_memory_is_smaps_rollup() {
    let sleeper = Fixture::spawn("sleep", &["3600"]);
    wait_for_comm(sleeper.pid, "sleep");
    let pid = sleeper.pid_str();
    let args = ["-o", "pss,uss", "-p", &pid];
    assert_eq!(
        stdout(&kps(&args)).lines().next(),
        stdout(&ps(&args)).lines().next()
    );
    let rollup = || {
        let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok()?;
        let kib = |key: &str| -> Option<u64> {
            let line = text.lines().find(|l| l.starts_with(key))?;
            line[key.len()..].split_whitespace().next()?.parse().ok()
        };
        Some((
            kib("Pss:")?,
            kib("Private_Clean:")? + kib("Private_Dirty:")?,
        ))
    };
    for _ in 0..20 {
        let before = rollup();
        let ours = stdout(&kps(&args));
        let Some((pss, uss)) = before.filter(|_| before == rollup()) else {
            continue;
        };
        let row: Vec<u64> = first_row_fields(&ours)
            .iter()
            .filter_map(|f| f.parse().ok())
            .collect();
        assert_eq!(row.len(), 2, "{ours}");
        assert!(
            row[0] <= pss && row[0] + 64 >= pss,
            "PSS {} vs {pss}",
            row[0]
        );
        assert_eq!(row[1], uss);
        return;
    }
    panic!("smaps_rollup of {pid} never held still");
}

/// `kps -o pid,LIST -p PID` prints what ps prints, and `expected` after
/// the PID.
fn assert_fields_after_pid(pid: i32, list: &str, expected: &[&str]) {
    let (list, pid) = (format!("pid,{list}"), pid.to_string());
    let args = ["-o", &list, "-p", &pid];
    assert_matches_ps(&args, 1);
    let fields = first_row_fields(&stdout(&kps(&args)));
    assert_eq!(fields[1..], *expected, "{list}");
}

#[test]
fn nice_shows_in_priorities_and_stat() {
    let niced = Fixture::niced_sleeper(7, "3600");
    assert_fields_after_pid(
        niced.pid,
        "ni,pri,opri,priority,intpri,stat,cls,rtprio,sched",
        &["7", "12", "87", "27", "87", "SN", "TS", "-", "0"],
    );
}

#[test]
fn real_time_processes_have_no_nice() {
    let Some(fifo) = real_time_sleeper("-f", "10") else {
        eprintln!("chrt -f is not permitted here; skipped");
        return;
    };
    assert_fields_after_pid(
        fifo.pid,
        "ni,pri,opri,cls,class,policy,rtprio,sched,stat",
        &["-", "50", "49", "FF", "FF", "FF", "10", "1", "S"],
    );
}

#[test]
fn signal_masks_wide_and_narrow() {
    let fixture = signal_fixture();
    let pid = fixture.pid_str();
    let list = "pid,pending,blocked,ignored,caught,tsig,sig_block,sig_catch";
    // Piped output has room for all 16 digits of every mask.
    assert_matches_ps(&["-o", list, "-p", &pid], 1);
    let wide = stdout(&kps(&["-o", list, "-p", &pid]));
    assert!(wide.contains(" 8000000000000200 "), "{wide}");
    // 60 columns hold the masks only in their 9-cell form.
    assert_matches_ps(&["--cols", "60", "-o", list, "-p", &pid], 1);
    let narrow = stdout(&kps(&["--cols", "60", "-o", list, "-p", &pid]));
    let row = first_row_fields(&narrow);
    assert_eq!(row[2], "<00000200", "{narrow}");
    // SIGINT (python's own handler), SIGTERM and SIGRTMAX.
    assert_eq!(row[4], "<00004002", "{narrow}");
}

#[test]
fn user_names_are_cut_with_a_plus_or_shown_as_numbers() {
    let Some(users) = OtherUsers::start() else {
        eprintln!("not root: cannot start processes of other users; skipped");
        return;
    };
    let list = "pid,user,ruser,euser:20,user:4,uid_hack,group,egroup:3,supgid,supgrp,fuser";
    assert_matches_ps(&["-o", list, "-p", &users.pids()], users.count());
    let cut = "pid,supgrp:5=G,user:6=U";
    assert_matches_ps(&["-o", cut, "-p", &users.pids()], users.count());
}

/// BSD `e` (environment after the command, in `comm` too), `c` (names for
/// commands), `n` (numbers for users) and `S` (children's CPU and faults).
#[test]
fn modifiers_change_what_columns_show() {
    let fixtures = Fixtures::start();
    let pids = fixtures.pids();
    let commands = "pid,comm,ucmd:20,fname,args";
    let min = fixtures.count() - 1;
    assert_matches_ps(&["e", "-o", commands, "-p", &pids], min);
    assert_matches_ps(&["e", "--cols", "40", "-o", commands, "-p", &pids], min);
    assert_matches_ps(&["c", "-o", commands, "-p", &pids], min);
    assert_matches_ps(
        &["n", "-o", "pid,user,ruser,group,fuser,uid", "-p", &pids],
        min,
    );
    let cpu = "pid,%cpu,c,cp,cuu,cuc,time,bsdtime,majflt,minflt";
    assert_matches_ps_patiently(&["S", "-eo", cpu], 5);
}

#[test]
fn sorting_uses_the_data_behind_the_text() {
    let fixtures = Fixtures::start();
    let pids = fixtures.pids();
    for key in [
        "pri",
        "-opri",
        "ni",
        "cls",
        "stat",
        "-start_time",
        "comm",
        "tty",
        "addr",
    ] {
        let sort = format!("--sort={key}");
        let args = ["-o", "pid,pri,ni,cls,stat,comm", "-p", &pids, &sort];
        assert_eq!(stdout(&kps(&args)), stdout(&ps(&args)), "{sort}");
    }
}

// ---- Fixtures --------------------------------------------------------------------

/// A python3 that blocks SIGUSR1 and signal 64, ignores SIGUSR2, catches
/// SIGTERM and SIGRTMAX, and has a SIGUSR1 pending.
fn signal_fixture() -> Fixture {
    // SIGINT caught explicitly: python installs its own handler only when
    // it starts with SIGINT at its default, which a suite started in the
    // background of a shell does not give it.
    let script = "import os,signal,time\n\
signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1, 64])\n\
signal.signal(signal.SIGUSR2, signal.SIG_IGN)\n\
signal.signal(signal.SIGINT, signal.default_int_handler)\n\
signal.signal(signal.SIGTERM, lambda *a: None)\n\
signal.signal(signal.SIGRTMAX, lambda *a: None)\n\
os.kill(os.getpid(), signal.SIGUSR1)\n\
time.sleep(3600)\n";
    let fixture = Fixture::spawn("python3", &["-c", script]);
    // The signal is sent right before the sleep: once it is pending and the
    // process sleeps, nothing about it changes any more.
    wait_until(
        || {
            status_line(fixture.pid, "ShdPnd:").is_some_and(|v| v != "0000000000000000")
                && proc_state(fixture.pid) == Some('S')
        },
        "the signal fixture to be ready",
    );
    fixture
}

fn status_line(pid: i32, key: &str) -> Option<String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    Some(line[key.len()..].trim().to_owned())
}

/// `chrt POLICY PRIO sleep 3600`, once it runs under that policy; `None`
/// when this environment does not allow real-time scheduling.
fn real_time_sleeper(policy: &str, priority: &str) -> Option<Fixture> {
    let mut fixture = Fixture::spawn("chrt", &[policy, priority, "sleep", "3600"]);
    let start = std::time::Instant::now();
    while start.elapsed() < std::time::Duration::from_secs(10) {
        if proc_comm(fixture.pid).as_deref() == Some("sleep") {
            return Some(fixture);
        }
        if fixture.child.try_wait().ok().flatten().is_some() {
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    None
}

fn proc_comm(pid: i32) -> Option<String> {
    let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).ok()?;
    Some(comm.trim_end().to_owned())
}

/// The fixtures for the every-specifier run; killed when dropped.
struct Fixtures(Vec<Fixture>);

impl Fixtures {
    fn start() -> Fixtures {
        let mut all = vec![
            Fixture::spawn("nice", &["-n", "7", "sleep", "3600"]),
            Fixture::spawn("chrt", &["-i", "0", "sleep", "3600"]),
            signal_fixture(),
            // The child exits and stays a zombie: sleep never reaps it.
            Fixture::shell("sleep 0 & exec sleep 3600"),
        ];
        all.extend(real_time_sleeper("-f", "10"));
        all.extend(real_time_sleeper("-r", "5"));
        for fixture in &all[..2] {
            wait_for_comm(fixture.pid, "sleep");
        }
        let fixtures = Fixtures(all);
        wait_until(|| fixtures.zombie().is_some(), "the zombie fixture");
        fixtures
    }

    fn zombie(&self) -> Option<i32> {
        let shell = &self.0[3];
        children_of(shell.pid)
            .into_iter()
            .find(|&pid| proc_state(pid) == Some('Z'))
    }

    fn pids(&self) -> String {
        let mut pids: Vec<String> = self.0.iter().map(Fixture::pid_str).collect();
        pids.extend(self.zombie().map(|pid| pid.to_string()));
        pids.join(",")
    }

    fn count(&self) -> usize {
        self.0.len() + 1
    }
}

/// Sleepers running as users other than root: one with a name longer than 8
/// bytes (from /etc/passwd, if there is one) and one without a name.
struct OtherUsers(Vec<Fixture>);

impl OtherUsers {
    fn start() -> Option<OtherUsers> {
        if stdout(&Command::new("id").arg("-u").output().ok()?).trim() != "0" {
            return None;
        }
        let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
        let long_name = passwd.lines().find_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            let uid: u32 = fields.get(2)?.parse().ok()?;
            (fields[0].len() > 8 && uid != 0).then_some(uid)
        });
        let unnamed = (54321..60000).find(|uid| {
            !passwd
                .lines()
                .any(|l| l.split(':').nth(2) == Some(&uid.to_string()))
        })?;
        let mut fixtures = Vec::new();
        for uid in long_name.into_iter().chain([unnamed]) {
            let (uid, groups) = (uid.to_string(), format!("4,24,{uid}"));
            let ids = [&format!("--reuid={uid}"), &format!("--regid={uid}")];
            let args = [ids[0], ids[1], "--groups", &groups, "sleep", "3600"];
            fixtures.push(Fixture::spawn("setpriv", &args));
        }
        for fixture in &fixtures {
            wait_for_comm(fixture.pid, "sleep");
        }
        Some(OtherUsers(fixtures))
    }

    fn pids(&self) -> String {
        let pids: Vec<String> = self.0.iter().map(Fixture::pid_str).collect();
        pids.join(",")
    }

    fn count(&self) -> usize {
        self.0.len()
    }
}
