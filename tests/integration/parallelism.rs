//! Effective parallelism: the cores a process keeps busy and its busy
//! threads, over `--sample` and `--watch` intervals. The fixtures are one
//! Python process with four busy threads each: hashing, which releases the
//! GIL and so runs on as many cores as the machine gives it, and pure Python,
//! which the GIL keeps to one core. Every assertion is a relation that holds
//! however loaded the machine is: the share of the cores a loaded machine
//! gives is never assumed.

use serde_json::Value;

use crate::common::*;

/// Four threads named `MODE-0` to `MODE-3` that never stop: `hash` hashes a
/// MiB at a time (hashlib releases the GIL for it), `gil` counts in Python.
const FIXTURE: &str = "import ctypes, hashlib, sys, threading, time
libc = ctypes.CDLL(None)
mode = sys.argv[1]
data = b'x' * (1 << 20)
def work(index):
    libc.prctl(15, ('%s-%d' % (mode, index)).encode(), 0, 0, 0)
    n = 0
    while True:
        if mode == 'hash':
            hashlib.sha256(data).digest()
        else:
            n += 1
for index in range(4):
    threading.Thread(target=work, args=(index,), daemon=True).start()
time.sleep(3600)
";

/// The fixture in `mode`, once its four threads have their names.
fn four_threads(mode: &str) -> Fixture {
    let fixture = Fixture::spawn("python3", &["-c", FIXTURE, mode]);
    let named = |pid: i32| {
        std::fs::read_dir(format!("/proc/{pid}/task"))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|task| {
                std::fs::read_to_string(task.path().join("comm"))
                    .is_ok_and(|comm| comm.starts_with(&format!("{mode}-")))
            })
            .count()
    };
    wait_until(|| named(fixture.pid) == 4, "four named threads");
    fixture
}

