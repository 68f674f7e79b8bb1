//! `kps tree`: structure against /proc and ps on fixture trees, roots and
//! filters, threads, totals, JSON, colour and hostile names.

use std::collections::{HashMap, HashSet};
use std::os::unix::process::CommandExt;
use std::process::{Command, Output, Stdio};

use crate::common::*;

/// One parsed line of `kps tree --ascii`.
#[derive(Debug, Clone)]
struct TreeLine {
    marked: bool,
    depth: usize,
    id: i32,
    /// What follows the id.
    rest: String,
    /// The line's parent line's id.
    parent: Option<i32>,
}

/// Parses ASCII tree lines; `marks`: lines start with the two-character match mark.
fn parse_tree(text: &str, marks: bool) -> Vec<TreeLine> {
    let mut parsed: Vec<TreeLine> = Vec::new();
    let mut open: Vec<i32> = Vec::new();
    for line in text.lines() {
        let (marked, mut body) = if marks {
            let (mark, body) = line.split_at(2);
            assert!(mark == "* " || mark == "  ", "bad mark in {line:?}");
            (mark == "* ", body)
        } else {
            (false, line)
        };
        let mut depth = 0;
        while let Some(rest) = ["| ", "  ", "|-", "`-"]
            .iter()
            .find_map(|glyph| body.strip_prefix(glyph))
        {
            body = rest;
            depth += 1;
        }
        let (id, rest) = body.split_once(' ').unwrap_or((body, ""));
        let id: i32 = id.parse().unwrap_or_else(|_| panic!("no id in {line:?}"));
        open.truncate(depth);
        assert_eq!(open.len(), depth, "line deeper than its parent: {line:?}");
        let parent = open.last().copied();
        open.push(id);
        parsed.push(TreeLine {
            marked,
            depth,
            id,
            rest: rest.to_string(),
            parent,
        });
    }
    parsed
}

fn tree(args: &[&str]) -> Vec<TreeLine> {
    let marks = args
        .iter()
        .any(|a| !a.starts_with('-') && a.parse::<i32>().is_err());
    let mut all = vec!["tree", "--ascii"];
    all.extend_from_slice(args);
    let output = kps(&all);
    assert!(output.status.success(), "kps {all:?}: {}", stderr(&output));
    parse_tree(&stdout(&output), marks)
}

fn kps_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    run_with_env(KPS, args, env)
}

fn run_with_env(program: &str, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(program);
    cmd.args(args).env_remove("NO_COLOR").stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run kps")
}

/// `pid -> ppid` as `ps -eo pid,ppid` shows it.
fn ps_parents() -> HashMap<i32, i32> {
    stdout(&ps(&["-eo", "pid=,ppid="]))
        .lines()
        .filter_map(|l| {
            let mut fields = l.split_whitespace().map(|f| f.parse::<i32>());
            Some((fields.next()?.ok()?, fields.next()?.ok()?))
        })
        .collect()
}

fn is_kernel_thread(pid: i32) -> bool {
    const PF_KTHREAD: u64 = 0x0020_0000;
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            let flags = s.rsplit_once(") ")?.1.split_whitespace().nth(6)?;
            flags.parse::<u64>().ok()
        })
        .is_some_and(|flags| flags & PF_KTHREAD != 0)
}

fn ppid_of(pid: i32) -> Option<i32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(") ")?
        .1
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// `pid`, then its parent, and so on up to the top.
fn chain_up(pid: i32) -> Vec<i32> {
    let mut chain = vec![pid];
    while let Some(ppid) = ppid_of(*chain.last().unwrap()).filter(|&p| p > 0) {
        chain.push(ppid);
    }
    chain
}

/// `pid` and its descendants, with each one's parent.
fn descendants(pid: i32) -> HashMap<i32, Option<i32>> {
    let mut found = HashMap::from([(pid, None)]);
    let mut todo = vec![pid];
    while let Some(next) = todo.pop() {
        for child in children_of(next) {
            found.insert(child, Some(next));
            todo.push(child);
        }
    }
    found
}

fn comm_of(pid: i32) -> Option<String> {
    let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).ok()?;
    Some(comm.trim_end_matches('\n').to_string())
}

