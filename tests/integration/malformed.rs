//! Malformed proc files under `--proc DIR`: a tree made by hand holds a
//! healthy process and one process per malformed file, and every view must
//! list each of them, with `-` for what could not be parsed, and never crash.

use serde_json::Value;

use crate::common::*;
use crate::synthetic::{TempDir, stat_line, status_text};

/// The files a process' malformed copies are made of.
const FILES: &[&str] = &[
    "stat",
    "status",
    "cmdline",
    "environ",
    "maps",
    "io",
    "smaps_rollup",
];

/// How a file is broken.
const KINDS: &[&str] = &["trunc", "empty", "garbage", "big", "nonutf8"];

const HEALTHY: i32 = 100;

/// The healthy contents of a process' files.
fn healthy_files(pid: i32, comm: &str) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("stat", stat_line(pid, comm, 1).into_bytes()),
        ("status", status_text(comm, pid, 1, 0).into_bytes()),
        (
            "cmdline",
            format!("/usr/bin/{comm}\0--alpha\0").into_bytes(),
        ),
        ("environ", b"HOME=/root\0kps=abc\0".to_vec()),
        (
            "maps",
            b"00400000-00452000 r-xp 00000000 08:02 173521 /usr/share/kps/fake-app\n\
              7f0000000000-7f0000021000 rw-p 00000000 00:00 0 \n"
                .to_vec(),
        ),
        (
            "io",
            b"rchar: 11\nwchar: 22\nsyscr: 3\nsyscw: 4\nread_bytes: 4096\n\
              write_bytes: 8192\ncancelled_write_bytes: 0\n"
                .to_vec(),
        ),
        (
            "smaps_rollup",
            b"00400000-7fff0000 ---p 00000000 00:00 0 [rollup]\nRss: 1436 kB\nPss: 700 kB\n\
              Shared_Clean: 500 kB\nShared_Dirty: 0 kB\nPrivate_Clean: 100 kB\n\
              Private_Dirty: 200 kB\n"
                .to_vec(),
        ),
        ("statm", b"765 359 120 4 0 100 0\n".to_vec()),
        ("comm", format!("{comm}\n").into_bytes()),
        ("cgroup", b"0::/system.slice/fake.service\n".to_vec()),
        ("oom_score_adj", b"0\n".to_vec()),
    ]
}

/// `healthy` broken as `kind` says.
fn broken(healthy: &[u8], kind: &str) -> Vec<u8> {
    match kind {
        // Cut in the middle of a line, as a reader racing a writer might see it.
        "trunc" => healthy[..healthy.len() / 2].to_vec(),
        "empty" => Vec::new(),
        "garbage" => b"\x01\x02 ) ( :: garbage\n:\nUid: x y\nPss: -1 kB\n\t\xff(\n)".to_vec(),
        // One line of a mebibyte and more.
        "big" => {
            let mut line = vec![b'9'; (1 << 20) + 7];
            line.push(b'\n');
            line
        }
        // Bytes that are not UTF-8 in place of letters.
        _ => healthy
            .iter()
            .map(|&b| if b == b'a' { 0xff } else { b })
            .collect(),
    }
}

/// A process of the tree: its PID, name, and the file broken in it.
struct Fake {
    pid: i32,
    comm: String,
    broken: Option<(&'static str, &'static str)>,
}

/// The tree: init (1), the healthy process, one process per file and way of
/// breaking it, and one whose descriptor links lead nowhere.
fn malformed_tree() -> (TempDir, Vec<Fake>) {
    let root = TempDir::new("proc-malformed");
    root.write("stat", b"cpu  1 2 3 4\nbtime 1700000000\n");
    root.write("uptime", b"1000.00 1900.00\n");
    root.write("meminfo", b"MemTotal:        2000000 kB\n");
    root.write("loadavg", b"0.10 0.20 0.30 1/100 4242\n");
    let mut fakes = vec![
        Fake {
            pid: 1,
            comm: "fakeinit".into(),
            broken: None,
        },
        Fake {
            pid: HEALTHY,
            comm: "healthy".into(),
            broken: None,
        },
        Fake {
            pid: 300,
            comm: "fd-nowhere".into(),
            broken: None,
        },
    ];
    let mut pid = 200;
    for file in FILES {
        for kind in KINDS {
            let short = file.trim_end_matches("_rollup");
            fakes.push(Fake {
                pid,
                comm: format!("{short}-{kind}"),
                broken: Some((file, kind)),
            });
            pid += 1;
        }
    }
    for fake in &fakes {
        for (name, content) in healthy_files(fake.pid, &fake.comm) {
            let content = match fake.broken {
                Some((file, kind)) if file == name => broken(&content, kind),
                _ => content,
            };
            root.write(&format!("{}/{name}", fake.pid), &content);
        }
        let links: &[(i32, &str)] = if fake.pid == 300 {
            &[
                (0, "/nonexistent/kps-gone (deleted)"),
                (1, "socket:[424242]"),
                (2, "pipe:[not a number]"),
                (3, "anon_inode:[eventfd]"),
                (4, "\u{1}\u{7f}garbage"),
            ]
        } else {
            &[
                (0, "/dev/null"),
                (1, "pipe:[9001]"),
                (2, "/nonexistent/kps-gone"),
            ]
        };
        for (fd, link) in links {
            root.link(&format!("{}/fd/{fd}", fake.pid), link);
            root.write(
                &format!("{}/fdinfo/{fd}", fake.pid),
                b"pos:\t0\nflags:\t02\n",
            );
        }
        root.link(&format!("{}/fd/junk", fake.pid), "/dev/null");
    }
    (root, fakes)
}

