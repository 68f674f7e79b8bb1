//! The columns when no `-o` gives them: `PS_FORMAT`, a format letter's list
//! (`-f`, `u`, `l`, ...) edited by the UNIX modifiers, or the list ps
//! generates from the UNIX flags.

use super::facts::SystemFacts;
use super::format::{parse_format, parse_format_item};
use crate::cli::personality::{self, Personality};
use crate::cli::ps_args::{BsdFormat, PsArgs};
use crate::columns::Column;
use crate::error::{Error, Result};

/// `-L` or `-T` together with `m`, `-m` or `H`: procps then insists on
/// adding its thread columns, so no other format may be given.
pub(super) fn thread_columns_required(args: &PsArgs) -> bool {
    (args.thread_lwp || args.thread_spid)
        && (args.bsd_threads_after || args.unix_threads_after || args.threads_as_processes)
}

fn bsd_format_list(format: BsdFormat, personality: &Personality) -> &'static str {
    let lists = &personality.bsd_lists;
    match format {
        BsdFormat::User => lists.user,
        BsdFormat::Jobs => lists.jobs,
        BsdFormat::Long => lists.long,
        BsdFormat::Virtual => lists.virtual_memory,
        BsdFormat::Signal => lists.signal,
        BsdFormat::Registers => personality::REGISTERS_LIST,
        BsdFormat::Memory => personality::MEMORY_LIST,
    }
}

/// The columns of the listing: `user_columns` (from `-o` and the like), else
/// a default format. A `PS_FORMAT` that cannot be read is ignored with a
/// warning, pushed onto `warnings`.
pub(super) fn resolve_columns(
    args: &PsArgs,
    facts: &SystemFacts,
    user_columns: Vec<Column>,
    warnings: &mut Vec<String>,
) -> Result<Vec<Column>> {
    let personality = &facts.personality;
    let digits = facts.pid_max_digits;
    let conflicting = || Err(Error::new("error: conflicting format options"));
    let mut bsd_formats = args.bsd_formats.clone();
    bsd_formats.dedup();
    let bsd_format = bsd_formats.first().copied();
    let sysv = args.sysv;
    let jobs_format = sysv.jobs && personality.jobs_is_format();
    let unix_format = sysv.is_format() || jobs_format;
    // procps' "format flags" choose a format; its "modifiers" edit one.
    let format_flags = unix_format || bsd_format.is_some() || args.context;
    let modifiers = (sysv.jobs && !jobs_format)
        || sysv.no_flags
        || sysv.class
        || sysv.processor
        || sysv.label
        || sysv.extra_full;
    if !user_columns.is_empty() {
        if format_flags {
            return conflicting();
        }
        if modifiers {
            return Err(Error::new(
                "error: can not use output modifiers with user-defined output",
            ));
        }
        if thread_columns_required(args) {
            return Err(Error::new(
                "error: -L/-T with H/m/-m and -o/-O/o/O is nonsense",
            ));
        }
        return Ok(user_columns);
    }
    if bsd_formats.len() > 1
        || (bsd_format.is_some() && unix_format)
        || (args.context && (unix_format || bsd_format.is_some()))
    {
        return conflicting();
    }
    if let Some(text) = facts
        .ps_format
        .as_deref()
        .filter(|_| !format_flags && !modifiers)
    {
        if thread_columns_required(args) {
            return Err(Error::new(
                "error: tell <procps@freelists.org> what you want (-L/-T, -m/m/H, and $PS_FORMAT)",
            ));
        }
        match parse_format(text, digits) {
            Ok(columns) => return Ok(columns),
            Err(e) => warnings.push(format!(
                "warning: $PS_FORMAT ignored. ({})",
                e.message().trim_start_matches("error: ")
            )),
        }
    }
    let full = sysv.full || sysv.extra_full;
    let lists = &personality.sysv_lists;
    let list = match (bsd_format, full, sysv.long, jobs_format) {
        // The security-context format, which the modifiers edit like any other.
        _ if args.context => Some("pid,context,command"),
        (Some(format), ..) => Some(bsd_format_list(format, personality)),
        (None, false, false, false) => None,
        (None, true, true, false) => lists.full_long,
        (None, true, false, false) => lists.full,
        (None, false, true, false) => lists.long,
        (None, false, false, true) => lists.jobs,
        (None, false, true, true) => Some(personality::DEBIAN_LONG_JOBS),
        (None, true, false, true) => Some(personality::DEBIAN_FULL_JOBS),
        (None, true, true, true) => return conflicting(),
    };
    match list {
        Some(list) => modify_format(parse_format(list, digits)?, args, personality, digits),
        None => sysv_format(args, personality, digits),
    }
}

