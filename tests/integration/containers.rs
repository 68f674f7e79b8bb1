//! Containers and namespaces without a container runtime: fixtures moved into
//! cgroups named the way each runtime names them, and namespaces made with
//! unshare.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::*;
use crate::synthetic::{TempDir, stat_line, status_text, unique};

/// Where a cgroup hierarchy is mounted: the unified one (`cgroup2`), or the
/// v1 hierarchy with `option` among its mount options.
fn hierarchy(fstype: &str, option: &str) -> PathBuf {
    let mounts = std::fs::read_to_string("/proc/self/mounts").expect("read mounts");
    mounts
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            (fields.get(2) == Some(&fstype)
                && (option.is_empty() || fields.get(3)?.split(',').any(|o| o == option)))
            .then(|| PathBuf::from(fields[1]))
        })
        .next()
        .unwrap_or_else(|| panic!("no {fstype} {option} hierarchy mounted"))
}

fn unified() -> PathBuf {
    hierarchy("cgroup2", "")
}

fn pids_v1() -> PathBuf {
    hierarchy("cgroup", "pids")
}

/// 64 random lowercase hex digits, as runtimes make container ids.
fn container_id() -> String {
    let mut random = [0u8; 32];
    let mut file = std::fs::File::open("/dev/urandom").expect("open urandom");
    std::io::Read::read_exact(&mut file, &mut random).expect("read urandom");
    random.iter().map(|b| format!("{b:02x}")).collect()
}

/// A sleeping fixture moved into cgroups; on drop it is killed and the
/// directories made for it removed, innermost first.
struct Jailed {
    fixture: Option<Fixture>,
    /// Every directory created, outermost first.
    created: Vec<PathBuf>,
}

impl Jailed {
    /// Moves a new `sleep` into `path` (relative, `/`-separated) under each
    /// hierarchy, below a top directory of its own.
    fn new(hierarchies: &[PathBuf], path: &str) -> Jailed {
        let fixture = Fixture::spawn("sleep", &["3600"]);
        let top = unique("jail");
        let mut jailed = Jailed {
            fixture: None,
            created: Vec::new(),
        };
        for root in hierarchies {
            let mut dir = root.join(&top);
            jailed.make(&dir);
            for component in path.split('/').filter(|c| !c.is_empty()) {
                dir = dir.join(component);
                jailed.make(&dir);
            }
            std::fs::write(dir.join("cgroup.procs"), fixture.pid.to_string())
                .unwrap_or_else(|e| panic!("move {} into {}: {e}", fixture.pid, dir.display()));
        }
        jailed.fixture = Some(fixture);
        jailed
    }

    fn make(&mut self, dir: &Path) {
        std::fs::create_dir(dir).unwrap_or_else(|e| panic!("mkdir {}: {e}", dir.display()));
        self.created.push(dir.to_path_buf());
    }

    fn pid(&self) -> i32 {
        self.fixture.as_ref().map_or(0, |f| f.pid)
    }

    /// The `container` column for the fixture.
    fn container(&self) -> String {
        let output = kps(&["-o", "container=", "-p", &self.pid().to_string()]);
        assert!(output.status.success(), "{}", stderr(&output));
        stdout(&output).trim().to_string()
    }
}

