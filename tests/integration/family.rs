//! The memory and CPU of process families: PSS and USS subtree totals against
//! RSS, pages still shared with the parent since fork, and the cores a process
//! uses. The fixtures are Python programs built as the slides demonstrate them.

use std::collections::HashMap;
use std::process::{Command, Stdio};

use crate::common::*;

const MIB: u64 = 1024;

/// The system's Python, which other users may run too; else the first on PATH.
fn python_program() -> &'static str {
    if std::path::Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    }
}

/// Runs a Python program in its own process group, as `user` when given
/// (`setpriv` arguments), and waits for it to print its first line (`ready
/// ...`), which it returns with the rest of its output.
fn python_as(user: &[&str], script: &str) -> (Fixture, Lines, String) {
    let mut cmd = if user.is_empty() {
        Command::new(python_program())
    } else {
        let mut cmd = Command::new("setpriv");
        cmd.args(user).arg(python_program());
        cmd
    };
    cmd.args(["-c", script]).stderr(Stdio::null());
    let (fixture, mut lines) = spawn_talking(cmd);
    let line = next_line(&mut lines);
    assert!(line.starts_with("ready"), "fixture failed: {line:?}");
    (fixture, lines, line)
}

fn python(script: &str) -> (Fixture, String) {
    let (fixture, _, line) = python_as(&[], script);
    (fixture, line)
}

/// A parent that fills `mib` MiB of private anonymous memory, then forks
/// `workers` workers that only read it, as a pre-fork server does.
fn prefork_family(mib: u64, workers: usize) -> Fixture {
    let script = format!(
        "import mmap, os, sys, time\n\
         size = {mib} << 20\n\
         m = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)\n\
         for off in range(0, size, 4096):\n    m[off] = 1\n\
         r, w = os.pipe()\n\
         for _ in range({workers}):\n\
         \x20   if os.fork() == 0:\n\
         \x20       os.close(r)\n\
         \x20       total = sum(m[off] for off in range(0, size, 1 << 20))\n\
         \x20       os.write(w, b'x')\n\
         \x20       time.sleep(3600)\n\
         \x20       os._exit(0)\n\
         os.close(w)\n\
         got = 0\n\
         while got < {workers}:\n    got += len(os.read(r, 64))\n\
         print('ready', flush=True)\n\
         time.sleep(3600)\n"
    );
    python(&script).0
}