/// Runs kps on the tree: it must exit 0 and not panic.
/// The object of `objects` (JSON rows or reports) of the process `pid`.
fn object_of(objects: &[Value], pid: i32) -> &Value {
    objects
        .iter()
        .find(|o| o["pid"] == pid)
        .unwrap_or_else(|| panic!("no JSON object of PID {pid} in {objects:?}"))
}

fn run_ok(args: &[&str]) -> String {
    let output = kps(args);
    let err = stderr(&output);
    assert!(!err.contains("panicked"), "kps {args:?} panicked: {err}");
    assert!(output.status.success(), "kps {args:?}: {err}");
    stdout(&output)
}

/// The words of the line whose `column`th word is `pid`.
fn row_of(text: &str, column: usize, pid: i32) -> Option<Vec<String>> {
    text.lines()
        .map(|l| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .find(|words| words.get(column).map(String::as_str) == Some(&pid.to_string()))
}

fn assert_every_pid(text: &str, column: usize, fakes: &[Fake], what: &str) {
    for fake in fakes {
        assert!(
            row_of(text, column, fake.pid).is_some(),
            "{what}: no row for {} ({}):\n{text}",
            fake.pid,
            fake.comm
        );
    }
}

/// A stat that cannot be parsed (all but the one with foreign bytes in its name).
fn stat_unparsable(fake: &Fake) -> bool {
    matches!(fake.broken, Some(("stat", kind)) if kind != "nonutf8")
}

#[test]
fn listings_show_every_process_of_a_malformed_tree() {
    let (root, fakes) = malformed_tree();
    let dir = root.text();
    let aux = run_ok(&["--proc", dir, "aux"]);
    assert_every_pid(&aux, 1, &fakes, "aux");
    let ef = run_ok(&["--proc", dir, "-ef"]);
    assert_every_pid(&ef, 1, &fakes, "-ef");

    let format = "pid,ppid,pgid,sid,user,ruser,uid,gid,stat,ni,pri,pcpu,pmem,vsz,rss,sz,tty,\
                  etimes,time,wchan,nlwp,rchars,wchars,rbytes,pss,uss,cgroup,container,comm,args";
    let listing = run_ok(&["--proc", dir, "-eo", format]);
    assert_every_pid(&listing, 0, &fakes, "-eo");
    let healthy = row_of(&listing, 0, HEALTHY).unwrap_or_default();
    // 300 ticks over 950 s is 0.3%; a session leader (`s`); no wchan file.
    let expected = [
        "100",
        "1",
        "100",
        "100",
        "root",
        "root",
        "0",
        "0",
        "Ss",
        "0",
        "19",
        "0.3",
        "0.0",
        "3060",
        "1436",
        "765",
        "?",
        "950",
        "00:00:03",
        "?",
        "1",
        "11",
        "22",
        "4096",
        "700",
        "300",
        "0::/system.slice/fake.servi",
        "-",
        "healthy",
        "/usr/bin/healthy",
        "--alpha",
    ];
    assert_eq!(healthy, expected);
    let idless = |f: &&Fake| matches!(f.broken, Some(("status", "empty" | "garbage" | "big")));
    for fake in fakes.iter().filter(idless) {
        // No ids to go by: `?` for the names and `-` for the numbers, not root.
        let row = row_of(&listing, 0, fake.pid).unwrap_or_default();
        assert_eq!(&row[4..8], ["?", "?", "-", "-"], "{}: {row:?}", fake.comm);
    }
    let countless = |f: &&Fake| matches!(f.broken, Some(("io", "empty" | "garbage" | "big")));
    for fake in fakes.iter().filter(countless) {
        // As for an io file that may not be read, which ps shows as 0.
        let row = row_of(&listing, 0, fake.pid).unwrap_or_default();
        assert_eq!(&row[21..24], ["0", "0", "0"], "{}: {row:?}", fake.comm);
    }
    for fake in &fakes {
        let row = row_of(&listing, 0, fake.pid).unwrap_or_default();
        if stat_unparsable(fake) {
            // Nothing of stat's is known: the parent, groups, state, times.
            assert_eq!(&row[1..4], ["-", "-", "-"], "{}: {row:?}", fake.comm);
            assert_eq!(row[8], "-", "{}: {row:?}", fake.comm);
            assert!(row.contains(&fake.comm), "{}: {row:?}", fake.comm);
        } else {
            assert_eq!(row[1], "1", "{}: {row:?}", fake.comm);
        }
    }

    let json = run_ok(&["--proc", dir, "-e", "--json", "-o", format]);
    let rows: Vec<Value> = serde_json::from_str(&json).expect("valid JSON");
    for fake in &fakes {
        let row = object_of(&rows, fake.pid);
        if stat_unparsable(fake) {
            assert_eq!(row["ppid"], Value::Null, "{row}");
            assert_eq!(row["comm"], fake.comm.as_str(), "{row}");
        }
    }
    let healthy = object_of(&rows, HEALTHY);
    assert_eq!(healthy["rss"], 1436);
    assert_eq!(healthy["pss"], 700);
    assert_eq!(healthy["args"], "/usr/bin/healthy --alpha");
}

#[test]
fn trees_show_every_process_of_a_malformed_tree() {
    let (root, fakes) = malformed_tree();
    let dir = root.text();
    let pids_in = |text: &str| -> Vec<i32> {
        text.split(|c: char| !c.is_ascii_digit())
            .filter_map(|w| w.parse().ok())
            .collect()
    };
    for args in [
        &["tree", "--ascii", "--proc", dir][..],
        &["tree", "--ascii", "--totals", "--proc", dir],
        &[
            "tree",
            "--ascii",
            "--totals=procs,pss,uss,rss",
            "--proc",
            dir,
        ],
        &["tree", "--json", "--proc", dir],
    ] {
        let text = run_ok(args);
        let pids = pids_in(&text);
        for fake in &fakes {
            assert!(
                pids.contains(&fake.pid),
                "{args:?}: no {}:\n{text}",
                fake.pid
            );
        }
    }
}

#[test]
fn one_process_views_show_every_process_of_a_malformed_tree() {
    let (root, fakes) = malformed_tree();
    let dir = root.text();
    let pids: Vec<String> = fakes.iter().map(|f| f.pid.to_string()).collect();
    let with_pids = |view: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = view.iter().map(|s| s.to_string()).collect();
        args.extend(["--proc".to_string(), dir.to_string()]);
        args.extend(pids.iter().cloned());
        args
    };
    let run = |view: &[&str]| -> String {
        let args = with_pids(view);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_ok(&args)
    };

    let shown = run(&["show", "--json"]);
    let reports: Vec<Value> = serde_json::from_str::<Value>(&shown)
        .expect("one JSON array")
        .as_array()
        .cloned()
        .unwrap_or_default();
    for fake in &fakes {
        let report = object_of(&reports, fake.pid);
        if stat_unparsable(fake) {
            assert_eq!(report["ppid"], Value::Null, "{report}");
        } else {
            assert_eq!(report["ppid"], 1, "{report}");
        }
    }
    let healthy = object_of(&reports, HEALTHY);
    assert_eq!(
        healthy["argv"],
        serde_json::json!(["/usr/bin/healthy", "--alpha"])
    );
    assert_eq!(healthy["rbytes"], 4096);

    let text = run(&["show"]);
    for fake in &fakes {
        assert!(
            text.contains(&fake.pid.to_string()),
            "show: no {}",
            fake.pid
        );
    }
    run(&["show", "--shared"]);

    let fds = run(&["fds"]);
    for fake in &fakes {
        assert!(
            fds.contains(&format!("PID {} (", fake.pid)),
            "fds: no {}:\n{fds}",
            fake.pid
        );
    }
    assert!(
        has_line_of_words(&fds, &["0", "rw", "-", "chr", "0", "/dev/null"]),
        "{fds}"
    );
    assert!(
        has_line_of_words(
            &fds,
            &["2", "rw", "-", "path", "0", "/nonexistent/kps-gone"]
        ),
        "{fds}"
    );
    let array_len = |text: &str| {
        serde_json::from_str::<Value>(text)
            .ok()
            .and_then(|v| v.as_array().map(Vec::len))
    };
    let fds_json = run(&["fds", "--json"]);
    assert_eq!(array_len(&fds_json), Some(fakes.len()), "{fds_json}");

    let env = run(&["env", "--json"]);
    assert_eq!(array_len(&env), Some(fakes.len()), "{env}");
    let envs: Value = serde_json::from_str(&env).expect("one JSON array");
    let healthy_env = envs
        .as_array()
        .and_then(|all| all.iter().find(|v| v["pid"] == HEALTHY))
        .cloned()
        .unwrap_or_default();
    assert_eq!(healthy_env["environ"]["kps"], "abc", "{healthy_env}");
    // An empty environ says so, and only it fails.
    let args = with_pids(&["env"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let env = kps(&args);
    assert_eq!(env.status.code(), Some(1));
    assert_eq!(stderr(&env), "kps: PID 216 has an empty environment\n");
    assert!(
        stdout(&env).lines().any(|l| l == "kps=abc"),
        "{}",
        stdout(&env)
    );

    // Every process but the one without it holds /dev/null as descriptor 0.
    let who = run_ok(&["who", "--proc", dir, "--pids", "/dev/null"]);
    let holders: Vec<i32> = who.lines().filter_map(|l| l.parse().ok()).collect();
    for fake in fakes.iter().filter(|f| f.pid != 300) {
        assert!(holders.contains(&fake.pid), "who: no {}:\n{who}", fake.pid);
    }
}
