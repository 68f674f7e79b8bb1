//! Machine-readable output: the keys of `--json` (and the `--csv` header) are
//! identifiers jq can address, one per specifier whatever alias names it.

use std::io::Write as _;
use std::process::{Command, Stdio};

use crate::common::*;
use serde_json::Value;

fn is_identifier(key: &str) -> bool {
    let mut bytes = key.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b == b'_')
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The keys of the one row `kps -o FORMAT -p PID --json` prints.
fn keys_of(format: &str, pid: &str) -> Vec<String> {
    let output = kps(&["-o", format, "-p", pid, "--json"]);
    assert!(output.status.success(), "{format}: {}", stderr(&output));
    let rows: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    rows[0]
        .as_object()
        .expect("one object")
        .keys()
        .cloned()
        .collect()
}

/// Runs `program args` with `input` on its stdin.
fn piped(program: &str, args: &[&str], input: &[u8]) -> std::process::Output {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(input).expect("write to the pipe");
    drop(stdin);
    child.wait_with_output().expect("wait")
}

#[test]
fn every_specifier_has_an_identifier_key() {
    let fixture = Fixture::spawn("sleep", &["3600"]);
    let pid = fixture.pid_str();
    let listed = stdout(&kps(&["L"]));
    let names: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(names.len() > 150, "{listed}");
    for name in names {
        let keys = keys_of(name, &pid);
        assert_eq!(keys.len(), 1, "{name}: {keys:?}");
        assert!(is_identifier(&keys[0]), "{name} has the key {:?}", keys[0]);
    }
}

#[test]
fn aliases_share_one_key_that_says_what_the_value_is() {
    let fixture = Fixture::spawn("sleep", &["3600"]);
    let pid = fixture.pid_str();
    for (aliases, key) in [
        (&["%cpu", "pcpu"][..], "pcpu"),
        (&["%mem", "pmem"], "pmem"),
        (&["user", "euser", "uname", "uid_hack"], "user"),
        (&["tty", "tt", "tname", "tty8", "tty4"], "tty"),
        (&["time", "cputime", "bsdtime", "times"], "time"),
        (
            &["start", "start_time", "stime", "bsdstart", "lstart"],
            "start",
        ),
        (&["args", "cmd", "command"], "args"),
        (&["comm", "ucmd", "ucomm"], "comm"),
    ] {
        for alias in aliases {
            assert_eq!(keys_of(alias, &pid), [key], "-o {alias}");
        }
    }
    // The lists of `-ef` and `aux` say what their values are too.
    assert_eq!(
        keys_of(
            "user,pid,%cpu,%mem,vsz,rss,tname,stat,start_time,bsdtime,args",
            &pid
        ),
        [
            "user", "pid", "pcpu", "pmem", "vsz", "rss", "tty", "stat", "start", "time", "args"
        ]
    );
}

