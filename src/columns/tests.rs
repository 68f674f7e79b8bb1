//! Checks of the table and of printers' arithmetic, and the fixtures the
//! topic modules' tests share.

use std::cmp::Ordering;

use procfs::FromRead;

use super::*;
use crate::proc::snapshot::{Proc, Snapshot};
use crate::proc::system::SystemInfo;
use crate::render::timefmt::LocalTime;

/// A process from a stat line's fields after the name.
pub(super) fn proc_with(comm: &str, rest: &str) -> Proc {
    let line = format!("42 ({comm}) {rest}");
    Proc::new(
        42,
        42,
        procfs::process::Stat::from_read(line.as_bytes()).expect("stat line"),
    )
}

/// state S, ppid 1, pgrp 42, session 42, tty 34817 (pts/1), tpgid 42,
/// flags 0x400140 (forked, super-user), utime 150, stime 50, nice 5,
/// 1 thread, started at tick 1000, vsize 8 MiB.
pub(super) const STAT_LINE: &str = "S 1 42 42 34817 42 4194624 10 20 3 4 150 50 7 8 25 5 1 0 1000 \
8388608 300 18446744073709551615 4096 8192 140730000000000 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

pub(super) fn snapshot(procs: Vec<Proc>) -> Snapshot {
    Snapshot {
        procs,
        sample_interval_ticks: None,
        system: SystemInfo {
            ticks_per_sec: 100,
            page_size_kib: 4,
            boot_time: 1_700_000_000,
            uptime: 30.0,
            now: 1_700_000_030,
            now_local: LocalTime::at(1_700_000_030),
            mem_total_kib: 1000,
        },
        names: Default::default(),
        ttys: Default::default(),
        root: Default::default(),
    }
}

pub(super) fn text(name: &str, snap: &Snapshot, opts: &RenderOptions) -> String {
    let row = Row::new(&snap.procs[0], snap, opts);
    let mut out = String::new();
    find(name).expect("known spec").render(&row, 1000, &mut out);
    out
}

/// The texts of the specifiers `names` for the snapshot's first process.
fn texts(names: &[&str], snap: &Snapshot, opts: &RenderOptions) -> Vec<String> {
    names.iter().map(|name| text(name, snap, opts)).collect()
}

#[test]
fn the_table_is_procps_table() {
    let procps = || SPECS.iter().filter(|s| s.own.is_none());
    assert_eq!(procps().count(), 274);
    assert!(SPECS.windows(2).all(|w| w[0].name < w[1].name));
    assert_eq!(procps().filter(|s| !s.nop).count(), 190);
    let lwp = find("lwp").unwrap();
    assert!(lwp.pid_like && lwp.class == Class::ThreadOnly);
    assert!(find("addr").unwrap().nop);
    assert!(find("PID").is_none());
    let mut listing = Vec::new();
    write_spec_list(&mut listing).unwrap();
    let listing = String::from_utf8(listing).unwrap();
    assert!(listing.starts_with("%cpu         %CPU    \n%mem         %MEM    \n"));
    assert!(listing.contains("\n_right       RRRRRRRR\n"));
    assert!(!listing.contains("\naddr "));
}

#[test]
fn cpu_columns_follow_procps_arithmetic() {
    let snap = snapshot(vec![proc_with("x", STAT_LINE)]);
    let opts = RenderOptions::default();
    // 200 ticks of CPU over 2000 ticks of life.
    let names = [
        "%cpu", "c", "cp", "cuu", "cuc", "time", "bsdtime", "etime", "min_flt",
    ];
    assert_eq!(
        texts(&names, &snap, &opts),
        [
            "10.0", "10", "100", "10.000", "10.750", "00:00:02", "  0:02", "00:20", "10"
        ]
    );
    // With the children's CPU time and faults.
    let cumulative = RenderOptions {
        cumulative: true,
        ..RenderOptions::default()
    };
    assert_eq!(
        texts(&["%cpu", "bsdtime", "time", "majflt"], &snap, &cumulative),
        ["10.7", "  0:02", "00:00:02", "7"]
    );
}

#[test]
fn priorities_and_flags() {
    let snap = snapshot(vec![proc_with("x", STAT_LINE)]);
    let opts = RenderOptions::default();
    let names = [
        "pri", "opri", "priority", "ni", "f", "stat", "cls", "rtprio",
    ];
    assert_eq!(
        texts(&names, &snap, &opts),
        ["14", "85", "25", "5", "5", "SNs+", "TS", "-"]
    );
    let names = [
        "lim", "trs", "drs", "sz", "m_size", "stackp", "sgi_p", "addr",
    ];
    assert_eq!(
        texts(&names, &snap, &opts),
        [
            "xx",
            "4",
            "8188",
            "2048",
            "8388608",
            "00007ffe41a8c400",
            "*",
            "-"
        ]
    );
    // Sorting by PRI orders by the kernel's priority, which PRI inverts.
    let pri = find("pri").unwrap();
    let low = snapshot(vec![proc_with(
        "x",
        &STAT_LINE.replacen(" 25 5 ", " 39 19 ", 1),
    )]);
    let (a, b) = (
        Row::new(&snap.procs[0], &snap, &opts),
        Row::new(&low.procs[0], &low, &opts),
    );
    assert_eq!(pri.compare(&a, &b), Ordering::Less);
    assert_eq!(text("pri", &low, &opts), "0");
}

#[test]
fn realtime_tasks_have_no_nice() {
    let rt = STAT_LINE
        .replacen(" 25 5 ", " -11 0 ", 1)
        .replace(" 17 1 0 0 0", " 17 1 10 1 0");
    let snap = snapshot(vec![proc_with("x", &rt)]);
    let opts = RenderOptions::default();
    assert_eq!(
        texts(
            &["ni", "pri", "opri", "cls", "policy", "rtprio", "sched"],
            &snap,
            &opts
        ),
        ["-", "50", "49", "FF", "FF", "10", "1"]
    );
}

#[test]
fn json_keys_are_identifiers_shared_by_aliases() {
    let identifier = |key: &str| {
        let mut bytes = key.bytes();
        bytes
            .next()
            .is_some_and(|b| b.is_ascii_lowercase() || b == b'_')
            && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    };
    for spec in SPECS {
        assert!(identifier(spec.key), "{}: {:?}", spec.name, spec.key);
    }
    let key = |name| find(name).expect("known spec").key;
    for aliases in [
        &["%cpu", "pcpu"][..],
        &["%mem", "pmem"],
        &["user", "euser", "uname", "uid_hack"],
        &["tty", "tt", "tname", "tty8", "tty4", "longtname"],
        &["time", "cputime", "atime", "bsdtime", "times", "cputimes"],
        &["start", "start_time", "stime", "bsdstart", "lstart"],
        &["args", "cmd", "command"],
        &["pid", "tgid"],
        &["sid", "sess", "session"],
        &["etime", "etimes"],
        &["inblk", "inblock"],
    ] {
        assert!(
            aliases.iter().all(|&a| key(a) == key(aliases[0])),
            "{aliases:?}"
        );
    }
    assert_eq!(key("%cpu"), "pcpu");
    assert_eq!(key("uid_hack"), "user");
    assert_eq!(key("bsdtime"), "time");
}