/// smaps_rollup's Pss of a process, in KiB.
fn rollup_pss(pid: i32) -> u64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
    text.lines()
        .find_map(|l| l.strip_prefix("Pss:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// The `totals` object of the root of `kps tree --json --totals=LIST PID`.
fn json_totals(pid: i32, list: &str) -> HashMap<String, serde_json::Value> {
    let output = kps(&[
        "tree",
        "--json",
        "-o",
        "pid",
        &format!("--totals={list}"),
        &pid.to_string(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let totals = value[0]["totals"].as_object().expect("totals").clone();
    totals.into_iter().collect()
}

#[test]
fn pss_totals_of_a_prefork_family_are_its_physical_memory() {
    let family = prefork_family(128, 8);
    let pids = descendants_and_self(family.pid);
    assert_eq!(pids.len(), 9);
    let totals = json_totals(family.pid, "procs,rss,pss,uss");
    let number = |key: &str| totals[key].as_u64().unwrap_or_else(|| panic!("{key}"));
    assert_eq!(number("count"), 9);
    assert_eq!(number("unread"), 0);
    let (rss, pss, uss) = (number("rss"), number("pss"), number("uss"));
    eprintln!("prefork family of 9: TRSS {rss} KiB, TPSS {pss} KiB, TUSS {uss} KiB");
    // The 128 MiB are in memory once; each interpreter adds a few MiB of its own.
    assert!(
        (128 * MIB..(128 + 9 * 16) * MIB).contains(&pss),
        "{totals:?}"
    );
    // ... while RSS counts them in every one of the nine processes.
    assert!(rss > 9 * 128 * MIB, "{totals:?}");
    assert!(rss > 6 * pss, "{totals:?}");
    assert!(uss < pss, "{totals:?}");
    // The figure is the sum of what smaps_rollup says (the interpreters are
    // asleep, so their memory stands still).
    let sum: u64 = pids.iter().map(|&p| rollup_pss(p)).sum();
    assert!(
        pss.abs_diff(sum) <= sum / 50,
        "kps {pss} KiB, smaps_rollup {sum} KiB"
    );

    // The text form puts the figures in the order asked for, UNREAD after PSS.
    let output = kps(&[
        "tree",
        "-o",
        "pid,comm",
        "--totals=pss,rss",
        &family.pid_str(),
    ]);
    let text = stdout(&output);
    let header: Vec<&str> = text
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    assert_eq!(header[..4], ["TPSS", "UNREAD", "TRSS", "PID"], "{text}");
    assert_eq!(text.lines().count(), 10, "{text}");
}

#[test]
fn pss_totals_count_the_processes_they_could_not_read() {
    let family = prefork_family(8, 2);
    let output = kps_as_nobody(&["tree", "-o", "pid", "--totals=procs,pss", &family.pid_str()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let root = row_with(&text, 3, &family.pid_str()).unwrap_or_else(|| panic!("{text}"));
    let fields: Vec<&str> = root.split_whitespace().collect();
    // Root's processes may not be read by nobody: none is counted, all three are named.
    assert_eq!(fields[..3], ["3", "0", "3"], "{text}");
    let err = stderr(&kps(&["tree", "--totals=vsz"]));
    assert!(
        err.starts_with("kps: error: unknown totals figure: 'vsz'"),
        "{err}"
    );
}

/// `pid` and every process below it.
fn descendants_and_self(pid: i32) -> Vec<i32> {
    let mut all = vec![pid];
    let mut i = 0;
    while i < all.len() {
        all.extend(children_of(all[i]));
        i += 1;
    }
    all
}

/// A parent that writes 64 MiB of private anonymous memory and forks; its
/// child prints `ready PID`, and on SIGUSR1 writes the first half of the 64 MiB
/// (each page then gets its own copy) and prints `rewritten`.
const COW_FIXTURE: &str = "import mmap, os, signal, sys, time
size = 64 << 20
m = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
for off in range(0, size, 4096):
    m[off] = 1
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
if os.fork() == 0:
    print('ready', os.getpid(), flush=True)
    signal.sigwait({signal.SIGUSR1})
    for off in range(0, size // 2, 4096):
        m[off] = 2
    print('rewritten', flush=True)
    time.sleep(3600)
    os._exit(0)
time.sleep(3600)
";

/// The PID a fixture's child printed in its `ready PID` line.
fn ready_child(ready: &str) -> i32 {
    ready
        .strip_prefix("ready ")
        .and_then(|pid| pid.trim().parse().ok())
        .unwrap_or_else(|| panic!("no PID in {ready:?}"))
}

/// The `cow` object of `kps show --shared --json PID`, run by `run`.
fn cow_of(pid: i32, run: impl Fn(&[&str]) -> std::process::Output) -> serde_json::Value {
    let output = run(&["show", "--shared", "--json", &pid.to_string()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    value[0]["cow"].clone()
}

#[test]
fn shared_pages_are_the_parents_until_written() {
    let (fixture, mut lines, ready) = python_as(&[], COW_FIXTURE);
    let child = ready_child(&ready);
    let before = cow_of(child, kps);
    signal(child, 10);
    assert_eq!(next_line(&mut lines).trim(), "rewritten");
    let after = cow_of(child, kps);
    assert_eq!(after["parent"], fixture.pid);
    assert_eq!(after["exact"], true, "{after}");
    let kib =
        |v: &serde_json::Value, key: &str| v[key].as_u64().unwrap_or_else(|| panic!("{key}: {v}"));
    eprintln!("64 MiB forked, half rewritten: before {before}, after {after}");
    // Writing 32 MiB moved 32 MiB from shared to copied, give or take the
    // few pages the interpreter wrote meanwhile.
    let half = 32 * MIB;
    let copied = kib(&after, "copied") - kib(&before, "copied");
    let unshared = kib(&before, "shared") - kib(&after, "shared");
    assert!(copied.abs_diff(half) <= 512, "{before}\n{after}");
    assert!(unshared.abs_diff(half) <= 512, "{before}\n{after}");
    // Whole: the other 32 MiB are still the parent's, the rewritten ones copies.
    assert!(kib(&after, "shared") >= half - 64, "{after}");
    assert!(kib(&after, "copied") >= half, "{after}");
    assert_eq!(kib(&after, "swapped"), 0, "{after}");

    // The text names the parent and says what each figure is.
    let text = stdout(&kps(&["show", "--shared", &child.to_string()]));
    assert!(
        text.contains(&format!("parent             {}", fixture.pid)),
        "{text}"
    );
    assert!(text.contains("not written since fork"), "{text}");

    // `tree --cow` gives every process of the family the split show gives
    // one (the child sleeps: its pages stay as they are).
    let pid = fixture.pid.to_string();
    let output = kps(&["tree", "--cow", "--json", &pid]);
    let tree: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let node = &tree[0]["children"][0];
    assert_eq!(node["pid"], child, "{tree}");
    for key in ["shared", "copied", "own"] {
        assert!(
            kib(&node["cow"], key).abs_diff(kib(&after, key)) <= 64,
            "{node}\n{after}"
        );
    }
    let text = stdout(&kps(&["tree", "--cow", "--ascii", &pid]));
    eprintln!("{text}");
    assert!(
        has_line_of_words(&text, &["SHARED", "COPIED", "OWN", "PID", "COMMAND"]),
        "{text}"
    );
    let line = text
        .lines()
        .find(|l| l.contains(&format!("`-{child} ")))
        .unwrap_or_else(|| panic!("no line for {child}: {text}"));
    let figures: Vec<u64> = line
        .split_whitespace()
        .take(3)
        .map(|w| w.parse().unwrap_or(0))
        .collect();
    assert!(figures[0] >= half - 64 && figures[1] >= half, "{text}");
    // Another user may not read the family's pagemaps: dashes, and why.
    let denied = kps_as_nobody(&["tree", "--cow", &pid]);
    assert!(
        stdout(&denied).contains("     -      -   - "),
        "{}",
        stdout(&denied)
    );
    assert!(stderr(&denied).contains("could not be compared with the parent's: permission denied"));
}

#[test]
fn shared_pages_without_privilege_are_an_estimate() {
    let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"];
    let (_fixture, _lines, ready) = python_as(&nobody, COW_FIXTURE);
    let child = ready_child(&ready);
    let cow = cow_of(child, kps_as_nobody);
    assert_eq!(cow["exact"], false, "{cow}");
    // smaps' shared pages hold the 64 MiB the parent maps too.
    assert!(
        cow["shared"].as_u64().unwrap_or(0) >= 64 * MIB - 64,
        "{cow}"
    );
    let text = stdout(&kps_as_nobody(&["show", "--shared", &child.to_string()]));
    assert!(text.contains("estimate"), "{text}");
    assert!(text.contains("CAP_SYS_ADMIN"), "{text}");
}

#[test]
fn huge_pages_are_counted_as_huge_pages() {
    let script = "import mmap, os, time
size = 64 << 20
m = mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)
m.madvise(mmap.MADV_HUGEPAGE)
for off in range(0, size, 4096):
    m[off] = 1
if os.fork() == 0:
    print('ready', os.getpid(), flush=True)
    time.sleep(3600)
    os._exit(0)
time.sleep(3600)
";
    let (_fixture, ready) = python(script);
    let child = ready_child(&ready);
    let cow = cow_of(child, kps);
    // What the kernel mapped as transparent huge pages (all 64 MiB where THP
    // is on, none where it is off), none of it counted as shared.
    let rollup = std::fs::read_to_string(format!("/proc/{child}/smaps_rollup")).unwrap_or_default();
    let anon_huge: u64 = rollup
        .lines()
        .find_map(|l| l.strip_prefix("AnonHugePages:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .expect("AnonHugePages");
    assert_eq!(cow["huge"].as_u64(), Some(anon_huge), "{cow}\n{rollup}");
    let shared = cow["shared"].as_u64().unwrap_or(0);
    assert!(shared + anon_huge >= 64 * MIB, "{cow}");
}