/// A shell whose children are `sleep`s (and, with `nested`, a subshell with one),
/// and how many processes it makes in all.
fn sleepy_shell(sleeps: &[&str], nested: bool) -> (Fixture, usize) {
    let mut script: String = sleeps.iter().map(|s| format!("sleep {s} & ")).collect();
    if nested {
        script.push_str("(sleep 3600 & wait) & ");
    }
    script.push_str("wait");
    let fixture = Fixture::shell(&script);
    let expected = 1 + sleeps.len() + if nested { 2 } else { 0 };
    wait_until(
        || {
            let all = descendants(fixture.pid);
            let sleeping = all
                .keys()
                .filter(|&&pid| comm_of(pid).as_deref() == Some("sleep"))
                .count();
            all.len() == expected && sleeping == sleeps.len() + usize::from(nested)
        },
        "the shell fixture's sleeps",
    );
    (fixture, expected)
}

fn by_id(lines: &[TreeLine]) -> HashMap<i32, &TreeLine> {
    lines.iter().map(|l| (l.id, l)).collect()
}

#[test]
fn whole_tree_shows_every_process_once_under_its_parent() {
    let (_shell, _) = sleepy_shell(&["3600", "3601"], true);
    let before = ps_parents();
    // Read while every process stable across both ps runs is sure to exist.
    let kernel: HashSet<i32> = before
        .keys()
        .copied()
        .filter(|&pid| is_kernel_thread(pid))
        .collect();
    let shown = tree(&[]);
    let with_kernel = tree(&["--kernel"]);
    let after = ps_parents();
    let stable: HashMap<i32, i32> = before
        .iter()
        .filter(|(pid, ppid)| after.get(pid) == Some(ppid))
        .map(|(&pid, &ppid)| (pid, ppid))
        .collect();
    assert!(stable.len() >= 5, "too few stable processes");

    for (lines, kernel_too) in [(&shown, false), (&with_kernel, true)] {
        let mut seen: HashMap<i32, usize> = HashMap::new();
        for line in lines.iter() {
            *seen.entry(line.id).or_default() += 1;
        }
        let tree_of = by_id(lines);
        for (&pid, &ppid) in &stable {
            if kernel.contains(&pid) && !kernel_too {
                assert!(!seen.contains_key(&pid), "kernel thread {pid} shown");
                continue;
            }
            assert_eq!(seen.get(&pid), Some(&1), "pid {pid} not shown exactly once");
            let expected_parent = if ppid == 0 || (!kernel_too && kernel.contains(&ppid)) {
                None
            } else if stable.contains_key(&ppid) {
                Some(ppid)
            } else {
                continue;
            };
            assert_eq!(tree_of[&pid].parent, expected_parent, "parent of {pid}");
        }
    }
}

#[test]
fn pid_root_shows_exactly_its_subtree() {
    let (shell, expected) = sleepy_shell(&["3600", "3601", "3602"], true);
    let lines = tree(&[&shell.pid_str()]);
    let real = descendants(shell.pid);
    assert_eq!(lines.len(), expected);
    assert_eq!(lines[0].id, shell.pid);
    assert_eq!(lines[0].depth, 0);
    for line in &lines {
        assert_eq!(real.get(&line.id), Some(&line.parent), "{line:?}");
        let comm = std::fs::read_to_string(format!("/proc/{}/comm", line.id)).unwrap();
        assert!(line.rest.starts_with(comm.trim_end()), "{line:?} is {comm}");
    }
    // Children in PID order.
    let top: Vec<i32> = lines
        .iter()
        .filter(|l| l.depth == 1)
        .map(|l| l.id)
        .collect();
    assert_eq!(top, shell.children());
}

#[test]
fn ancestors_are_the_full_chain() {
    let (shell, expected) = sleepy_shell(&["3600"], false);
    let lines = tree(&["-s", &shell.pid_str()]);
    let mut chain = chain_up(shell.pid);
    chain.reverse();
    assert_eq!(lines.len(), chain.len() - 1 + expected);
    for (depth, (line, pid)) in lines.iter().zip(&chain).enumerate() {
        assert_eq!((line.id, line.depth), (*pid, depth), "{lines:?}");
    }
    let sleeper = &lines[chain.len()];
    assert_eq!(sleeper.parent, Some(shell.pid));
    assert!(sleeper.rest.starts_with("sleep"));
}

#[test]
fn user_is_shown_where_it_changes() {
    let (shell, _) = sleepy_shell(&["3600"], false);
    let lines = tree(&["-s", &shell.pid_str()]);
    // The top line has no parent to take the user from; below it, nobody changes user.
    let top_user = user_name(owner_of(lines[0].id).unwrap());
    assert!(
        lines[0].rest.ends_with(&format!(" ({top_user})")),
        "{lines:?}"
    );
    let same_user: Vec<&TreeLine> = lines
        .iter()
        .skip(1)
        .filter(|l| l.parent.is_some_and(|p| owner_of(p) == owner_of(l.id)))
        .collect();
    assert!(same_user.iter().any(|l| l.id == shell.pid));
    for line in same_user {
        assert!(!line.rest.contains(" ("), "{line:?}");
    }
}

