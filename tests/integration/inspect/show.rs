//! `kps show`: identity, command, tree, threads, memory sharing, signals,
//! descriptors, limits and namespaces of one process, as text and JSON.

use super::*;

#[test]
fn show_json_reports_identity_command_and_tree() {
    let busy = Busy::start();
    let pid = busy.pid();
    let report = single(&kps(&["show", "--json", &busy.pid().to_string()]));
    let own_pid = std::process::id() as i64;
    assert_eq!(report["pid"], pid);
    assert_eq!(report["ppid"], own_pid);
    assert_eq!(report["pgid"], pid, "the fixture leads its own group");
    let ancestors = report["ancestors"].as_array().expect("ancestors");
    let own_comm = std::fs::read_to_string("/proc/self/comm").expect("own comm");
    assert_eq!(ancestors[0]["pid"], own_pid);
    assert_eq!(ancestors[0]["comm"], own_comm.trim_end());
    assert!(
        ancestors.len() >= 2,
        "the chain goes up to the top: {ancestors:?}"
    );
    assert_eq!(report["uid"], 0);
    assert_eq!(report["user"], "root");
    assert_eq!(report["comm"], "kpsfix");
    let argv = names(&report["argv"]);
    assert_eq!(argv.len(), 4, "{argv:?}");
    assert_eq!(argv[1], "-c");
    assert_eq!(argv[3], busy.workdir());
    assert_eq!(report["cwd"], busy.workdir());
    assert_eq!(report["root"], "/");
    let exe = report["exe"].as_str().expect("exe");
    let exe_name = Path::new(exe).file_name().unwrap().to_string_lossy();
    assert!(exe_name.starts_with("python3"), "exe {exe}");
    assert_eq!(report["s"], "S");
    assert_eq!(report["state"], "sleeping");
    assert_eq!(report["nice"], 0);
    assert_eq!(report["policy"], "SCHED_OTHER");
    assert_eq!(report["cls"], "TS");
    let etimes = report["etime"].as_i64().expect("etimes");
    assert!((0..120).contains(&etimes), "etimes {etimes}");
    let children = report["children"].as_array().expect("children");
    assert_eq!(children.len(), 1, "{children:?}");
    assert_eq!(children[0]["pid"], busy.child());
    assert_eq!(children[0]["comm"], "kpsfix-child");
    assert_eq!(report["permission_denied"], serde_json::json!([]));
}

#[test]
fn show_lists_threads_with_names_and_cpu_time() {
    let busy = Busy::start();
    let report = single(&kps(&["show", "--json", &busy.pid().to_string()]));
    assert_eq!(report["nlwp"], 3);
    let threads = report["threads"].as_array().expect("threads");
    let thread_names: Vec<&str> = threads
        .iter()
        .map(|t| t["comm"].as_str().unwrap())
        .collect();
    assert_eq!(thread_names, ["kpsfix", "kps-worker-0", "kps-worker-1"]);
    assert_eq!(threads[0]["tid"], busy.pid());
    let spinner = threads[1]["time"].as_f64().expect("thread time");
    assert!(
        spinner >= 0.25,
        "worker 0 spun 0.3 s of CPU, kps says {spinner}"
    );
    let idle = threads[2]["time"].as_f64().expect("thread time");
    assert!(idle < spinner, "idle worker {idle} vs spinner {spinner}");
    let utime = report["utime"].as_f64().unwrap() + report["stime"].as_f64().unwrap();
    assert!(
        utime >= spinner,
        "process CPU {utime} includes its threads'"
    );

    let text = stdout(&kps(&["show", &busy.pid().to_string()]));
    assert!(text.contains("threads (3)"), "{text}");
    let child_row = text_line(&text, &busy.child().to_string());
    assert!(child_row.ends_with("kpsfix-child"), "{child_row}");
    assert!(
        text.lines()
            .any(|l| l.contains("kps-worker-0") && l.contains(" S ")),
        "{text}"
    );
}

