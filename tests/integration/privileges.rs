//! No privilege leaks: a kps installed setuid root, setgid root or with file
//! capabilities, run by `nobody`, shows only what nobody may read.
//!
//! Each test installs its own copy of kps (owned by root, mode and
//! capabilities set) and a control: the same installation of a program that
//! prints what it can do, so that a file system that ignores the setuid bit
//! cannot make a test pass.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::{Fixture, KPS, kps_as_nobody, plain_command, stderr, stdout, wait_for_comm};

/// A directory of installed copies, removed when dropped.
struct Installed {
    dir: PathBuf,
}

impl Installed {
    fn new(test: &str) -> Installed {
        let dir = std::env::temp_dir().join(format!("kps-priv-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create install dir");
        run_ok("chmod", &["0755".as_ref(), dir.as_os_str()]);
        Installed { dir }
    }

    /// Installs `source` as `name`, owned by root, with `mode`. install(1)
    /// copies it in another process, so no descriptor of ours holds it open
    /// for writing (exec would fail with ETXTBSY).
    fn install(&self, source: &str, name: &str, mode: &str) -> PathBuf {
        let target = self.dir.join(name);
        run_ok(
            "install",
            &[
                "-o".as_ref(),
                "root".as_ref(),
                "-g".as_ref(),
                "root".as_ref(),
                "-m".as_ref(),
                mode.as_ref(),
                source.as_ref(),
                target.as_os_str(),
            ],
        );
        target
    }
}

impl Drop for Installed {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn run_ok(program: &str, args: &[&std::ffi::OsStr]) {
    let status = Command::new(program)
        .args(args)
        .status()
        .unwrap_or_else(|e| panic!("run {program}: {e}"));
    assert!(status.success(), "{program} {args:?}: {status}");
}

/// Runs `program args` as user and group 65534 with no supplementary groups.
fn as_nobody(program: &Path, args: &[&str]) -> Output {
    plain_command("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(program)
        .args(args)
        .output()
        .expect("run setpriv")
}

/// The ids of the kps process itself, by its command name: all eight must
/// be nobody's.
fn assert_own_ids_are_nobodys(kps: &Path) {
    let name = kps.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let out = as_nobody(
        kps,
        &[
            "-C",
            name,
            "--no-headers",
            "-o",
            "ruid,euid,suid,fuid,rgid,egid,sgid,fgid",
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let ids: Vec<String> = stdout(&out).split_whitespace().map(str::to_owned).collect();
    assert_eq!(ids, vec!["65534"; 8], "{}", stdout(&out));
}

/// A root process with a secret in its environment.
fn root_process_with_a_secret() -> Fixture {
    let mut cmd = Command::new("sleep");
    cmd.arg("3600").env(SECRET.0, SECRET.1);
    let fixture = Fixture::from_command(cmd);
    wait_for_comm(fixture.pid, "sleep");
    fixture
}

const SECRET: (&str, &str) = ("KPS_TEST_SECRET", "do-not-show-nobody");

/// What nobody cannot read of a root process: its environment and its
/// descriptors. kps must fail as an unprivileged kps does.
fn assert_root_secrets_are_hidden(kps: &Path, root: &Fixture) {
    let pid = root.pid_str();
    for view in ["env", "fds"] {
        let out = as_nobody(kps, &[view, &pid]);
        assert_eq!(out.status.code(), Some(1), "{view}: {}", stdout(&out));
        let message = stderr(&out);
        assert_eq!(message.lines().count(), 1, "{view}: {message}");
        assert!(
            message.to_lowercase().contains("permission"),
            "{view}: {message}"
        );
    }
    // The `e` modifier appends the environment where it may be read, and
    // PSS needs smaps_rollup, which only the owner may read: the row is the
    // one an unprivileged kps prints, without the secret.
    let args = ["e", "-o", "pss,args", "--no-headers", "-p", &pid];
    let out = as_nobody(kps, &args);
    let row = stdout(&out);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(row.contains("sleep 3600"), "{row}");
    assert!(!row.contains(SECRET.1), "{row}");
    assert_eq!(row, stdout(&kps_as_nobody(&args)));
}

/// kps installed as root's with `mode` (setuid or setgid: `kind`), run by
/// nobody as nobody. Control first: id(1) installed so and run by nobody
/// prints 0 for `id_option` (`-u` or `-g`), so this file system honours the
/// bit. Returns the installation and kps in it.
fn assert_set_id_kps_is_nobodys(kind: &str, mode: &str, id_option: &str) -> (Installed, PathBuf) {
    let dir = Installed::new(kind);
    let id = dir.install("/usr/bin/id", "id", mode);
    assert_eq!(stdout(&as_nobody(&id, &[id_option])).trim(), "0", "{kind}");

    let kps = dir.install(KPS, &format!("kps-{kind}"), mode);
    assert_own_ids_are_nobodys(&kps);
    (dir, kps)
}

#[test]
fn setuid_root_kps_runs_as_its_caller() {
    let (_dir, kps) = assert_set_id_kps_is_nobodys("setuid", "4755", "-u");
    assert_root_secrets_are_hidden(&kps, &root_process_with_a_secret());
}

#[test]
fn setgid_root_kps_runs_in_its_callers_group() {
    assert_set_id_kps_is_nobodys("setgid", "2755", "-g");
}

#[test]
fn kps_with_file_capabilities_gives_them_up() {
    let dir = Installed::new("caps");
    let caps = "cap_dac_read_search,cap_sys_ptrace+ep";
    let root = root_process_with_a_secret();
    // Control: cat with the same capabilities reads the root process'
    // environment.
    let cat = dir.install("/usr/bin/cat", "cat", "0755");
    run_ok("setcap", &[caps.as_ref(), cat.as_os_str()]);
    let environ = as_nobody(&cat, &[&format!("/proc/{}/environ", root.pid)]);
    assert!(stdout(&environ).contains(SECRET.1), "{}", stderr(&environ));

    let kps = dir.install(KPS, "kps-caps", "0755");
    run_ok("setcap", &[caps.as_ref(), kps.as_os_str()]);
    assert_root_secrets_are_hidden(&kps, &root);
}
