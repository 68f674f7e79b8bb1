//! The report of `kps show` for people: one titled section after another.

mod isolation;

use std::fmt::Display;

use procfs::process::{Limit, LimitValue};

use super::{AskedThread, Report, limit_table, ps, ps_text, seconds, state_meaning, zombie_exit};
use crate::columns::{self, Row, Spec};
use crate::proc::process::{Readable, Unreadable};
use crate::proc::signals;
use crate::proc::snapshot::IoCounters;
use crate::render::color::Painter;
use crate::render::escape;
use crate::render::palette::{self, Kind};
use crate::render::tables;

type Fields = Vec<(String, String)>;

pub fn render(report: &Report, row: &Row, painter: Painter) -> String {
    let proc = row.proc;
    let mut out = Out {
        text: String::new(),
        painter,
    };
    if let Some(thread) = &report.thread {
        asked_thread(&mut out, thread, row);
    }
    out.heading(&format!(
        "PID {} ({})",
        proc.pid,
        escaped_str(&String::from_utf8_lossy(&proc.comm))
    ));
    let mut ids = identity(report, row, painter);
    isolation::namespace_ids(&mut ids, report, &out);
    out.fields("identity", ids);
    out.fields("command", command(report, row, painter));
    out.fields("state", state(row, painter));
    out.fields("cpu", cpu(report, row, painter));
    out.fields("memory", memory(report, row, painter));
    threads(&mut out, report, row);
    children(&mut out, report);
    out.fields("io", io(row));
    out.fields("file descriptors", descriptors(report, painter));
    out.fields("signals", signal_masks(row));
    limits(&mut out, report);
    isolation::container(&mut out, report);
    cgroups(&mut out, report);
    isolation::namespaces(&mut out, report);
    isolation::security(&mut out, report);
    out.text
}

/// The report's text so far, and how it is painted.
struct Out {
    text: String,
    painter: Painter,
}

impl Out {
    fn heading(&mut self, title: &str) {
        self.painter
            .paint(&mut self.text, Some(Kind::Header), |t| t.push_str(title));
        self.text.push('\n');
    }

    fn section(&mut self, title: &str, table: &comfy_table::Table) {
        self.heading(title);
        self.text.push_str(&tables::render(table));
    }

    fn fields(&mut self, title: &str, rows: Fields) {
        self.section(title, &tables::fields(rows));
    }

    /// A section that is a single value.
    fn line(&mut self, title: &str, value: &str) {
        self.heading(title);
        self.text.push_str("  ");
        self.text.push_str(value);
        self.text.push('\n');
    }

    /// A section that could not be read, and why.
    fn unreadable(&mut self, title: &str, why: Unreadable) {
        let why = unreadable_text(why, self.painter);
        self.line(title, &why);
    }

    /// What a section shows, or `None` once the section has said why it could
    /// not be read.
    fn readable<'a, T>(&mut self, title: &str, value: &'a Readable<T>) -> Option<&'a T> {
        match value {
            Ok(value) => Some(value),
            Err(why) => {
                self.unreadable(title, *why);
                None
            }
        }
    }
}

fn field(rows: &mut Fields, label: &str, value: impl Display) {
    rows.push((label.to_string(), value.to_string()));
}

fn escaped_str(s: &str) -> String {
    let mut out = String::new();
    escape::push_escaped_str(&mut out, s);
    out
}

fn readable_text<T>(value: &Readable<T>, painter: Painter, show: impl Fn(&T) -> String) -> String {
    match value {
        Ok(v) => show(v),
        Err(why) => unreadable_text(*why, painter),
    }
}

/// Why a value is missing; a denied one is dimmed, as there is nothing to read in it.
fn unreadable_text(why: Unreadable, painter: Painter) -> String {
    match why {
        Unreadable::Denied => painter.painted(Kind::Denied, why.text()),
        Unreadable::Unavailable => why.text().to_string(),
    }
}

/// `1000 (alice)`, or the number alone when it has no name.
fn id_and_name(row: &Row, id_column: &Spec, name_column: &Spec) -> String {
    let id = ps_text(row, id_column);
    let name = ps_text(row, name_column);
    if name == id || name == "?" {
        id
    } else {
        format!("{id} ({name})")
    }
}

/// `text` in the style of `kind`, if any.
fn painted(painter: Painter, kind: Option<Kind>, text: String) -> String {
    match kind {
        Some(kind) => painter.painted(kind, &text),
        None => text,
    }
}