fn own_euid() -> u32 {
    owner_of(std::process::id() as i32).unwrap()
}

/// The effective uid of `pid`, if it still runs.
fn owner_of(pid: i32) -> Option<u32> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let uid_line = status.lines().find(|l| l.starts_with("Uid:"))?;
    uid_line.split_whitespace().nth(2)?.parse().ok()
}

#[test]
fn user_roots_are_that_users_topmost_processes() {
    if own_euid() != 0 {
        eprintln!("needs root to start a process as another user");
        return;
    }
    let mut cmd = Command::new("sh");
    cmd.args(["-c", "sleep 3600 & wait"]).uid(65534).gid(65534);
    let fixture = Fixture::from_command(cmd);
    wait_until(
        || {
            let children = fixture.children();
            children.len() == 1 && comm_of(children[0]).as_deref() == Some("sleep")
        },
        "nobody's sleep",
    );
    let lines = tree(&["-u", "65534"]);
    let root = lines
        .iter()
        .find(|l| l.id == fixture.pid)
        .expect("fixture shown");
    assert_eq!(root.depth, 0);
    assert!(
        root.rest.ends_with(&format!("({})", user_name(65534))),
        "{root:?}"
    );
    let child = fixture.children()[0];
    let line = lines.iter().find(|l| l.id == child).expect("child shown");
    assert_eq!(line.parent, Some(fixture.pid));
    // Only the user's topmost processes are roots: none of them has a parent of that user.
    for top in lines.iter().filter(|l| l.depth == 0) {
        if let Some(owner) = owner_of(top.id) {
            assert_eq!(owner, 65534);
            let parent_owner = ppid_of(top.id).and_then(owner_of);
            assert_ne!(parent_owner, Some(65534), "{top:?}");
        }
    }
}

#[test]
fn pattern_shows_matches_with_ancestors_marked() {
    let needle = format!("kps-needle-{}", std::process::id());
    let sleeper = Fixture::sleeper_named(&needle, &["3600"]);
    wait_until(
        || {
            std::fs::read(format!("/proc/{}/cmdline", sleeper.pid))
                .is_ok_and(|c| c.starts_with(needle.as_bytes()))
        },
        "the named sleeper",
    );
    let lines = tree(&[&needle]);
    let mut chain = chain_up(sleeper.pid);
    chain.reverse();
    // kps' own command line holds the pattern too, but kps is not a match.
    let ids: Vec<i32> = lines.iter().map(|l| l.id).collect();
    assert_eq!(ids, chain);
    let marked: Vec<i32> = lines.iter().filter(|l| l.marked).map(|l| l.id).collect();
    assert_eq!(marked, vec![sleeper.pid]);
}

#[test]
fn threads_appear_by_name_under_their_process() {
    let script = r#"
import threading, time
def run(name):
    with open('/proc/self/task/%d/comm' % threading.get_native_id(), 'w') as f:
        f.write(name)
    time.sleep(3600)
for name in ('kps-alpha', 'kps-beta'):
    threading.Thread(target=run, args=(name,), daemon=True).start()
time.sleep(3600)
"#;
    let python = Fixture::spawn("python3", &["-c", script]);
    let threads = || -> HashMap<String, i32> {
        std::fs::read_dir(format!("/proc/{}/task", python.pid))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|t| {
                let tid: i32 = t.file_name().to_str()?.parse().ok()?;
                let comm = std::fs::read_to_string(t.path().join("comm")).ok()?;
                Some((comm.trim_end().to_string(), tid))
            })
            .collect()
    };
    wait_until(
        || threads().contains_key("kps-alpha") && threads().contains_key("kps-beta"),
        "named python threads",
    );
    let named = threads();
    let lines = tree(&["--threads", &python.pid_str()]);
    for name in ["kps-alpha", "kps-beta"] {
        let line = lines
            .iter()
            .find(|l| l.rest == format!("{{{name}}}"))
            .unwrap_or_else(|| panic!("no {name} in {lines:?}"));
        assert_eq!(line.id, named[name]);
        assert_eq!(line.parent, Some(python.pid));
    }
    assert_eq!(
        lines.len(),
        named.len(),
        "every thread but the main one, and the process"
    );
    let without = tree(&[&python.pid_str()]);
    assert_eq!(without.len(), 1);
}