impl Drop for Jailed {
    fn drop(&mut self) {
        // Killed and reaped first: a cgroup with a process in it cannot go.
        drop(self.fixture.take());
        for dir in self.created.iter().rev() {
            let deadline = Instant::now() + Duration::from_secs(10);
            while std::fs::remove_dir(dir).is_err() && dir.exists() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }
}

#[test]
fn docker_podman_containerd_and_crio_by_their_scopes() {
    let id = container_id();
    let short = &id[..12];
    for (path, runtime) in [
        (format!("system.slice/docker-{id}.scope"), "docker"),
        (
            format!("machine.slice/libpod-{id}.scope/container"),
            "podman",
        ),
        (
            format!("system.slice/cri-containerd-{id}.scope"),
            "containerd",
        ),
        (format!("system.slice/crio-{id}.scope"), "cri-o"),
    ] {
        let jailed = Jailed::new(&[unified()], &path);
        assert_eq!(jailed.container(), format!("{runtime}:{short}"), "{path}");
    }
}

#[test]
fn docker_under_cgroup_v1_by_its_directory() {
    let id = container_id();
    let jailed = Jailed::new(&[pids_v1()], &format!("docker/{id}"));
    assert_eq!(jailed.container(), format!("docker:{}", &id[..12]));
    // The unified line is `0::/`, the v1 line names the container.
    let cgroup = std::fs::read_to_string(format!("/proc/{}/cgroup", jailed.pid())).expect("cgroup");
    assert!(cgroup.contains("pids:/kpstest-"), "{cgroup}");
}

#[test]
fn kubernetes_pods_systemd_and_cgroupfs() {
    let id = container_id();
    let uid = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
    let systemd = format!(
        "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{}.slice/cri-containerd-{id}.scope",
        uid.replace('-', "_")
    );
    let jailed = Jailed::new(&[unified()], &systemd);
    assert_eq!(jailed.container(), format!("k8s:{}", &id[..12]));
    let show = json_show(jailed.pid());
    assert_eq!(show["container_detail"]["runtime"], "containerd");
    assert_eq!(show["container_detail"]["pod"], uid);
    assert_eq!(show["container_detail"]["id"], id.as_str());
    drop(jailed);

    let cgroupfs = format!("kubepods/besteffort/pod{uid}/{id}");
    let jailed = Jailed::new(&[pids_v1()], &cgroupfs);
    assert_eq!(jailed.container(), format!("k8s:{}", &id[..12]));
}

#[test]
fn lxc_and_nspawn_by_name() {
    let lxc = Jailed::new(&[unified()], "lxc.payload.web/init.scope");
    assert_eq!(lxc.container(), "lxc:web");
    let old_lxc = Jailed::new(&[pids_v1()], "lxc/db");
    assert_eq!(old_lxc.container(), "lxc:db");
    let machine = Jailed::new(
        &[unified()],
        r"machine.slice/machine-my\x2dbox.scope/payload",
    );
    assert_eq!(machine.container(), "nspawn:my-box");
}

#[test]
fn docker_names_come_from_its_records() {
    let id = container_id();
    let name = unique("named");
    let records = Path::new("/var/lib/docker/containers");
    // Only what this test creates is removed again.
    let missing: Vec<PathBuf> = records
        .ancestors()
        .take_while(|dir| !dir.exists())
        .map(Path::to_path_buf)
        .collect();
    let record = records.join(&id);
    std::fs::create_dir_all(&record).expect("create docker record");
    let config = format!(
        r#"{{"State":{{"Running":true,"Pid":1}},"ID":"{id}","MountPoints":{{"/data":{{"Name":"volume"}}}},"Name":"/{name}"}}"#
    );
    std::fs::write(record.join("config.v2.json"), config).expect("write record");
    let jailed = Jailed::new(&[unified()], &format!("docker-{id}.scope"));
    let shown = jailed.container();
    let show = json_show(jailed.pid());
    std::fs::remove_dir_all(&record).expect("remove record");
    for dir in missing {
        let _ = std::fs::remove_dir(dir);
    }
    assert_eq!(shown, format!("docker:{name}"));
    assert_eq!(show["container_detail"]["name"], name.as_str());
}

#[test]
fn processes_on_the_host_have_no_container() {
    let fixture = Fixture::spawn("sleep", &["3600"]);
    let output = kps(&["-o", "container=", "-p", &fixture.pid_str()]);
    assert_eq!(stdout(&output).trim(), "-");
    let json = kps(&["-o", "pid,container", "--json", "-p", &fixture.pid_str()]);
    let rows: Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    assert_eq!(rows[0]["container"], Value::Null);
}

#[test]
fn the_tree_takes_the_container_column() {
    let id = container_id();
    let jailed = Jailed::new(&[unified()], &format!("docker-{id}.scope"));
    let pid = jailed.pid().to_string();
    let output = kps(&["tree", "-o", "pid,container,comm", &pid]);
    let text = stdout(&output);
    let line = text
        .lines()
        .find(|line| line.split_whitespace().next() == Some(pid.as_str()))
        .unwrap_or_else(|| panic!("no line for {pid}: {text}"));
    assert!(line.contains(&format!("docker:{}", &id[..12])), "{line}");
}

#[test]
fn listings_without_the_column_do_not_read_cgroups() {
    let fixture = Fixture::spawn("sleep", &["3600"]);
    let traced = |format: &str| -> String {
        let output = std::process::Command::new("strace")
            .args([
                "-f",
                "-e",
                "trace=openat",
                "-o",
                "/dev/stdout",
                KPS,
                "-o",
                format,
            ])
            .args(["-p", &fixture.pid_str()])
            .output()
            .expect("run strace");
        stdout(&output)
    };
    let cgroup = format!("/proc/{}/cgroup", fixture.pid);
    assert!(!traced("pid,comm,ipcns").contains(&cgroup));
    assert!(traced("pid,container").contains(&cgroup));
}

/// The one report of `kps show --json PID` (an array of one object).
fn json_show(pid: i32) -> Value {
    let output = kps(&["show", "--json", &pid.to_string()]);
    assert!(output.status.success(), "{}", stderr(&output));
    only_report(&output.stdout)
}

fn only_report(json: &[u8]) -> Value {
    let reports: Value = serde_json::from_slice(json).expect("valid JSON");
    assert_eq!(reports.as_array().map(Vec::len), Some(1), "{reports}");
    reports[0].clone()
}

/// `unshare` with `flags` running `sleep 3600` as its forked child; the
/// child's PID.
fn unshared(flags: &[&str]) -> (Fixture, i32) {
    let mut args: Vec<&str> = flags.to_vec();
    args.extend(["sleep", "3600"]);
    let fixture = Fixture::spawn("unshare", &args);
    let mut child = 0;
    wait_until(
        || {
            child = fixture.children().first().copied().unwrap_or(0);
            child > 0 && proc_comm(child) == "sleep"
        },
        "unshare's child to run sleep",
    );
    (fixture, child)
}

fn status_field(pid: i32, key: &str) -> String {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    status
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{key}:")))
        .unwrap_or_else(|| panic!("no {key} in status"))
        .trim()
        .to_string()
}

#[test]
fn show_gives_the_pid_in_each_namespace_and_marks_new_namespaces() {
    let (_unshare, child) = unshared(&[
        "--pid",
        "--fork",
        "--mount-proc",
        "--net",
        "--uts",
        "--mount",
    ]);
    let report = json_show(child);
    let ns = &report["pid_namespaces"];
    assert_eq!(ns["nspid"], serde_json::json!([child, 1]));
    assert_eq!(ns["nstgid"], serde_json::json!([child, 1]));
    assert_eq!(report["nspid"], 1);
    let unlike: Vec<&str> = report["namespaces_unlike_pid1"]
        .as_array()
        .expect("namespaces_unlike_pid1")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for kind in ["pid", "net", "uts", "mnt"] {
        assert!(unlike.contains(&kind), "{kind} not marked: {unlike:?}");
    }
    for kind in ["user", "ipc", "cgroup"] {
        assert!(!unlike.contains(&kind), "{kind} marked: {unlike:?}");
    }
    let text = stdout(&kps(&["show", &child.to_string()]));
    let row = |label: &str| {
        text.lines()
            .find(|line| line.split_whitespace().next() == Some(label))
            .unwrap_or_else(|| panic!("no {label} row: {text}"))
            .to_string()
    };
    assert_eq!(
        row("nspid").split_whitespace().collect::<Vec<_>>(),
        ["nspid", &child.to_string(), "1"]
    );
    assert!(row("net").ends_with("(not PID 1's)"), "{}", row("net"));
    assert!(!row("user").contains("PID 1"), "{}", row("user"));
    // The specifier and ps' pidns agree on who is inside.
    let listed = kps(&["-o", "nspid,pid", "-p", &child.to_string()]);
    assert_eq!(
        first_row_fields(&stdout(&listed)),
        ["1".to_string(), child.to_string()]
    );
}

#[test]
fn show_decodes_capabilities_and_no_new_privs() {
    let fixture = Fixture::spawn(
        "setpriv",
        &[
            "--inh-caps=-all,+net_admin,+sys_ptrace",
            "--ambient-caps=+net_admin",
            "--bounding-set=-all,+net_admin,+sys_ptrace",
            "--no-new-privs",
            "sleep",
            "3600",
        ],
    );
    wait_for_comm(fixture.pid, "sleep");
    let report = json_show(fixture.pid);
    let caps = &report["capabilities"];
    let both = serde_json::json!(["cap_net_admin", "cap_sys_ptrace"]);
    for set in ["effective", "permitted", "inheritable", "bounding"] {
        assert_eq!(caps[set], both, "{set}");
    }
    assert_eq!(caps["ambient"], serde_json::json!(["cap_net_admin"]));
    assert_eq!(report["no_new_privs"], true);
    let seccomp = status_field(fixture.pid, "Seccomp");
    let mode = ["disabled", "strict", "filter"][seccomp.parse::<usize>().expect("mode")];
    assert_eq!(report["seccomp"], mode);
    let text = stdout(&kps(&["show", &fixture.pid_str()]));
    assert!(
        has_line_of_words(&text, &["effective", "cap_net_admin,cap_sys_ptrace"]),
        "{text}"
    );
    assert!(has_line_of_words(&text, &["no_new_privs", "yes"]), "{text}");
}

#[test]
fn show_reports_io_switches_and_oom() {
    let fixture = Fixture::shell("head -c 300000 /dev/zero | cat > /dev/null; exec sleep 3600");
    wait_for_comm(fixture.pid, "sleep");
    std::fs::write(format!("/proc/{}/oom_score_adj", fixture.pid), "500")
        .expect("set oom_score_adj");
    let io_counter = |key: &str| -> i64 {
        let io = std::fs::read_to_string(format!("/proc/{}/io", fixture.pid)).expect("io");
        io.lines()
            .find_map(|line| line.strip_prefix(&format!("{key}: ")))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no {key}"))
    };
    let report = json_show(fixture.pid);
    // A sleeping process' counters stand still.
    assert_eq!(report["rchars"], io_counter("rchar"));
    assert_eq!(report["rops"], io_counter("syscr"));
    assert_eq!(report["wops"], io_counter("syscw"));
    assert_eq!(report["rbytes"], io_counter("read_bytes"));
    assert_eq!(report["wcbytes"], io_counter("cancelled_write_bytes"));
    assert!(report["rops"].as_i64().expect("rops") > 0);
    let switches = |key: &str| {
        status_field(fixture.pid, key)
            .parse::<i64>()
            .expect("count")
    };
    assert_eq!(
        report["voluntary_ctxt_switches"],
        switches("voluntary_ctxt_switches")
    );
    assert_eq!(
        report["nonvoluntary_ctxt_switches"],
        switches("nonvoluntary_ctxt_switches")
    );
    assert_eq!(report["oomadj"], 500);
    assert!(report["oom"].as_i64().expect("oom") >= 500);
    let text = stdout(&kps(&["show", &fixture.pid_str()]));
    let syscr = io_counter("syscr").to_string();
    assert!(has_line_of_words(&text, &["syscr", &syscr]), "{text}");
    assert!(
        has_line_of_words(&text, &["oom_score_adj", "500"]),
        "{text}"
    );
}

#[test]
fn show_reads_what_it_may_not_as_dashes() {
    // A process of another user: io may not be read by nobody.
    let fixture = Fixture::spawn("sleep", &["3600"]);
    let output = kps_as_nobody(&["show", "--json", &fixture.pid_str()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = only_report(&output.stdout);
    assert_eq!(report["rbytes"], Value::Null);
    assert_eq!(report["pid"], fixture.pid);
}

/// (pid, namespaces entered) for every process in pstree's or kps' line.
fn entered(text: &str, pstree: bool) -> Vec<(i32, Vec<String>)> {
    if pstree {
        // `unshare(41,mnt,net,uts)---sleep(42,pid)`
        return text
            .split(['(', ')'])
            .skip(1)
            .step_by(2)
            .filter_map(|inside| {
                let mut parts = inside.split(',');
                let pid = parts.next()?.parse().ok()?;
                Some((pid, parts.map(str::to_owned).collect()))
            })
            .collect();
    }
    // `41 unshare [mnt,net,uts] (root)` after the glyphs.
    text.lines()
        .filter_map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            let pid = words.iter().find_map(|w| {
                w.trim_start_matches(['|', '\\', '`', '-', '+'])
                    .parse()
                    .ok()
            })?;
            let marks = words
                .iter()
                .find_map(|w| w.strip_prefix('[')?.strip_suffix(']'))
                .map(|m| m.split(',').map(str::to_owned).collect())
                .unwrap_or_default();
            Some((pid, marks))
        })
        .collect()
}

#[test]
fn the_tree_marks_namespace_changes_as_pstree_does() {
    let (unshare, child) = unshared(&["--pid", "--fork", "--net", "--uts", "--mount"]);
    let root = unshare.pid_str();
    let ours = stdout(&kps(&["tree", "--ns", "--ascii", &root]));
    let theirs = stdout(
        &std::process::Command::new("pstree")
            .args(["-S", "-p", "-A", &root])
            .output()
            .expect("run pstree"),
    );
    let mut ours = entered(&ours, false);
    let mut theirs = entered(&theirs, true);
    ours.sort();
    theirs.sort();
    assert_eq!(ours, theirs);
    assert!(ours.contains(&(child, vec!["pid".to_string()])), "{ours:?}");
    let json = kps(&["tree", "--ns", "--json", &root]);
    let tree: Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    assert_eq!(tree[0]["children"][0]["pid"], child);
    assert_eq!(
        tree[0]["children"][0]["ns_entered"],
        serde_json::json!(["pid"])
    );
}

/// A proc file system made by hand: an init and one child in a Docker container.
fn synthetic_proc(id: &str) -> TempDir {
    let root = TempDir::new("proc");
    root.write("stat", b"cpu  1 2 3 4\nbtime 1700000000\nprocesses 50\n");
    root.write("uptime", b"1000.00 1900.00\n");
    root.write(
        "meminfo",
        b"MemTotal:        2000000 kB\nMemFree: 1000 kB\n",
    );
    root.write("1/stat", stat_line(1, "fakeinit", 0).as_bytes());
    root.write("1/status", status_text("fakeinit", 1, 0, 0).as_bytes());
    root.write("1/cmdline", b"/sbin/fakeinit\0--system\0");
    root.write("1/cgroup", b"0::/init.scope\n");
    root.write("42/stat", stat_line(42, "fakeapp", 1).as_bytes());
    root.write("42/status", status_text("fakeapp", 42, 1, 0).as_bytes());
    root.write("42/cmdline", b"fakeapp\0--serve\0");
    root.write("42/environ", b"A=1\0B=two\0");
    root.write(
        "42/cgroup",
        format!("0::/system.slice/docker-{id}.scope\n").as_bytes(),
    );
    root.write("42/io", b"rchar: 11\nwchar: 22\nsyscr: 3\nsyscw: 4\nread_bytes: 4096\nwrite_bytes: 8192\ncancelled_write_bytes: 0\n");
    root.write("42/oom_score_adj", b"-100\n");
    root
}

#[test]
fn every_view_reads_a_synthetic_proc_tree() {
    let id = container_id();
    let root = synthetic_proc(&id);
    let dir = root.text();
    let listing = kps(&[
        "--proc",
        dir,
        "-e",
        "-o",
        "pid,ppid,user,comm,args,container,nspid",
    ]);
    assert!(listing.status.success(), "{}", stderr(&listing));
    let expected = format!(
        "  PID  PPID USER     COMMAND         COMMAND                     CONTAINER           NSPID\n\
         \x20   1     0 root     fakeinit        /sbin/fakeinit --system     -                       1\n\
         \x20  42     1 root     fakeapp         fakeapp --serve             docker:{}    42\n",
        &id[..12]
    );
    assert_eq!(stdout(&listing), expected);
    // The start time is the boot time of the given tree plus 50 s (5000 ticks).
    let started = kps(&["--proc", dir, "-o", "etimes=", "-p", "42"]);
    assert_eq!(stdout(&started).trim(), "950");

    let tree = kps(&["tree", "--ascii", "--proc", dir]);
    assert_eq!(stdout(&tree), "1 fakeinit (root)\n`-42 fakeapp\n");

    let show = kps(&["show", "--json", "--proc", dir, "42"]);
    let report = only_report(&show.stdout);
    assert_eq!(report["pid"], 42);
    assert_eq!(report["ppid"], 1);
    assert_eq!(report["ancestors"][0]["comm"], "fakeinit");
    assert_eq!(report["argv"], serde_json::json!(["fakeapp", "--serve"]));
    assert_eq!(report["container"], format!("docker:{}", &id[..12]));
    assert_eq!(report["container_detail"]["id"], id.as_str());
    assert_eq!(report["rbytes"], 4096);
    assert_eq!(report["wbytes"], 8192);
    assert_eq!(report["oomadj"], -100);
    assert_eq!(report["oom"], Value::Null, "a missing file is a value");
    assert_eq!(
        report["capabilities"]["effective"],
        serde_json::json!(["cap_net_admin"])
    );
    assert_eq!(report["seccomp"], "filter");
    assert_eq!(report["no_new_privs"], true);
    assert_eq!(report["voluntary_ctxt_switches"], 7);
    assert_eq!(report["nonvoluntary_ctxt_switches"], Value::Null);
    let text = kps(&["show", "--proc", dir, "42"]);
    assert!(text.status.success(), "{}", stderr(&text));
    assert!(has_line_of_words(&stdout(&text), &["oom_score", "-"]));

    let env = kps(&["env", "--proc", dir, "42"]);
    assert_eq!(stdout(&env), "A=1\nB=two\n");
    // The tree's own /proc does not have these processes.
    let missing = kps(&["show", "--proc", dir, "7"]);
    assert!(!missing.status.success());
}

#[test]
fn a_bind_mount_of_proc_reads_like_proc_even_from_another_pid_namespace() {
    let fixture = Fixture::sleeper_named("kpsbound", &["3600"]);
    let mount = TempDir::new("hostproc");
    let pid = fixture.pid_str();
    let format = "pid,ppid,user,comm,args,nspid";
    let direct = stdout(&kps(&["-o", format, "-p", &pid]));
    // As a container that mounts the host's /proc sees it: inside a new PID
    // namespace with a /proc of its own, the host's bound elsewhere.
    let script = format!(
        "mount --bind /proc {dir} && exec unshare --pid --fork --mount-proc \
         sh -c '{KPS} --proc {dir} -o {format} -p {pid}; {KPS} -e -o pid=; \
         {KPS} show --json --proc {dir} {pid}'",
        dir = mount.text()
    );
    let output = std::process::Command::new("unshare")
        .args(["--mount", "--propagation", "private", "sh", "-c", &script])
        .output()
        .expect("run unshare");
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let fields = |text: &str| -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split_whitespace().map(str::to_owned).collect())
            .collect()
    };
    let lines: Vec<&str> = text.lines().collect();
    // The host's process, as the host's /proc shows it; column widths follow
    // the reader's own PID namespace (pid_max is per namespace).
    assert_eq!(fields(&lines[..2].join("\n")), fields(&direct), "{text}");
    // Inside, its own /proc holds only the shell and kps.
    let own: Vec<&str> = lines[2..]
        .iter()
        .copied()
        .take_while(|l| !l.starts_with('['))
        .collect();
    assert!(
        !own.is_empty()
            && own
                .iter()
                .all(|l| l.trim().parse::<i32>().is_ok_and(|n| n < 10)),
        "{own:?}"
    );
    let json = lines.iter().find(|l| l.starts_with('[')).unwrap_or(&"[{}]");
    let report = only_report(json.as_bytes());
    assert_eq!(report["pid"], fixture.pid);
    assert_eq!(report["args"], "kpsbound 3600");
}

