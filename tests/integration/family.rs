//! The memory and CPU of process families: PSS and USS subtree totals against
//! RSS, pages still shared with the parent since fork, and the cores a process
//! uses. The fixtures are Python programs built as the slides demonstrate them.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};

use crate::common::*;

const MIB: u64 = 1024;

/// Runs a Python program in its own process group and waits for it to print
/// its first line (`ready ...`), which it returns.
fn python(script: &str) -> (Fixture, String) {
    let mut cmd = Command::new("python3");
    cmd.args(["-c", script])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0);
    let mut child = cmd.spawn().expect("spawn python3");
    let pid = child.id() as i32;
    let out = child.stdout.take().expect("piped stdout");
    let fixture = Fixture { child, pid };
    let mut line = String::new();
    BufReader::new(out)
        .read_line(&mut line)
        .expect("ready line");
    assert!(line.starts_with("ready"), "fixture failed: {line:?}");
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
    assert!(err.starts_with("kps: unknown totals figure 'vsz'"), "{err}");
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