/// RSS of each pid as ps reports it.
fn ps_rss(pids: &[i32]) -> HashMap<i32, u64> {
    let list: Vec<String> = pids.iter().map(i32::to_string).collect();
    stdout(&ps(&["-o", "pid=,rss=", "-p", &list.join(",")]))
        .lines()
        .filter_map(|l| {
            let mut f = l.split_whitespace();
            Some((f.next()?.parse().ok()?, f.next()?.parse().ok()?))
        })
        .collect()
}

#[test]
fn totals_sum_the_subtree_as_ps_reports_it() {
    let (shell, expected) = sleepy_shell(&["3600", "3601"], true);
    let output = kps(&["tree", "--ascii", "--totals", &shell.pid_str()]);
    let text = stdout(&output);
    let real = descendants(shell.pid);
    let pids: Vec<i32> = real.keys().copied().collect();
    let rss = ps_rss(&pids);
    assert_eq!(rss.len(), expected);
    let mut totals: HashMap<i32, (u64, u64)> = HashMap::new();
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    assert!(
        has_line_of_words(header, &["PROCS", "TRSS", "T%CPU", "PID", "COMMAND"]),
        "{text}"
    );
    for line in lines {
        // PROCS TRSS T%CPU, then the glyphs and the PID.
        let fields: Vec<&str> = line.split_whitespace().collect();
        let pid: i32 = fields[3..]
            .iter()
            .find_map(|f| f.trim_start_matches(['|', '`', '-']).parse().ok())
            .unwrap();
        totals.insert(
            pid,
            (fields[0].parse().unwrap(), fields[1].parse().unwrap()),
        );
    }
    for &pid in &pids {
        let subtree = descendants(pid);
        let count = subtree.len() as u64;
        let sum: u64 = subtree.keys().map(|p| rss[p]).sum();
        assert_eq!(totals[&pid], (count, sum), "totals of {pid}:\n{text}");
    }
    assert_eq!(totals[&shell.pid].0, expected as u64);

    let json = kps(&["tree", "--json", "--totals", &shell.pid_str()]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let root = &value[0];
    assert_eq!(root["pid"], shell.pid);
    assert_eq!(root["totals"]["count"], expected);
    assert_eq!(
        root["totals"]["rss"],
        pids.iter().map(|p| rss[p]).sum::<u64>()
    );
}

#[test]
fn json_nests_children_with_the_asked_keys() {
    let (shell, _) = sleepy_shell(&["3600", "3601"], true);
    let output = kps(&["tree", "--json", "-o", "pid,comm", &shell.pid_str()]);
    assert!(output.status.success());
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let real = descendants(shell.pid);
    let mut todo = vec![(&value[0], None)];
    let mut seen = 0;
    while let Some((node, parent)) = todo.pop() {
        let keys: Vec<&String> = node.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["pid", "comm", "children"]);
        let pid = node["pid"].as_i64().unwrap() as i32;
        assert_eq!(real[&pid], parent);
        let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap();
        assert_eq!(node["comm"], comm.trim_end());
        seen += 1;
        for child in node["children"].as_array().unwrap() {
            todo.push((child, Some(pid)));
        }
    }
    assert_eq!(seen, real.len());
    assert_eq!(value.as_array().unwrap().len(), 1);
}

#[test]
fn format_makes_a_table_with_the_tree_in_the_command_column() {
    let (shell, expected) = sleepy_shell(&["3600"], false);
    let output = kps(&["tree", "--ascii", "-o", "pid,ppid,args", &shell.pid_str()]);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + expected);
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["PID", "PPID", "COMMAND"]
    );
    let sleeper = shell.children()[0];
    let row = row_with(&text, 0, &sleeper.to_string()).unwrap();
    let fields: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(fields[1], shell.pid_str());
    assert_eq!(fields[2..], ["`-sleep", "3600"]);
}

#[test]
fn compact_merges_identical_leaves() {
    let (shell, _) = sleepy_shell(&["3600", "3600", "3600", "3601"], false);
    let output = kps(&["tree", "--ascii", "--compact", "-a", &shell.pid_str()]);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[1].ends_with("3*[sleep 3600]"), "{text}");
    assert!(lines[2].ends_with(" sleep 3601"), "{text}");
}