fn identity(report: &Report, row: &Row, painter: Painter) -> Fields {
    let proc = row.proc;
    let mut rows = Fields::new();
    field(&mut rows, "pid", ps_text(row, ps::PID));
    field(&mut rows, "ppid", ps_text(row, ps::PPID));
    let chain: Vec<String> = report
        .ancestors
        .iter()
        .map(|(pid, comm)| format!("{pid} {}", escaped_str(comm)))
        .collect();
    field(
        &mut rows,
        "ancestors",
        if chain.is_empty() {
            "none".to_string()
        } else {
            chain.join(" < ")
        },
    );
    field(&mut rows, "pgid", ps_text(row, ps::PGID));
    field(&mut rows, "sid", ps_text(row, ps::SID));
    let tty = if proc.stat.tty_nr == 0 {
        "none".to_string()
    } else {
        ps_text(row, ps::TTY)
    };
    field(&mut rows, "tty", tty);
    field(&mut rows, "tpgid", ps_text(row, ps::TPGID));
    let kinds = ["real", "effective", "saved", "filesystem"];
    for (i, (id, name)) in ps::IDS.into_iter().enumerate() {
        let label = format!("{} ({})", id.name, kinds[i % 4]);
        let value = id_and_name(row, id, name);
        // The effective user says whose process this is.
        let kind = (id.name == "euid")
            .then(|| painter.user(proc.euid()))
            .flatten();
        field(&mut rows, &label, painted(painter, kind, value));
    }
    let groups = match &proc.status {
        Some(status) if status.groups.is_empty() => "none".to_string(),
        Some(status) => status
            .groups
            .iter()
            .map(|&gid| match row.snap.names.group(gid) {
                Some(name) => format!("{gid} ({})", escaped_str(name)),
                None => gid.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        None => "-".to_string(),
    };
    field(&mut rows, "groups", groups);
    rows
}

fn command(report: &Report, row: &Row, painter: Painter) -> Fields {
    let mut rows = Fields::new();
    field(&mut rows, "comm", ps_text(row, ps::COMM));
    let args = match row.proc.cmdline.as_deref() {
        Some(cmdline) if !cmdline.is_empty() => quoted_argv(cmdline),
        _ => ps_text(row, ps::ARGS),
    };
    field(&mut rows, "argv", args);
    let path = |link: &Readable<Vec<u8>>| readable_text(link, painter, |p| escape::escaped(p));
    field(&mut rows, "exe", path(&report.exe));
    field(&mut rows, "cwd", path(&report.cwd));
    field(&mut rows, "root", path(&report.root));
    rows
}

/// The argument vector as a shell would need it typed: arguments with spaces
/// or shell syntax in single quotes, so where one ends and the next begins is
/// visible.
fn quoted_argv(cmdline: &[u8]) -> String {
    cmdline
        .strip_suffix(b"\0")
        .unwrap_or(cmdline)
        .split(|&b| b == 0)
        .map(|arg| shell_quoted(&escape::escaped(arg)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn shell_quoted(arg: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "_-+=:,./@%^".contains(c);
    if !arg.is_empty() && arg.chars().all(plain) {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

fn state(row: &Row, painter: Painter) -> Fields {
    let stat = &row.proc.stat;
    let mut rows = Fields::new();
    let meaning = format!("{} ({})", stat.state, state_meaning(stat.state));
    let state = painted(painter, palette::state(stat.state), meaning);
    field(&mut rows, "state", state);
    match zombie_exit(row.proc) {
        Some(Ok(status)) => field(&mut rows, "exit", format!("status {status}")),
        Some(Err(signal)) => field(
            &mut rows,
            "exit",
            format!("killed by {}", signals::name(signal)),
        ),
        None => {}
    }
    field(&mut rows, "stat", ps_text(row, ps::STAT));
    field(&mut rows, "nice", ps_text(row, ps::NI));
    field(&mut rows, "priority (pri)", ps_text(row, ps::PRI));
    let policy = match stat.policy.map(columns::policy_names) {
        Some((name, class)) => match stat.rt_priority.filter(|&p| p > 0) {
            Some(rt) => format!("{name} ({class}), real-time priority {rt}"),
            None => format!("{name} ({class})"),
        },
        None => "-".to_string(),
    };
    field(&mut rows, "policy", policy);
    field(&mut rows, "last cpu (psr)", ps_text(row, ps::PSR));
    field(&mut rows, "started", ps_text(row, ps::LSTART));
    field(&mut rows, "elapsed", ps_text(row, ps::ETIME));
    rows
}

fn cpu(report: &Report, row: &Row, painter: Painter) -> Fields {
    let stat = &row.proc.stat;
    let secs = |ticks: u64| format!("{:.2} s", seconds(ticks, row));
    let mut rows = Fields::new();
    field(&mut rows, "user", secs(stat.utime));
    field(&mut rows, "system", secs(stat.stime));
    field(&mut rows, "children user", secs(stat.cutime.max(0) as u64));
    field(
        &mut rows,
        "children system",
        secs(stat.cstime.max(0) as u64),
    );
    field(&mut rows, "time", ps_text(row, ps::TIME));
    let pcpu = ps_text(row, ps::PCPU);
    field(
        &mut rows,
        "%cpu",
        painted(painter, palette::cpu(&pcpu), pcpu),
    );
    let details = report.details.as_ref().ok();
    let count = |n: Option<u64>| n.map_or_else(|| "-".to_string(), |n| n.to_string());
    field(
        &mut rows,
        "voluntary switches",
        count(details.and_then(|d| d.voluntary_switches)),
    );
    field(
        &mut rows,
        "involuntary switches",
        count(details.and_then(|d| d.involuntary_switches)),
    );
    rows
}

/// /proc/PID/io under the kernel's names; `-` where it may not be read.
fn io(row: &Row) -> Fields {
    let io = row.proc.extra.io.as_ref();
    let mut rows = Fields::new();
    type Counter = fn(&IoCounters) -> u64;
    let counters: [(&str, Counter); 7] = [
        ("read_bytes", |io| io.read_bytes),
        ("write_bytes", |io| io.write_bytes),
        ("cancelled_write_bytes", |io| io.cancelled_write_bytes),
        ("syscr", |io| io.syscr),
        ("syscw", |io| io.syscw),
        ("rchar", |io| io.rchar),
        ("wchar", |io| io.wchar),
    ];
    for (label, get) in counters {
        field(
            &mut rows,
            label,
            io.map_or_else(|| "-".to_string(), |io| get(io).to_string()),
        );
    }
    rows
}

fn kib(value: u64) -> String {
    format!("{value} KiB")
}

fn memory(report: &Report, row: &Row, painter: Painter) -> Fields {
    let mut rows = Fields::new();
    field(&mut rows, "vsz", kib(row.proc.vsz_kib()));
    match &row.proc.status {
        Some(status) => {
            field(&mut rows, "rss", kib(status.vm_rss));
            let pmem = ps_text(row, ps::PMEM);
            field(
                &mut rows,
                "%mem",
                painted(painter, palette::memory(&pmem), pmem),
            );
            field(&mut rows, "  anonymous", kib(status.rss_anon));
            field(&mut rows, "  file", kib(status.rss_file));
            field(&mut rows, "  shmem", kib(status.rss_shmem));
        }
        None => field(&mut rows, "rss", "-"),
    }
    let rollup = &report.memory;
    field(
        &mut rows,
        "pss",
        readable_text(rollup, painter, |m| kib(m.pss)),
    );
    field(
        &mut rows,
        "uss",
        readable_text(rollup, painter, |m| kib(m.uss)),
    );
    field(
        &mut rows,
        "shared",
        readable_text(rollup, painter, |m| {
            format!("{} (also mapped by other processes)", kib(m.shared))
        }),
    );
    field(
        &mut rows,
        "private",
        readable_text(rollup, painter, |m| {
            format!("{} (mapped by this process only)", kib(m.uss))
        }),
    );
    match &row.proc.status {
        Some(status) => {
            field(&mut rows, "swap", kib(status.vm_swap));
            field(&mut rows, "peak rss", kib(status.vm_hwm));
        }
        None => {
            field(&mut rows, "swap", "-");
            field(&mut rows, "peak rss", "-");
        }
    }
    let extra = &row.proc.extra;
    let score = |n: Option<i64>| n.map_or_else(|| "-".to_string(), |n| n.to_string());
    field(&mut rows, "oom_score", score(extra.oom_score));
    field(&mut rows, "oom_score_adj", score(extra.oom_score_adj));
    rows
}

fn threads(out: &mut Out, report: &Report, row: &Row) {
    let Some(threads) = out.readable("threads", &report.threads) else {
        return;
    };
    let rows = threads
        .iter()
        .map(|t| {
            vec![
                t.tid.to_string(),
                escaped_str(&t.comm),
                t.state.to_string(),
                format!("{:.2}", seconds(t.cpu_ticks, row)),
            ]
        })
        .collect();
    let table = tables::list(&["TID", "NAME", "S", "CPU(s)"], &[0, 3], rows);
    out.section(&format!("threads ({})", threads.len()), &table);
}

/// `kps show TID`: the thread first, then the process it is a thread of.
fn asked_thread(out: &mut Out, thread: &Readable<AskedThread>, row: &Row) {
    let pid = row.proc.pid;
    let Some(thread) = out.readable(&format!("thread of PID {pid}"), thread) else {
        return;
    };
    out.heading(&format!(
        "TID {} ({}), a thread of PID {pid} ({})",
        thread.tid,
        escaped_str(&thread.comm),
        escaped_str(&String::from_utf8_lossy(&row.proc.comm))
    ));
    let mut rows = Fields::new();
    field(&mut rows, "tid", thread.tid);
    field(&mut rows, "name", escaped_str(&thread.comm));
    let meaning = format!("{} ({})", thread.state, state_meaning(thread.state));
    let state = painted(out.painter, palette::state(thread.state), meaning);
    field(&mut rows, "state", state);
    let secs = |ticks: u64| format!("{:.2} s", seconds(ticks, row));
    field(&mut rows, "user", secs(thread.utime));
    field(&mut rows, "system", secs(thread.stime));
    let processor = thread
        .processor
        .map_or_else(|| "-".to_string(), |cpu| cpu.to_string());
    field(&mut rows, "last cpu (psr)", processor);
    out.fields("thread", rows);
    out.text.push('\n');
}

fn children(out: &mut Out, report: &Report) {
    match &report.children {
        Ok(children) if children.is_empty() => out.line("children (0)", "none"),
        Ok(children) => {
            let rows = children
                .iter()
                .map(|(pid, comm)| vec![pid.to_string(), escaped_str(comm)])
                .collect();
            let table = tables::list(&["PID", "NAME"], &[0], rows);
            out.section(&format!("children ({})", children.len()), &table);
        }
        Err(why) => out.unreadable("children", *why),
    }
}

fn descriptors(report: &Report, painter: Painter) -> Fields {
    let mut rows = Fields::new();
    match &report.fd_counts {
        Ok(counts) => {
            for (category, count) in counts {
                field(&mut rows, category.label(), count);
            }
            field(
                &mut rows,
                "total",
                counts.iter().map(|(_, n)| n).sum::<usize>(),
            );
        }
        Err(why) => field(&mut rows, "open", unreadable_text(*why, painter)),
    }
    let limit = readable_text(&report.limits, painter, |l| {
        let open_files = &l.max_open_files;
        format!(
            "{} (hard {})",
            limit_text(&open_files.soft_limit),
            limit_text(&open_files.hard_limit)
        )
    });
    field(&mut rows, "limit", limit);
    rows
}

fn signal_masks(row: &Row) -> Fields {
    let mut rows = Fields::new();
    let Some(status) = &row.proc.status else {
        field(&mut rows, "masks", "-");
        return rows;
    };
    for (label, mask) in [
        ("pending", status.sig_pending | status.shd_pending),
        ("blocked", status.sig_blocked),
        ("ignored", status.sig_ignored),
        ("caught", status.sig_caught),
    ] {
        let names = signals::names_in(mask);
        let value = if names.is_empty() {
            "none".to_string()
        } else {
            names.join(" ")
        };
        field(&mut rows, label, value);
    }
    rows
}

fn limit_text(value: &LimitValue) -> String {
    match value {
        LimitValue::Unlimited => "unlimited".to_string(),
        LimitValue::Value(n) => n.to_string(),
    }
}

fn limits(out: &mut Out, report: &Report) {
    let Some(limits) = out.readable("limits", &report.limits) else {
        return;
    };
    let rows = limit_table(limits)
        .iter()
        .map(|(name, unit, limit): &(&str, &str, &Limit)| {
            vec![
                name.to_uppercase(),
                limit_text(&limit.soft_limit),
                limit_text(&limit.hard_limit),
                unit.to_string(),
            ]
        })
        .collect();
    let table = tables::list(&["RESOURCE", "SOFT", "HARD", "UNITS"], &[1, 2], rows);
    out.section("limits", &table);
}

fn cgroups(out: &mut Out, report: &Report) {
    let Some(groups) = out.readable("cgroup", &report.cgroups) else {
        return;
    };
    let rows = groups
        .iter()
        .map(|g| {
            let controllers = if g.controllers.is_empty() {
                format!("{}: (unified)", g.hierarchy)
            } else {
                format!("{}: {}", g.hierarchy, escaped_str(&g.controllers))
            };
            (controllers, escape::escaped(&g.path))
        })
        .collect();
    out.fields("cgroup", rows);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_quoted_where_needed() {
        assert_eq!(quoted_argv(b"sleep\x00100\x00"), "sleep 100");
        assert_eq!(
            quoted_argv(b"sh\0-c\0echo 'hi' > /x\0\0"),
            r"sh -c 'echo '\''hi'\'' > /x' ''"
        );
        // The escape is `?` in a UTF-8 locale and `.` elsewhere, as in ps.
        let escaped = quoted_argv(b"a\x1b[2Jb\0");
        assert!(escaped == "'a?[2Jb'" || escaped == "'a.[2Jb'", "{escaped}");
    }
}