#[test]
fn show_makes_copy_on_write_sharing_visible() {
    let busy = Busy::start();
    let report = single(&kps(&["show", "--json", &busy.pid().to_string()]));
    let sixty_four_mib = 64 * 1024;
    let rss = kib_field(&report, "rss");
    let (anon, file, shmem) = (
        kib_field(&report, "rss_anon"),
        kib_field(&report, "rss_file"),
        kib_field(&report, "rss_shmem"),
    );
    assert!(
        anon >= sixty_four_mib,
        "64 MiB were touched, rss_anon {anon}"
    );
    assert_eq!(
        rss,
        anon + file + shmem,
        "RSS splits into anon, file and shmem"
    );
    assert!(kib_field(&report, "vsz") >= rss);
    assert!(kib_field(&report, "peak_rss") >= rss);
    // The child forked after the 64 MiB were written and never writes them:
    // those pages are shared copy-on-write and count half in each one's PSS.
    let (shared, private, pss) = (
        kib_field(&report, "shared"),
        kib_field(&report, "private"),
        kib_field(&report, "pss"),
    );
    assert!(shared >= 60 * 1024, "shared {shared}");
    assert_eq!(kib_field(&report, "uss"), private);
    assert!(pss >= private, "pss {pss} private {private}");
    assert!(
        pss <= private + shared / 2 + 8,
        "pss {pss} private {private} shared {shared}"
    );
    assert!(pss < rss - 30 * 1024, "pss {pss} rss {rss}");

    // A second run sees the interpreter's memory move a little, and the
    // interpreters of other tests start or stop sharing its file pages.
    let text = stdout(&kps(&["show", &busy.pid().to_string()]));
    for (label, value) in [("pss", pss), ("shared", shared), ("anonymous", anon)] {
        let shown = kib_in_line(text_line(&text, label));
        assert!(
            (shown - value).abs() < 1024 + file,
            "{label}: {shown} vs {value}\n{text}"
        );
    }
}

/// The number before `KiB` in a report line.
fn kib_in_line(line: &str) -> i64 {
    let words: Vec<&str> = line.split_whitespace().collect();
    let unit = words.iter().position(|w| *w == "KiB").expect("a KiB value");
    words[unit - 1].parse().expect("a number of KiB")
}

#[test]
fn show_decodes_signal_masks() {
    let busy = Busy::start();
    let pid = busy.pid();
    signal(pid, 12); // SIGUSR2: blocked, so it stays pending
    wait_until(
        || {
            std::fs::read_to_string(format!("/proc/{pid}/status")).is_ok_and(|s| {
                s.lines()
                    .any(|l| l.starts_with("ShdPnd:") && !l.ends_with("0000000000000000"))
            })
        },
        "SIGUSR2 pending",
    );
    let report = single(&kps(&["show", "--json", &pid.to_string()]));
    let signals = &report["signals"];
    assert!(
        names(&signals["caught"]).contains(&"SIGUSR1".to_string()),
        "{signals}"
    );
    assert!(
        names(&signals["ignored"]).contains(&"SIGHUP".to_string()),
        "{signals}"
    );
    assert!(
        !names(&signals["ignored"]).contains(&"SIGUSR1".to_string()),
        "{signals}"
    );
    assert_eq!(names(&signals["blocked"]), ["SIGUSR2"]);
    assert_eq!(names(&signals["pending"]), ["SIGUSR2"]);

    let text = stdout(&kps(&["show", &pid.to_string()]));
    assert!(text_line(&text, "caught").contains("SIGUSR1"), "{text}");
    assert!(text_line(&text, "ignored").contains("SIGHUP"), "{text}");
    assert_line_ends(&text, "blocked", "SIGUSR2");
    assert_line_ends(&text, "pending", "SIGUSR2");
}

#[test]
fn show_counts_descriptors_and_reads_limits_cgroup_and_namespaces() {
    let busy = Busy::start();
    let pid = busy.pid();
    let report = single(&kps(&["show", "--json", &pid.to_string()]));
    let links = fd_links(pid);
    let count = |pred: &dyn Fn(&str, bool) -> bool| {
        links.iter().filter(|(l, fifo)| pred(l, *fifo)).count() as i64
    };
    let pipes = count(&|l, fifo| l.starts_with("pipe:") || fifo);
    let sockets = count(&|l, _| l.starts_with("socket:"));
    let files = count(&|l, fifo| l.starts_with('/') && !fifo);
    let fds = &report["fds"];
    assert_eq!(fds["pipes"], pipes, "{fds} vs {links:?}");
    assert_eq!(fds["sockets"], sockets, "{fds} vs {links:?}");
    assert_eq!(fds["files"], files, "{fds} vs {links:?}");
    assert_eq!(fds["total"], links.len() as i64);
    assert_eq!(report["fd_limit"]["soft"], 777);
    assert_eq!(report["limits"]["nofile"]["soft"], 777);

    let net = std::fs::read_link(format!("/proc/{pid}/ns/net")).expect("ns link");
    assert_eq!(report["namespaces"]["net"], net.to_string_lossy().as_ref());
    let cgroup = std::fs::read_to_string(format!("/proc/{pid}/cgroup")).expect("cgroup");
    let paths: Vec<&str> = cgroup
        .lines()
        .filter_map(|l| l.splitn(3, ':').nth(2))
        .collect();
    let reported: Vec<&str> = report["cgroup"]
        .as_array()
        .expect("cgroup")
        .iter()
        .map(|g| g["path"].as_str().unwrap())
        .collect();
    assert_eq!(reported, paths);

    let text = stdout(&kps(&["show", &pid.to_string()]));
    assert!(text_line(&text, "limit").contains("777 (hard"), "{text}");
    assert_line_ends(&text, "pipes", &pipes.to_string());
    assert_line_ends(&text, "net", &net.to_string_lossy());
    assert!(text_line(&text, "NOFILE").contains("777"), "{text}");
}