#[test]
fn rootless_podman_names_come_from_the_users_records() {
    use std::os::unix::fs::MetadataExt;
    let id = container_id();
    let name = unique("rootless");
    // The caller's own Podman keeps its records under $XDG_DATA_HOME.
    let uid = std::fs::metadata("/proc/self").expect("own proc").uid();
    let data = TempDir::new("xdg-data");
    data.write(
        "containers/storage/overlay-containers/containers.json",
        format!(r#"[{{"id":"{id}","names":["{name}"],"image":"0123"}}]"#).as_bytes(),
    );
    let jailed = Jailed::new(
        &[unified()],
        &format!("user.slice/user-{uid}.slice/user@{uid}.service/user.slice/libpod-{id}.scope"),
    );
    let pid = jailed.pid().to_string();
    let named = kps_env(
        &["-o", "container=", "-p", &pid],
        &[("XDG_DATA_HOME", data.text())],
    );
    assert_eq!(
        stdout(&named).trim(),
        format!("podman:{name}"),
        "{}",
        stderr(&named)
    );
    // Without the records, the id stands in.
    let empty = TempDir::new("xdg-empty");
    let unnamed = kps_env(
        &["-o", "container=", "-p", &pid],
        &[("XDG_DATA_HOME", empty.text())],
    );
    assert_eq!(stdout(&unnamed).trim(), format!("podman:{}", &id[..12]));
}