#[test]
fn columns_of_one_key_are_numbered_not_merged() {
    let fixture = Fixture::spawn("sleep", &["3600"]);
    let pid = fixture.pid_str();
    let output = kps(&["-o", "pid,tgid,time,bsdtime,lwp,spid", "-p", &pid, "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    // The raw text: a parser would quietly keep one of two equal keys.
    assert_eq!(
        stdout(&output),
        format!(
            "[{{\"pid\":{pid},\"pid_2\":{pid},\"time\":0,\"time_2\":0,\"tid\":{pid},\"tid_2\":{pid}}}]\n"
        )
    );
}

#[test]
fn jq_addresses_every_key_of_aux_and_ef() {
    let fixture = Fixture::spawn("sleep", &["3600"]);
    wait_for_comm(fixture.pid, "sleep");
    let pid = fixture.pid_str();
    for (args, program, fields) in [
        (
            &["-o", "%cpu,%mem,uid_hack,tname,bsdtime", "-p", &pid][..],
            ".[0] | [.pcpu, .pmem, .user, .tty, .time] | @tsv",
            "%cpu,%mem,user,tname,bsdtime",
        ),
        (
            &["-f", "-p", &pid],
            ".[0] | [.user, .pid, .ppid, .args] | @tsv",
            "user,pid,ppid,args",
        ),
    ] {
        let mut json_args = args.to_vec();
        json_args.push("--json");
        let json = kps(&json_args);
        assert!(json.status.success(), "{}", stderr(&json));
        let jq = piped("jq", &["-r", program], &json.stdout);
        assert!(jq.status.success(), "jq {program}: {}", stderr(&jq));
        let got: Vec<String> = stdout(&jq)
            .trim_end()
            .split('\t')
            .map(|v| {
                if v.is_empty() {
                    "?".to_string()
                } else {
                    v.to_string()
                }
            })
            .collect();
        // The same values as ps prints, null (no terminal) as ps' `?`.
        let reference = stdout(&ps(&["-o", fields, "-p", &pid, "--no-headers"]));
        let mut want: Vec<String> = reference.split_whitespace().map(str::to_string).collect();
        if fields.starts_with("%cpu") {
            // BSD time is M:SS; JSON has seconds.
            let (m, s) = want[4].split_once(':').expect("M:SS");
            want[4] = (m.parse::<u64>().unwrap() * 60 + s.parse::<u64>().unwrap()).to_string();
            // ps prints 0.0 where JSON has the number 0.
            for v in &mut want[..2] {
                *v = v.parse::<f64>().unwrap().to_string();
            }
        } else {
            want = vec![
                want[0].clone(),
                want[1].clone(),
                want[2].clone(),
                want[3..].join(" "),
            ];
        }
        assert_eq!(got, want, "{args:?}");
    }
}

/// Each object's `pid` in preorder, and a check that every child's `ppid`
/// (where there is one) is its parent's `pid`.
fn preorder_pids(objects: &Value, parent: Option<&Value>, pids: &mut Vec<i64>) {
    for object in objects.as_array().expect("an array") {
        if let (Some(parent), Some(ppid)) = (parent, object.get("ppid")) {
            assert_eq!(ppid, &parent["pid"], "{object}");
        }
        pids.push(object["pid"].as_i64().expect("a pid"));
        preorder_pids(&object["children"], Some(object), pids);
    }
}

#[test]
fn forest_json_nests_children_as_the_tree_does() {
    // A session of its own: a shell, its two children, a grandchild.
    let family = Fixture::session_shell("sleep 3600 & sh -c 'sleep 3600 & wait' & wait");
    let sid = family.pid_str();
    wait_until(
        || {
            let text = stdout(&ps(&["-s", &sid, "-o", "comm="]));
            text.lines().filter(|l| l.trim() == "sleep").count() == 2
        },
        "the family's sleeps",
    );
    let output = kps(&["-s", &sid, "--forest", "-o", "pid,ppid,comm", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let roots: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(roots.as_array().map(Vec::len), Some(1), "one root: {roots}");
    assert_eq!(roots[0]["pid"], family.pid);
    assert_eq!(roots[0]["children"].as_array().map(Vec::len), Some(2));
    let mut pids = Vec::new();
    preorder_pids(&roots, None, &mut pids);
    // Depth first in ps' forest order.
    let reference = stdout(&ps(&["-s", &sid, "--forest", "-o", "pid="]));
    let want: Vec<i64> = reference
        .split_whitespace()
        .map(|p| p.parse().expect("a pid"))
        .collect();
    assert_eq!(pids, want);
    // The same shape as `kps tree --json`.
    let tree: Value = serde_json::from_slice(&kps(&["tree", "--json", &sid]).stdout).expect("JSON");
    let mut tree_pids = Vec::new();
    preorder_pids(&tree, None, &mut tree_pids);
    let mut sorted = pids.clone();
    sorted.sort_unstable();
    tree_pids.sort_unstable();
    assert_eq!(sorted, tree_pids);
    // Without --forest a listing stays flat.
    let flat: Value =
        serde_json::from_slice(&kps(&["-s", &sid, "-o", "pid", "--json"]).stdout).expect("JSON");
    assert_eq!(flat.as_array().map(Vec::len), Some(4));
    assert!(flat[0].get("children").is_none());
}

#[test]
fn one_process_views_print_one_array_for_any_number_of_pids() {
    let first = Fixture::spawn("sleep", &["3600"]);
    let second = Fixture::spawn("sleep", &["3601"]);
    wait_for_comm(first.pid, "sleep");
    wait_for_comm(second.pid, "sleep");
    let (a, b) = (first.pid_str(), second.pid_str());
    for view in ["show", "fds", "env"] {
        for pids in [&[a.as_str()][..], &[a.as_str(), b.as_str()]] {
            let mut args = vec![view, "--json"];
            args.extend(pids);
            let output = kps(&args);
            assert!(output.status.success(), "{args:?}: {}", stderr(&output));
            // One document, as the README pipes it.
            let tool = piped("python3", &["-m", "json.tool"], &output.stdout);
            assert!(tool.status.success(), "{args:?}: {}", stderr(&tool));
            let slurped = piped("jq", &["-s", "-c", ".[0] | map(.pid)"], &output.stdout);
            assert!(slurped.status.success(), "{args:?}: {}", stderr(&slurped));
            assert_eq!(
                stdout(&slurped).trim_end(),
                format!("[{}]", pids.join(",")),
                "{args:?}"
            );
            let rows: Value = serde_json::from_slice(&output.stdout).expect("JSON");
            assert_eq!(rows.as_array().map(Vec::len), Some(pids.len()), "{args:?}");
        }
    }
}

/// `text` read by python's csv module, as a list of rows of fields.
fn python_csv(text: &[u8]) -> Vec<Vec<String>> {
    let script = "import csv, json, sys\n\
                  rows = list(csv.reader(sys.stdin.buffer.read().decode('utf-8').splitlines(True), strict=True))\n\
                  print(json.dumps(rows))";
    let output = piped("python3", &["-c", script], text);
    assert!(output.status.success(), "python csv: {}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("python's rows")
}

/// An argv with every byte a CSV writer must take care of.
const AWKWARD: &str = "kps,csv \"quoted\" a\nb\r\u{1b}[31m\u{7}tab\there";

#[test]
fn csv_listing_quotes_as_rfc_4180_and_matches_ps_values() {
    let fixture = Fixture::sleeper_named(AWKWARD, &["3600"]);
    wait_for_comm(fixture.pid, "sleep");
    let pid = fixture.pid_str();
    let format = "pid,user,tty,comm,args";
    let output = kps(&["-o", format, "-p", &pid, "--csv"]);
    assert!(output.status.success(), "{}", stderr(&output));
    // No raw control byte but the line ends.
    assert!(
        output
            .stdout
            .iter()
            .all(|&b| b == b'\n' || (b >= 0x20 && b != 0x7f)),
        "{:?}",
        stdout(&output)
    );
    let rows = python_csv(&output.stdout);
    assert_eq!(rows.len(), 2, "a header and one row: {rows:?}");
    // The header is the JSON keys.
    let json: Value =
        serde_json::from_slice(&kps(&["-o", format, "-p", &pid, "--json"]).stdout).expect("JSON");
    let keys: Vec<&String> = json[0].as_object().expect("object").keys().collect();
    assert_eq!(rows[0].iter().collect::<Vec<_>>(), keys);
    // Each value as ps prints it alone (a process with no terminal has an
    // empty cell where ps prints `?`).
    for (i, field) in ["pid", "user", "tty", "comm", "args"].iter().enumerate() {
        let reference = stdout(&ps(&["-o", &format!("{field}="), "-p", &pid]));
        let want = reference.trim();
        let got = if rows[1][i].is_empty() {
            "?"
        } else {
            rows[1][i].as_str()
        };
        assert_eq!(got, want, "{field}");
    }
    assert!(
        rows[1][4].contains("kps,csv \"quoted\""),
        "{:?}",
        rows[1][4]
    );
}

#[test]
fn csv_has_a_header_without_rows_and_numbered_repeated_keys() {
    let output = kps(&["-p", "2147483646", "-o", "pid,tgid,%cpu", "--csv"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "pid,pid_2,pcpu\n");
    for (args, message) in [
        (&["--csv", "--json"][..], "--csv and --json"),
        (
            &["--csv", "--watch"],
            "--csv cannot be combined with --watch",
        ),
    ] {
        let output = kps(args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let err = stderr(&output);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains(message), "{err}");
    }
}

#[test]
fn csv_of_who_holds_what_json_holds() {
    let dir = std::env::temp_dir().join(format!("kps-csv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("held, \"odd\" name.log");
    std::fs::write(&path, b"x").expect("create the file");
    let holder = Fixture::shell(&format!("exec sleep 3600 < '{}'", path.to_string_lossy()));
    wait_for_comm(holder.pid, "sleep");
    let target = path.to_string_lossy().into_owned();
    let csv = kps(&["who", "--csv", &target]);
    assert!(csv.status.success(), "{}", stderr(&csv));
    let json: Value =
        serde_json::from_slice(&kps(&["who", "--json", &target]).stdout).expect("JSON");
    let rows = python_csv(&csv.stdout);
    let objects = json.as_array().expect("an array");
    assert_eq!(rows.len(), objects.len() + 1, "{rows:?}");
    let header = &rows[0];
    for (row, object) in rows[1..].iter().zip(objects) {
        for (key, cell) in header.iter().zip(row) {
            let want = match &object[key] {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(cell, &want, "{key}");
        }
    }
    let mine = rows[1..]
        .iter()
        .find(|row| row[header.iter().position(|k| k == "pid").unwrap()] == holder.pid_str())
        .expect("the holder's row");
    assert!(mine.contains(&target), "{mine:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