#[test]
fn show_text_has_every_section() {
    let busy = Busy::start();
    let output = kps(&["show", &busy.pid().to_string()]);
    assert_ok(&output);
    let text = stdout(&output);
    assert_eq!(
        text.lines().next(),
        Some(format!("PID {} (kpsfix)", busy.pid()).as_str())
    );
    // Every section, in this order: the titles are the lines after the
    // first that are not indented.
    let titles: Vec<&str> = text
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with(' '))
        .collect();
    let mut in_order = titles.iter();
    for title in [
        "identity",
        "command",
        "state",
        "cpu",
        "memory",
        "threads (3)",
        "children (1)",
        "file descriptors",
        "signals",
        "limits",
        "cgroup",
        "namespaces",
    ] {
        assert!(
            in_order.any(|&t| t == title),
            "no section {title} after those before it in {titles:?}:\n{text}"
        );
    }
    assert_line_ends(&text, "cwd", &busy.workdir());
    assert!(text_line(&text, "state").contains("S (sleeping)"), "{text}");
    assert_line_ends(&text, "ppid", &std::process::id().to_string());
}

#[test]
fn show_escapes_control_characters_in_arguments() {
    let sleeper = Fixture::sleeper_named("evil\x1b]0;title\x07name", &["3600"]);
    wait_for_comm(sleeper.pid, "sleep");
    let text = stdout(&kps(&["show", &sleeper.pid_str()]));
    assert!(
        !text.bytes().any(|b| b == 0x1b || b == 0x07),
        "raw control bytes in:\n{text}"
    );
    assert!(
        text_line(&text, "argv").contains("'evil?]0;title?name' 3600"),
        "{text}"
    );
}

#[test]
fn show_names_the_state_of_stopped_and_reniced_processes() {
    let stopped = Fixture::stopped_sleeper("3600");
    let report = single(&kps(&["show", "--json", &stopped.pid_str()]));
    assert_eq!(report["s"], "T");
    assert_eq!(report["state"], "stopped");

    let niced = Fixture::niced_sleeper(7, "3600");
    let report = single(&kps(&["show", "--json", &niced.pid_str()]));
    assert_eq!(report["nice"], 7);
    assert!(
        report["stat"].as_str().unwrap().contains('N'),
        "{}",
        report["stat"]
    );
}

#[test]
fn show_tells_how_a_zombie_ended() {
    // The shell becomes a sleep that never waits for its children.
    let parent = Fixture::shell("sh -c 'exit 3' & sleep 3600 & exec sleep 3601");
    let is_zombie = |pid: &i32| proc_state(*pid) == Some('Z');
    wait_until(
        || {
            let kids = parent.children();
            kids.len() == 2 && kids.iter().any(is_zombie)
        },
        "one exited child and one sleeping",
    );
    let kids = parent.children();
    let exited = *kids.iter().find(|k| is_zombie(k)).expect("zombie");
    let report = single(&kps(&["show", "--json", &exited.to_string()]));
    assert_eq!(report["state"], "zombie");
    assert_eq!(report["exit_status"], 3);

    let sleeper = kids
        .iter()
        .copied()
        .find(|&k| k != exited)
        .expect("sleeper");
    wait_for_comm(sleeper, "sleep");
    signal(sleeper, 15);
    wait_until(|| proc_state(sleeper) == Some('Z'), "killed sleeper");
    let report = single(&kps(&["show", "--json", &sleeper.to_string()]));
    assert_eq!(report["exit_signal"], "SIGTERM");
    let text = stdout(&kps(&["show", &sleeper.to_string()]));
    assert_line_ends(&text, "exit", "killed by SIGTERM");
}

