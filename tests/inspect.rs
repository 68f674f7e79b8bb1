//! `kps show`, `kps fds`, `kps env`: fixtures with known threads, memory,
//! signals, files, pipes, sockets and environment, and what kps says about them.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use common::*;
use serde_json::Value;

fn json_of(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "kps did not print JSON ({e}):\n{}\nstderr: {}",
            stdout(output),
            stderr(output)
        )
    })
}

fn assert_ok(output: &Output) {
    assert!(
        output.status.success(),
        "kps failed: {:?}\nstderr: {}",
        output.status,
        stderr(output)
    );
}

fn assert_exit_1(output: &Output) {
    assert_eq!(output.status.code(), Some(1), "stderr: {}", stderr(output));
}

/// The only object of a one-PID `--json` answer.
fn single(output: &Output) -> Value {
    assert_ok(output);
    let all = json_of(output);
    let items = all.as_array().expect("a JSON array");
    assert_eq!(items.len(), 1, "one object per PID: {all}");
    items[0].clone()
}

/// A PID that cannot exist: one above the kernel's maximum.
fn missing_pid() -> String {
    let max: i64 = std::fs::read_to_string("/proc/sys/kernel/pid_max")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(4_194_304);
    (max + 1).to_string()
}

/// The kps binary, or a copy of it when the build directory is closed to
/// other users, for runs as `nobody`.
fn kps_for_anyone() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let built = PathBuf::from(KPS);
        if runnable_by_anyone(&built) {
            return built;
        }
        let dir = std::env::temp_dir().join(format!("kps-inspect-bin-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create bin dir");
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod dir");
        let copy = dir.join("kps");
        // Copied by another process: a file this one held open for writing
        // would leak into fixtures forked meanwhile, and exec would fail
        // with ETXTBSY until they exec in turn.
        let installed = Command::new("install")
            .args(["-m", "0755", KPS])
            .arg(&copy)
            .status()
            .expect("run install");
        assert!(installed.success(), "install kps: {installed:?}");
        copy
    })
}

/// Every directory on the way may be searched, and the file run, by others.
fn runnable_by_anyone(path: &Path) -> bool {
    let others_may =
        |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.permissions().mode() & 0o001 != 0);
    others_may(path) && path.ancestors().skip(1).all(others_may)
}

/// Runs kps as user and group 65534 (nobody), with no supplementary groups.
fn kps_as_nobody(args: &[&str]) -> Output {
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(kps_for_anyone())
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run setpriv")
}

// ---- kps env --------------------------------------------------------------

/// `sleep` with exactly this environment, in this order.
fn sleeper_with_env(vars: &[&str]) -> Fixture {
    let mut args = vec!["-i"];
    args.extend_from_slice(vars);
    args.extend(["sleep", "3600"]);
    let fixture = Fixture::spawn("env", &args);
    wait_for_comm(fixture.pid, "sleep");
    fixture
}

const ENV: &[&str] = &[
    "ZED=last letter first",
    "ALPHA=x\x1b[2Jy",
    "MID=a=b",
    "EMPTY=",
];

#[test]
fn env_prints_variables_in_the_process_order_escaped() {
    let sleeper = sleeper_with_env(ENV);
    let output = kps(&["env", &sleeper.pid_str()]);
    assert_ok(&output);
    assert_eq!(
        stdout(&output),
        "ZED=last letter first\nALPHA=x?[2Jy\nMID=a=b\nEMPTY=\n"
    );
}

#[test]
fn env_null_prints_the_raw_bytes() {
    let sleeper = sleeper_with_env(ENV);
    let output = kps(&["env", "-0", &sleeper.pid_str()]);
    assert_ok(&output);
    assert_eq!(
        output.stdout,
        b"ZED=last letter first\0ALPHA=x\x1b[2Jy\0MID=a=b\0EMPTY=\0"
    );
    let long = kps(&["env", "--null", &sleeper.pid_str()]);
    assert_eq!(long.stdout, output.stdout);
}

#[test]
fn env_json_keeps_values_and_order() {
    let sleeper = sleeper_with_env(ENV);
    let output = kps(&["env", "--json", &sleeper.pid_str()]);
    let item = single(&output);
    assert_eq!(item["pid"], sleeper.pid);
    assert_eq!(
        item["environ"],
        serde_json::json!({"ZED": "last letter first", "ALPHA": "x\u{1b}[2Jy", "MID": "a=b", "EMPTY": ""})
    );
    let raw = stdout(&output);
    let position = |key: &str| raw.find(&format!("\"{key}\"")).expect(key);
    assert!(
        position("ZED") < position("ALPHA") && position("ALPHA") < position("MID"),
        "{raw}"
    );
    assert!(!raw.contains('\x1b'), "escape byte must be encoded: {raw}");
}

#[test]
fn env_of_a_zombie_is_empty() {
    let parent = Fixture::shell("sh -c 'exit 0' & exec sleep 3600");
    wait_until(
        || {
            parent
                .children()
                .iter()
                .any(|&k| proc_state(k) == Some('Z'))
        },
        "a zombie",
    );
    let zombie = parent.children()[0];
    let output = kps(&["env", &zombie.to_string()]);
    assert_ok(&output);
    assert_eq!(stdout(&output), "");
}

#[test]
fn env_of_a_kernel_thread_is_empty() {
    let kernel_thread = std::fs::read_dir("/proc")
        .expect("read /proc")
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .find(|pid| {
            // PF_KTHREAD in the flags field (the 9th) of stat.
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .ok()
                .and_then(|s| {
                    s.rsplit_once(") ")?
                        .1
                        .split(' ')
                        .nth(6)?
                        .parse::<u32>()
                        .ok()
                })
                .is_some_and(|flags| flags & 0x0020_0000 != 0)
        });
    let Some(pid) = kernel_thread else {
        eprintln!("no kernel thread visible here (a PID namespace?)");
        return;
    };
    let output = kps(&["env", &pid.to_string()]);
    assert_ok(&output);
    assert_eq!(stdout(&output), "");
}

#[test]
fn env_of_another_users_process_is_denied() {
    let sleeper = sleeper_with_env(ENV);
    let output = kps_as_nobody(&["env", &sleeper.pid_str()]);
    assert_exit_1(&output);
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        format!("kps: PID {}: permission denied\n", sleeper.pid)
    );
}

#[test]
fn env_of_several_pids_prints_each_and_fails_on_a_missing_one() {
    let first = sleeper_with_env(&["ONE=1"]);
    let second = sleeper_with_env(&["TWO=2"]);
    let missing = missing_pid();
    let output = kps(&["env", &first.pid_str(), &missing, &second.pid_str()]);
    assert_exit_1(&output);
    assert_eq!(
        stdout(&output),
        format!(
            "PID {} (sleep)\nONE=1\n\nPID {} (sleep)\nTWO=2\n",
            first.pid, second.pid
        )
    );
    assert_eq!(
        stderr(&output),
        format!("kps: PID {missing}: no such process\n")
    );
    let raw = kps(&["env", "-0", &first.pid_str(), &second.pid_str()]);
    assert_eq!(raw.stdout, b"ONE=1\0\0TWO=2\0\0");
}

// ---- all three ------------------------------------------------------------

#[test]
fn bad_pids_are_one_line_errors() {
    for args in [&["env", "abc"][..], &["env"], &["env", "-0", "--json", "1"]] {
        let output = kps(args);
        assert_exit_1(&output);
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "{args:?}: {message}");
        assert!(message.starts_with("kps: "), "{args:?}: {message}");
        assert!(!message.contains("panicked"), "{args:?}: {message}");
        assert_eq!(stdout(&output), "");
    }
}