fn json(args: &[&str]) -> Value {
    let output = kps(args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", stdout(&output)))
}

fn number(value: &Value, key: &str) -> f64 {
    value[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number: {value}"))
}

/// The `parallelism` object of `kps show --sample=MS --json PID`.
fn parallelism(pid: i32, ms: u32) -> Value {
    let report = json(&[
        "show",
        &format!("--sample={ms}"),
        "--json",
        &pid.to_string(),
    ]);
    report[0]["parallelism"].clone()
}

fn cores_online() -> u64 {
    std::thread::available_parallelism().map_or(1, |n| n.get() as u64)
}

/// The GIL keeps pure Python threads to about one core, however many are
/// busy; a hashing process gets more than that in the same interval.
#[test]
fn the_gil_holds_four_busy_threads_to_one_core() {
    let hashing = four_threads("hash");
    let gil = four_threads("gil");
    let pids = format!("{},{}", hashing.pid, gil.pid);
    let mut figures = String::new();
    // A machine whose cores are all taken may give the hashing process no
    // more than the other in one second: sample again until it shows.
    wait_until(
        || {
            let rows = json(&[
                "-o",
                "pid,cores,busy,nlwp",
                "--sample=1000",
                "--json",
                "-p",
                &pids,
            ]);
            let row = |pid: i32| {
                rows.as_array()
                    .and_then(|rows| rows.iter().find(|r| r["pid"] == pid))
                    .cloned()
                    .unwrap_or_else(|| panic!("no row for {pid}: {rows}"))
            };
            let (hashed, held) = (row(hashing.pid), row(gil.pid));
            figures = format!("hash {hashed}, gil {held}");
            eprintln!("{figures}");
            assert!(number(&held, "cores") <= 1.15, "{figures}");
            assert_eq!(held["nlwp"], 5, "{figures}");
            number(&hashed, "cores") > number(&held, "cores") && hashed["busy"] == 4
        },
        "the hashing process to use more cores, its four threads busy",
    );
    eprintln!("measured: {figures}");
}

/// Per thread: what it used adds up to the process' figure, the core it
/// last ran on is one of the machine's, and the four workers were busy.
#[test]
fn show_sample_splits_the_cores_used_by_thread() {
    let hashing = four_threads("hash");
    let mut last = Value::Null;
    wait_until(
        || {
            let p = parallelism(hashing.pid, 1000);
            let threads = p["threads"].as_array().expect("threads").clone();
            assert_eq!(threads.len(), 5, "{p}");
            let sum: f64 = threads.iter().map(|t| number(t, "pcpu")).sum();
            let whole = number(&p, "cores") * 100.0;
            // Each thread's ticks and the process' are counted apart, each
            // rounded down to a tick: a few ticks either way.
            assert!((sum - whole).abs() <= 10.0 + whole * 0.1, "{sum} vs {p}");
            for thread in &threads {
                let core = thread["psr"].as_u64().expect("psr");
                assert!(core < cores_online(), "{thread}");
            }
            let workers = threads
                .iter()
                .filter(|t| t["comm"].as_str().is_some_and(|c| c.starts_with("hash-")))
                .count();
            assert_eq!(workers, 4, "{p}");
            last = p.clone();
            p["busy_threads"] == 4
        },
        "four busy threads",
    );
    eprintln!("hash: {last}");
    let gil = four_threads("gil");
    let p = parallelism(gil.pid, 1000);
    eprintln!("gil: {p}");
    assert!(number(&p, "cores") <= 1.15, "{p}");

    let text = stdout(&kps(&["show", "--sample=300", &hashing.pid.to_string()]));
    assert!(text.contains("\nparallelism over 0."), "{text}");
    assert!(text.contains("cores used"), "{text}");
    assert!(text.contains(" of 5 (ran or waited for a core"), "{text}");
    assert!(
        has_line_of_words(&text, &["TID", "NAME", "%CPU", "CPU", "STATE"]),
        "{text}"
    );
    assert!(text.contains(" hash-3 "), "{text}");
}

/// Without an interval `cores` is the average over the process' life, as
/// %CPU is, and `busy` has nothing to count.
#[test]
fn without_a_sample_cores_is_the_lifetime_average() {
    let hashing = four_threads("hash");
    let output = kps(&["-o", "pcpu=,cores=,busy=", "-p", &hashing.pid.to_string()]);
    let text = stdout(&output);
    let words: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(words.len(), 3, "{text}");
    let pcpu: f64 = words[0].parse().expect("%CPU");
    let cores: f64 = words[1].parse().expect("cores");
    assert!((cores * 100.0 - pcpu).abs() <= 1.0, "{text}");
    assert_eq!(words[2], "-", "{text}");
}

/// Under --watch every frame after the first measures over the interval.
#[test]
fn watch_counts_busy_threads_per_interval() {
    let hashing = four_threads("hash");
    let pid = hashing.pid.to_string();
    let output = kps(&[
        "--watch=0.5",
        "--count=3",
        "-o",
        "pid=,busy=,cores=",
        "-p",
        &pid,
    ]);
    let text = stdout(&output);
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| !l.starts_with("---"))
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(rows.len(), 3, "{text}");
    assert_eq!(
        rows[0][1], "-",
        "no interval before the first frame: {text}"
    );
    for row in &rows[1..] {
        let busy: u32 = row[1].parse().unwrap_or_else(|_| panic!("{text}"));
        assert!(busy <= 5, "{text}");
        let _: f64 = row[2].parse().unwrap_or_else(|_| panic!("{text}"));
    }

    let output = kps(&["show", "--watch=0.3", "--count=2", &pid]);
    let text = stdout(&output);
    assert_eq!(text.matches("\nparallelism over ").count(), 2, "{text}");
}

#[test]
fn a_bad_sample_is_one_line_of_error() {
    let output = kps(&["show", "--sample=0", "1"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "kps: error: --sample takes 1 to 60000 milliseconds: '0'\n"
    );
    assert_eq!(stdout(&output), "");
}