/// A fixed list takes the UNIX modifiers afterwards, each editing it by
/// column heading, as procps does.
fn modify_format(
    mut columns: Vec<Column>,
    args: &PsArgs,
    personality: &Personality,
    digits: usize,
) -> Result<Vec<Column>> {
    let sysv = args.sysv;
    let position =
        |columns: &[Column], header: &str| columns.iter().position(|c| c.header() == header);
    let add_after = |columns: &mut Vec<Column>, header: &str, name: &str| -> Result<bool> {
        match position(columns, header) {
            Some(i) => {
                columns.insert(i + 1, parse_format_item(name, digits)?);
                Ok(true)
            }
            None => Ok(false),
        }
    };
    let delete = |columns: &mut Vec<Column>, header: &str| -> bool {
        match position(columns, header) {
            Some(i) => {
                columns.remove(i);
                true
            }
            None => false,
        }
    };
    if sysv.jobs && !personality.jobs_is_format() {
        if !add_after(&mut columns, "PPID", "pgid")? {
            add_after(&mut columns, "PID", "pgid")?;
        }
        if !add_after(&mut columns, "PGID", "sid")? {
            return Err(Error::new("error: lost my PGID"));
        }
    }
    if sysv.no_flags {
        delete(&mut columns, "F");
        if add_after(&mut columns, "ADDR", "rss")? {
            delete(&mut columns, "ADDR");
        }
    }
    if sysv.class {
        for header in ["%CPU", "CPU", "CP", "C", "NI"] {
            delete(&mut columns, header);
        }
        if !add_after(&mut columns, "PRI", "class")? {
            // procps stops right there, with no second reading.
            return Err(Error::abort("internal error: no PRI for -c option"));
        }
        delete(&mut columns, "PRI");
        if !add_after(&mut columns, "CLS", "pri")? {
            return Err(Error::new("error: lost my CLS"));
        }
    }
    if args.thread_spid {
        add_after(&mut columns, "PID", "spid")?;
    }
    if args.thread_lwp {
        for header in ["SID", "SESS", "PGID", "PGRP", "PPID", "PID"] {
            if add_after(&mut columns, header, "lwp")? {
                break;
            }
        }
        add_after(&mut columns, "%CPU", "nlwp")?;
    }
    if sysv.label {
        columns.insert(0, parse_format_item("label", digits)?);
    }
    if personality.processor_for_addr && sysv.long && add_after(&mut columns, "ADDR", "sgi_p")? {
        delete(&mut columns, "ADDR");
    }
    if personality.user_for_uid
        && (sysv.full || sysv.extra_full)
        && add_after(&mut columns, "UID", "user")?
    {
        delete(&mut columns, "UID");
    }
    Ok(columns)
}

/// The list ps generates from UNIX format flags (`-f`, `-l`, `-j`, `-L`, ...).
fn sysv_format(args: &PsArgs, personality: &Personality, digits: usize) -> Result<Vec<Column>> {
    let f = args.sysv;
    if f.no_flags && !f.long {
        return Err(Error::new(
            "error: modifier -y without format -l makes no sense",
        ));
    }
    let full = f.full || f.extra_full;
    let lwp = args.thread_lwp;
    let mut list: Vec<&str> = Vec::new();
    if f.label {
        list.push("label");
    }
    if f.long && !f.no_flags {
        list.push("f");
    }
    if f.long {
        list.push("s");
    }
    if full {
        list.push(if personality.user_for_uid {
            "user"
        } else {
            "uid_hack"
        });
    } else if f.long {
        list.push("uid");
    }
    list.push("pid");
    if args.thread_spid {
        list.push("spid");
    }
    if full || f.long {
        list.push("ppid");
    }
    if f.jobs {
        list.extend(["pgid", "sid"]);
    }
    if lwp {
        list.push("lwp");
    }
    if f.processor {
        list.push("psr");
    }
    if (full || f.long) && !f.class {
        list.push("c");
    }
    if lwp && full {
        list.push("nlwp");
    }
    if f.class {
        list.extend(["class", "pri"]);
    } else if f.long {
        list.push(if personality.irix_long {
            "priority"
        } else {
            "opri"
        });
        list.push("ni");
    }
    if f.long {
        list.push(if f.no_flags {
            "rss"
        } else if personality.processor_for_addr || personality.irix_long {
            "sgi_p"
        } else {
            "addr_1"
        });
    }
    if f.extra_full || f.long {
        list.push("sz");
    }
    // IRIX prints RSS glued to SZ as `SZ:RSS`.
    if f.long && !f.no_flags && personality.irix_long {
        list.extend([":", "sgi_rss"]);
    }
    if f.long {
        list.push("wchan");
    }
    if f.extra_full {
        if !(f.long && f.no_flags) {
            list.push("rss");
        }
        if !f.processor {
            list.push("psr");
        }
    }
    if full {
        list.push("stime");
    }
    list.push("tname");
    let any_format = f.is_format();
    if args.prefer_bsd {
        if !f.long {
            list.push("stat");
        }
        list.push("bsdtime");
        list.push(if any_format { "cmd" } else { "args" });
    } else {
        list.push("time");
        list.push(if full { "cmd" } else { "ucmd" });
    }
    list.into_iter()
        .map(|name| match name {
            ":" => Ok(Column::literal(name)),
            _ => parse_format_item(name, digits),
        })
        .collect()
}
