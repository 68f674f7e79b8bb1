//! The parts of `kps show` about what a process is kept apart by: its
//! container, its namespaces and the ids it has in each PID namespace, its
//! capabilities and seccomp mode.

use super::{Fields, Out, escaped_str, field, readable_text, unreadable_text};
use crate::proc::caps;
use crate::proc::status::StatusDetails;
use crate::views::show::{Report, differs_from_init, seccomp_mode};

/// The process' ids in each PID namespace it is in, outermost first, as
/// identity rows (`nspid  4321 1`).
pub(super) fn namespace_ids(rows: &mut Fields, report: &Report, out: &Out) {
    let details = match &report.details {
        Ok(details) => details,
        Err(why) => return field(rows, "nspid", unreadable_text(*why, out.painter)),
    };
    let lists: [(&str, &Vec<i32>); 4] = [
        ("nspid", &details.ns_pid),
        ("nstgid", &details.ns_tgid),
        ("nspgid", &details.ns_pgid),
        ("nssid", &details.ns_sid),
    ];
    for (label, ids) in lists {
        let text: Vec<String> = ids.iter().map(i32::to_string).collect();
        let text = if text.is_empty() {
            "-".to_string()
        } else {
            text.join(" ")
        };
        field(rows, label, text);
    }
}

pub(super) fn container(out: &mut Out, report: &Report) {
    let found = match &report.container {
        Ok(Some(found)) => found,
        Ok(None) => return out.line("container", "none"),
        Err(why) => return out.unreadable("container", *why),
    };
    let mut rows = Fields::new();
    field(&mut rows, "container", escaped_str(&found.label()));
    field(&mut rows, "runtime", found.runtime.name());
    field(&mut rows, "id", escaped_str(&found.id));
    if let Some(pod) = &found.pod {
        field(&mut rows, "pod uid", escaped_str(pod));
    }
    if let Some(name) = &found.name {
        field(&mut rows, "name", escaped_str(name));
    }
    out.fields("container", rows);
}

pub(super) fn namespaces(out: &mut Out, report: &Report) {
    let namespaces = match &report.namespaces {
        Ok(namespaces) => namespaces,
        Err(why) => return out.unreadable("namespaces", *why),
    };
    let differs = differs_from_init(report);
    let rows = namespaces
        .iter()
        .zip(differs)
        .map(|((name, target), (_, differs))| {
            let mut target = readable_text(target, out.painter, |t| escaped_str(t));
            if differs == Some(true) {
                target.push_str(" (not PID 1's)");
            }
            (escaped_str(name), target)
        })
        .collect();
    out.fields("namespaces", rows);
}

pub(super) fn security(out: &mut Out, report: &Report) {
    let details = match &report.details {
        Ok(details) => details,
        Err(why) => return out.unreadable("security", *why),
    };
    let mut rows = Fields::new();
    let mask = |mask: Option<u64>| mask.map_or_else(|| "-".to_string(), caps::text);
    field(&mut rows, "effective", mask(details.cap_effective));
    field(&mut rows, "permitted", mask(details.cap_permitted));
    field(&mut rows, "inheritable", mask(details.cap_inheritable));
    field(&mut rows, "bounding", mask(details.cap_bounding));
    field(&mut rows, "ambient", mask(details.cap_ambient));
    field(&mut rows, "seccomp", seccomp_text(details));
    let no_new_privs = match details.no_new_privs {
        Some(true) => "yes",
        Some(false) => "no",
        None => "-",
    };
    field(&mut rows, "no_new_privs", no_new_privs);
    out.fields("security", rows);
}

/// `filter (2 filters)`, `strict`, `disabled`.
fn seccomp_text(details: &StatusDetails) -> String {
    match (seccomp_mode(details.seccomp), details.seccomp_filters) {
        ("filter", Some(n)) => format!("filter ({n} filters)"),
        (mode, _) => mode.to_string(),
    }
}
