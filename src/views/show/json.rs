//! The report of `kps show --json`: one object per process, keyed by the JSON
//! keys of ps' specifiers where ps has one (`uid`, `nice`, `start`). A field that may not be read is `null` and its key is
//! listed under `permission_denied`.

use procfs::process::{Limit, LimitValue};

use super::{
    Report, differs_from_init, limit_table, ps, seccomp_mode, seconds, state_meaning, zombie_exit,
};
use crate::columns::{self, Row, Spec};
use crate::proc::caps;
use crate::proc::container::Container;
use crate::proc::process::{Readable, Unreadable};
use crate::proc::signals;
use crate::render::json::Json;

/// Builds the object, remembering which keys could not be read.
struct Object {
    json: Json,
    denied: Vec<&'static str>,
}

impl Object {
    fn put(&mut self, key: &'static str, value: impl Into<Json>) {
        self.json.insert(key, value);
    }

    fn put_readable<T>(
        &mut self,
        key: &'static str,
        value: &Readable<T>,
        to_json: impl Fn(&T) -> Json,
    ) {
        match value {
            Ok(v) => self.put(key, to_json(v)),
            Err(why) => {
                if *why == Unreadable::Denied {
                    self.denied.push(key);
                }
                self.put(key, Json::Null);
            }
        }
    }

    /// ps columns' values, each under its specifier's JSON key.
    fn ps(&mut self, row: &Row, specs: &[&Spec]) {
        columns::insert_values(&mut self.json, specs.iter().copied(), row);
    }
}