#[test]
fn show_marks_what_another_user_may_not_read() {
    let sleeper = Fixture::spawn("sleep", &["3600"]);
    let pid = sleeper.pid_str();
    let output = kps_as_nobody(&["show", &pid]);
    assert_ok(&output);
    let text = stdout(&output);
    for label in ["exe", "cwd", "root", "pss", "uss"] {
        assert_line_ends(&text, label, "permission denied");
    }
    assert_line_ends(&text, "comm", "sleep");
    assert!(text_line(&text, "euid").contains("0 (root)"), "{text}");

    let report = single(&kps_as_nobody(&["show", "--json", &pid]));
    let denied = names(&report["permission_denied"]);
    for key in [
        "exe",
        "cwd",
        "root",
        "pss",
        "uss",
        "shared",
        "private",
        "fds",
        "namespaces",
    ] {
        assert!(denied.contains(&key.to_string()), "{key} not in {denied:?}");
        assert!(report[key].is_null(), "{key} = {}", report[key]);
    }
    assert_eq!(report["comm"], "sleep");
    assert_eq!(names(&report["argv"]), ["sleep", "3600"]);
}

#[test]
fn show_reports_each_pid_and_fails_on_a_missing_one() {
    let first = Fixture::spawn("sleep", &["3600"]);
    let second = Fixture::spawn("sleep", &["3601"]);
    let missing = missing_pid();
    let output = kps(&["show", &first.pid_str(), &missing, &second.pid_str()]);
    assert_exit_1(&output);
    let text = stdout(&output);
    assert!(
        text.contains(&format!("PID {} (sleep)", first.pid)),
        "{text}"
    );
    assert!(
        text.contains(&format!("PID {} (sleep)", second.pid)),
        "{text}"
    );
    assert_eq!(
        stderr(&output),
        format!("kps: PID {missing}: no such process\n")
    );

    let output = kps(&["show", "--json", &first.pid_str(), &missing]);
    assert_exit_1(&output);
    let all = json_of(&output);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["pid"], first.pid);
}

#[test]
fn show_colours_titles_states_and_what_may_not_be_read() {
    let sleeper = Fixture::spawn("sleep", &["3600"]);
    signal(sleeper.pid, SIGSTOP);
    sleeper.wait_for_state(sleeper.pid, 'T');
    let pid = sleeper.pid_str();
    let text = coloured_matching_plain(|flags| {
        kps_as_nobody(&[&["show"], flags, &[pid.as_str()]].concat())
    });
    assert!(
        text.starts_with(&format!("\x1b[1mPID {pid} (sleep)\x1b[0m\n")),
        "{text}"
    );
    for title in ["identity", "state", "threads (1)", "namespaces"] {
        assert!(
            text.contains(&format!("\n\x1b[1m{title}\x1b[0m\n")),
            "{title}: {text}"
        );
    }
    assert_line_ends(&text, "state", "\x1b[33mT (stopped)\x1b[0m");
    for label in ["exe", "pss"] {
        assert_line_ends(&text, label, "\x1b[2mpermission denied\x1b[0m");
    }

    let itself = Command::new("sh")
        .args(["-c", &format!("exec {KPS} show --color=always $$")])
        .stdin(Stdio::null())
        .output()
        .expect("run sh");
    assert_ok(&itself);
    let text = stdout(&itself);
    assert_line_ends(&text, "state", "\x1b[32mR (running)\x1b[0m");

    let (_parent, zombie) = Fixture::zombie_parent("3600");
    let text = stdout(&kps(&["show", "--color=always", &zombie.to_string()]));
    assert_line_ends(&text, "state", "\x1b[31mZ (zombie)\x1b[0m");
}

#[test]
fn show_lists_the_task_directory_once() {
    let sleeper = Fixture::spawn("sleep", &["3600"]);
    let trace = kps_traced(&["show", &sleeper.pid_str()], "openat");
    let listings = trace.lines().filter(|l| l.contains("\"task\"")).count();
    assert_eq!(listings, 1, "{trace}");
}

#[test]
fn show_and_the_listing_read_smaps_rollup_alike() {
    let busy = Busy::start();
    let pid = busy.pid().to_string();
    let report = single(&kps(&["show", "--json", &pid]));
    let listed = kps(&["-o", "uss=", "-p", &pid]);
    assert_ok(&listed);
    let listed: i64 = stdout(&listed).trim().parse().expect("a USS");
    // File pages the interpreters of other tests stop or start sharing
    // meanwhile become this one's own, or stop being so.
    let (uss, file) = (kib_field(&report, "uss"), kib_field(&report, "rss_file"));
    assert!(
        (uss - listed).abs() < 1024 + file,
        "show {uss}, listing {listed}"
    );
    assert_eq!(kib_field(&report, "private"), uss);

    let (_parent, zombie) = Fixture::zombie_parent("3600");
    let report = single(&kps(&["show", "--json", &zombie.to_string()]));
    let denied = names(&report["permission_denied"]);
    for key in ["pss", "uss", "shared", "private"] {
        assert!(report[key].is_null(), "{key} = {}", report[key]);
        assert!(!denied.contains(&key.to_string()), "{key} in {denied:?}");
    }
}