#[test]
fn names_and_arguments_are_escaped_one_line_each() {
    let script =
        "open('/proc/self/comm', 'w').write('bad\\x1bna\\nme')\nimport time\ntime.sleep(3600)";
    let python = Fixture::spawn("python3", &["-c", script]);
    wait_for_comm(python.pid, "bad\x1bna\nme");
    let output = kps(&["tree", "--ascii", &python.pid_str()]);
    let user = user_name(own_euid());
    assert_eq!(
        stdout(&output),
        format!("{} bad?na?me ({user})\n", python.pid)
    );

    let sleeper = Fixture::sleeper_named("evil\n\x1b[31mname", &["3600"]);
    wait_until(
        || {
            std::fs::read(format!("/proc/{}/cmdline", sleeper.pid))
                .is_ok_and(|c| c.starts_with(b"evil"))
        },
        "renamed sleeper",
    );
    let output = kps(&["tree", "--ascii", "-a", &sleeper.pid_str()]);
    let text = stdout(&output);
    // As in ps, a newline inside an argument reads as a space; the escape becomes '?'.
    assert_eq!(
        text,
        format!("{} evil ?[31mname 3600 ({user})\n", sleeper.pid)
    );
}

#[test]
fn zombies_are_shown() {
    let parent = Fixture::shell("sleep 0.1 & exec sleep 3600");
    wait_until(
        || {
            parent
                .children()
                .first()
                .is_some_and(|&c| proc_state(c) == Some('Z'))
        },
        "a zombie child",
    );
    let zombie = parent.children()[0];
    let lines = tree(&[&parent.pid_str()]);
    let line = lines.iter().find(|l| l.id == zombie).expect("zombie shown");
    assert_eq!(line.parent, Some(parent.pid));
    assert!(line.rest.ends_with("<defunct>"), "{line:?}");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let sleeper = Fixture::spawn("sleep", &["3600"]);
    let pid = sleeper.pid_str();
    signal(sleeper.pid, SIGSTOP);
    sleeper.wait_for_state(sleeper.pid, 'T');
    let plain = kps_env(&["tree", &pid], &[]);
    assert!(!plain.stdout.contains(&0x1b));
    let always = kps_env(&["tree", "--color=always", &pid], &[("NO_COLOR", "1")]);
    assert!(
        stdout(&always).contains("\x1b[33msleep\x1b[0m"),
        "{:?}",
        stdout(&always)
    );
    let never = kps_env(&["tree", "--color=never", &pid], &[]);
    assert_eq!(never.stdout, plain.stdout);

    // On a terminal (script(1) gives kps one), auto colours unless NO_COLOR is set.
    let on_terminal = |env: &[(&str, &str)]| {
        let command = format!("{KPS} tree {pid}");
        let output = run_with_env("script", &["-qec", &command, "/dev/null"], env);
        assert!(output.status.success(), "script: {}", stderr(&output));
        stdout(&output)
    };
    assert!(on_terminal(&[]).contains("\x1b[33msleep\x1b[0m"));
    assert!(!on_terminal(&[("NO_COLOR", "1")]).contains('\x1b'));
}

#[test]
fn bad_roots_are_clear_errors() {
    let pid_max: i64 = std::fs::read_to_string("/proc/sys/kernel/pid_max")
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let missing_pid = (pid_max + 1).to_string();
    let no_match = format!("kps-no-such-process-{}", std::process::id());
    for (args, message) in [
        (
            vec!["tree", missing_pid.as_str()],
            format!("no process with PID {missing_pid}"),
        ),
        (
            vec!["tree", "-u", "kps-no-such-user"],
            "error: user name does not exist: 'kps-no-such-user'".to_string(),
        ),
        (
            vec!["tree", no_match.as_str()],
            format!("no process matches '{no_match}'"),
        ),
        (
            vec!["tree", "(unclosed"],
            "invalid pattern '(unclosed'".to_string(),
        ),
        (vec!["tree", "-o", "bogus"], "bogus".to_string()),
    ] {
        let output = kps(&args);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        let err = stderr(&output);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.starts_with("kps: ") && err.contains(&message),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn every_line_is_one_process_with_its_pid() {
    let (_shell, _) = sleepy_shell(&["3600"], false);
    let text = stdout(&kps(&["tree", "-a", "--threads"]));
    let mut ids = HashSet::new();
    for line in text.lines() {
        assert!(!line.chars().any(|c| c.is_control()), "{line:?}");
        let id = line
            .trim_start_matches(|c: char| !c.is_ascii_digit())
            .split(' ')
            .next()
            .and_then(|id| id.parse::<i32>().ok())
            .unwrap_or_else(|| panic!("no id in {line:?}"));
        assert!(ids.insert(id), "{id} twice");
    }
}