pub fn render(report: &Report, row: &Row) -> Json {
    let proc = row.proc;
    let mut obj = Object {
        json: Json::object(),
        denied: Vec::new(),
    };
    obj.ps(row, &[ps::PID, ps::PPID, ps::NSPID]);
    obj.put_readable("pid_namespaces", &report.details, |d| {
        Json::object()
            .with("nspid", d.ns_pid.clone())
            .with("nstgid", d.ns_tgid.clone())
            .with("nspgid", d.ns_pgid.clone())
            .with("nssid", d.ns_sid.clone())
    });
    let ancestors: Vec<Json> = report
        .ancestors
        .iter()
        .map(|(pid, comm)| Json::object().with("pid", *pid).with("comm", comm.as_str()))
        .collect();
    obj.put("ancestors", ancestors);
    obj.ps(row, &[ps::PGID, ps::SID, ps::TTY, ps::TPGID]);
    for (id, name) in ps::IDS {
        obj.ps(row, &[id, name]);
    }
    let groups = proc.status.as_ref().map(|s| s.groups.clone());
    obj.put("supgid", groups.clone());
    let group_names = groups.map(|gids| {
        gids.iter()
            .map(|&gid| row.snap.names.group_or_id(gid))
            .collect::<Vec<String>>()
    });
    obj.put("supgrp", group_names);

    obj.ps(row, &[ps::COMM, ps::ARGS]);
    let argv = proc.cmdline.as_deref().map(|cmdline| {
        if cmdline.is_empty() {
            return Vec::new();
        }
        cmdline
            .strip_suffix(b"\0")
            .unwrap_or(cmdline)
            .split(|&b| b == 0)
            .map(|a| String::from_utf8_lossy(a).into_owned())
            .collect::<Vec<String>>()
    });
    obj.put("argv", argv);
    let path = |p: &Vec<u8>| Json::from(String::from_utf8_lossy(p).into_owned());
    obj.put_readable("exe", &report.exe, path);
    obj.put_readable("cwd", &report.cwd, path);
    obj.put_readable("root", &report.root, path);

    obj.ps(row, &[ps::S]);
    obj.put("state", state_meaning(proc.stat.state));
    match zombie_exit(proc) {
        Some(Ok(status)) => obj.put("exit_status", status),
        Some(Err(signal)) => obj.put("exit_signal", signals::name(signal)),
        None => {}
    }
    obj.ps(row, &[ps::STAT, ps::NI, ps::PRI]);
    let policy = proc.stat.policy.map(columns::policy_names);
    obj.put("policy", policy.map(|(name, _)| name));
    obj.put("cls", policy.map(|(_, class)| class));
    obj.put("rtprio", proc.stat.rt_priority);
    obj.ps(row, &[ps::PSR, ps::LSTART, ps::ETIMES]);

    let stat = &proc.stat;
    obj.put("utime", seconds(stat.utime, row));
    obj.put("stime", seconds(stat.stime, row));
    obj.put("cutime", seconds(stat.cutime.max(0) as u64, row));
    obj.put("cstime", seconds(stat.cstime.max(0) as u64, row));
    obj.ps(row, &[ps::TIME, ps::PCPU]);
    let details = report.details.as_ref().ok();
    obj.put(
        "voluntary_ctxt_switches",
        details.and_then(|d| d.voluntary_switches),
    );
    obj.put(
        "nonvoluntary_ctxt_switches",
        details.and_then(|d| d.involuntary_switches),
    );
    obj.ps(row, &ps::IO);

    obj.ps(row, &[ps::VSZ, ps::RSS]);
    let status = proc.status.as_ref();
    obj.put("rss_anon", status.map(|s| s.rss_anon));
    obj.put("rss_file", status.map(|s| s.rss_file));
    obj.put("rss_shmem", status.map(|s| s.rss_shmem));
    obj.put_readable("pss", &report.memory, |m| m.pss.into());
    obj.put_readable("uss", &report.memory, |m| m.uss.into());
    obj.put_readable("shared", &report.memory, |m| m.shared.into());
    obj.put_readable("private", &report.memory, |m| m.uss.into());
    obj.put("swap", status.map(|s| s.vm_swap));
    obj.put("peak_rss", status.map(|s| s.vm_hwm));
    obj.ps(row, &[ps::OOM, ps::OOMADJ]);

    obj.ps(row, &[ps::NLWP]);
    obj.put_readable("threads", &report.threads, |threads| {
        threads
            .iter()
            .map(|t| {
                Json::object()
                    .with("tid", t.tid)
                    .with("comm", t.comm.as_str())
                    .with("s", t.state.to_string())
                    .with("time", seconds(t.cpu_ticks, row))
            })
            .collect()
    });
    if let Some(thread) = &report.thread {
        // `kps show TID`: the thread asked for, keyed as in `threads`.
        obj.put_readable("thread", thread, |t| {
            Json::object()
                .with("tid", t.tid)
                .with("comm", t.comm.as_str())
                .with("s", t.state.to_string())
                .with("time", seconds(t.utime + t.stime, row))
                .with("psr", t.processor)
        });
    }
    obj.put_readable("children", &report.children, |children| {
        children
            .iter()
            .map(|(pid, comm)| Json::object().with("pid", *pid).with("comm", comm.as_str()))
            .collect()
    });
    obj.put_readable("fds", &report.fd_counts, |counts| {
        let mut fds = Json::object();
        for (category, count) in counts {
            fds.insert(category.label(), *count);
        }
        fds.insert("total", counts.iter().map(|(_, n)| n).sum::<usize>());
        fds
    });
    obj.put_readable("fd_limit", &report.limits, |l| {
        limit_json(&l.max_open_files)
    });

    let masks = status.map(|s| {
        Json::object()
            .with("pending", signals::names_in(s.sig_pending | s.shd_pending))
            .with("blocked", signals::names_in(s.sig_blocked))
            .with("ignored", signals::names_in(s.sig_ignored))
            .with("caught", signals::names_in(s.sig_caught))
    });
    obj.put("signals", masks);
    obj.put_readable("limits", &report.limits, |limits| {
        let mut all = Json::object();
        for (name, _, limit) in limit_table(limits) {
            all.insert(name, limit_json(limit));
        }
        all
    });
    obj.put_readable("cgroup", &report.cgroups, |groups| {
        groups
            .iter()
            .map(|g| {
                Json::object()
                    .with("hierarchy", g.hierarchy.as_str())
                    .with("controllers", g.controllers.as_str())
                    .with("path", String::from_utf8_lossy(&g.path).into_owned())
            })
            .collect()
    });
    obj.put_readable("container", &report.container, |found| {
        found.as_ref().map(|c| c.label()).into()
    });
    obj.put_readable("container_detail", &report.container, |found| {
        found.as_ref().map(container_json).into()
    });
    obj.put_readable("namespaces", &report.namespaces, |namespaces| {
        let mut all = Json::object();
        for (name, target) in namespaces {
            all.insert(name.as_str(), target.as_ref().ok().map(String::as_str));
        }
        all
    });
    if report.namespaces.is_ok() {
        let unlike: Vec<String> = differs_from_init(report)
            .into_iter()
            .filter(|(_, differs)| *differs == Some(true))
            .map(|(name, _)| name)
            .collect();
        obj.put("namespaces_unlike_pid1", unlike);
    }
    obj.put_readable("capabilities", &report.details, |d| {
        let names = |mask: Option<u64>| mask.map(caps::names_in);
        Json::object()
            .with("effective", names(d.cap_effective))
            .with("permitted", names(d.cap_permitted))
            .with("inheritable", names(d.cap_inheritable))
            .with("bounding", names(d.cap_bounding))
            .with("ambient", names(d.cap_ambient))
    });
    obj.put_readable("seccomp", &report.details, |d| {
        Json::from((d.seccomp.is_some()).then(|| seccomp_mode(d.seccomp)))
    });
    obj.put_readable("no_new_privs", &report.details, |d| d.no_new_privs.into());
    let denied = std::mem::take(&mut obj.denied);
    obj.put("permission_denied", denied);
    obj.json
}

fn limit_value(value: &LimitValue) -> Json {
    match value {
        LimitValue::Unlimited => Json::from("unlimited"),
        LimitValue::Value(n) => Json::from(*n),
    }
}

/// The container a process runs in, as its runtime names it.
fn container_json(c: &Container) -> Json {
    Json::object()
        .with("runtime", c.runtime.name())
        .with("id", c.id.as_str())
        .with("pod", c.pod.clone())
        .with("name", c.name.clone())
}

fn limit_json(limit: &Limit) -> Json {
    Json::object()
        .with("soft", limit_value(&limit.soft_limit))
        .with("hard", limit_value(&limit.hard_limit))
}
