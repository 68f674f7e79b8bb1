//! Resolves parsed ps arguments into one [`Query`]: which processes, which
//! columns, in which order, how wide. All interpretation happens here, once.

use std::cmp::Ordering;
use std::ffi::OsString;
use std::io::IsTerminal;

use crate::cli::lists::parse_c_number;
use crate::cli::personality::{self, Personality};
use crate::cli::ps_args::{self, BsdFormat, ForestStyle, ListKind, Mode, PsArgs, TtyArg};
use crate::columns::Column;
use crate::columns::{self, RenderOptions, Row};
use crate::error::{Error, Result};
use crate::proc::snapshot::{Needs, Proc};

/// How threads appear in a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadRows {
    /// One row per process.
    None,
    /// One row per thread (`-L`, `-T`, `H`).
    Each,
    /// Each process row followed by its threads' rows (`m`, `-m`).
    AfterProcess,
}

/// A fully resolved listing request.
pub struct Query {
    pub selection: Selection,
    pub columns: Vec<Column>,
    pub sort: Vec<SortKey>,
    pub forest: Option<ForestStyle>,
    pub headers: bool,
    /// `--headers`: print the header again after this many rows.
    pub header_every: Option<usize>,
    /// `None`: lines are never cut.
    pub screen_width: Option<usize>,
    pub threads: ThreadRows,
    pub render: RenderOptions,
    pub json: bool,
    /// `--sample`: measure %CPU over this many milliseconds.
    pub sample_ms: Option<u64>,
}

impl Query {
    /// Files every selected row needs for its columns and sort keys.
    pub fn needs(&self) -> Needs {
        let mut needs = Needs::NONE;
        for column in &self.columns {
            needs |= column.spec.needs;
        }
        for key in &self.sort {
            needs |= key.spec.needs;
        }
        if self.render.show_environment {
            needs |= Needs::ENVIRON;
        }
        let shows_comm = self
            .columns
            .iter()
            .any(|c| matches!(c.spec.name, "comm" | "ucmd" | "ucomm"));
        if self.render.full_command_for_comm && shows_comm {
            needs |= Needs::CMDLINE;
        }
        needs
    }
}

/// Which processes to show: ps' simple-selection table, unioned with the lists.
#[derive(Debug, Default)]
pub struct Selection {
    pub every: bool,
    /// Bit `i` accepts processes whose traits (see [`Selection::traits`]) are `i`;
    /// `None` when the table is not consulted (only lists were given).
    pub table: Option<u16>,
    pub running_only: bool,
    pub negate: bool,
    pub pids: Vec<i32>,
    pub ppids: Vec<i32>,
    pub sids: Vec<i32>,
    pub pgrps: Vec<i32>,
    pub ttys: Vec<i32>,
    pub commands: Vec<String>,
    pub euids: Vec<u32>,
    pub ruids: Vec<u32>,
    pub egids: Vec<u32>,
    pub rgids: Vec<u32>,
    /// `-q`: exactly these PIDs, in this order, duplicates kept.
    pub quick_pids: Option<Vec<i32>>,
    pub own_euid: u32,
    pub own_tty: i32,
}

impl Selection {
    fn has_lists(&self) -> bool {
        !self.pids.is_empty() || self.has_lists_besides_pids()
    }

    fn has_lists_besides_pids(&self) -> bool {
        !(self.ppids.is_empty()
            && self.sids.is_empty()
            && self.pgrps.is_empty()
            && self.ttys.is_empty()
            && self.commands.is_empty()
            && self.euids.is_empty()
            && self.ruids.is_empty()
            && self.egids.is_empty()
            && self.rgids.is_empty())
    }

    /// Files `accepts` looks at.
    pub fn needs(&self) -> Needs {
        if self.every || self.quick_pids.is_some() {
            return Needs::NONE;
        }
        let mut needs = Needs::NONE;
        if self.table.is_some() || !self.euids.is_empty() {
            // The effective uid is the owner of /proc/PID.
            needs |= Needs::OWNER;
        }
        if !(self.ruids.is_empty() && self.egids.is_empty() && self.rgids.is_empty()) {
            needs |= Needs::STATUS;
        }
        needs
    }

    /// The PIDs to read when the selection can only match those, so that
    /// `kps -p PID` reads one directory instead of all of /proc.
    pub fn only_pids(&self) -> Option<Vec<i32>> {
        if let Some(quick) = &self.quick_pids {
            return Some(quick.clone());
        }
        let only_pid_list = !self.pids.is_empty()
            && !self.negate
            && !self.every
            && self.table.is_none()
            && !self.has_lists_besides_pids();
        // ps lists them in /proc order, each once, whatever order -p gave.
        only_pid_list.then(|| {
            let mut pids = self.pids.clone();
            pids.sort_unstable();
            pids.dedup();
            pids
        })
    }

    pub fn accepts(&self, p: &Proc) -> bool {
        // `r` counts uninterruptible sleep as running, like ps.
        let running = matches!(p.stat.state, 'R' | 'D');
        if self.quick_pids.is_some() {
            return !self.running_only || running;
        }
        let mut accepted = self.every
            || self
                .table
                .is_some_and(|bits| bits & (1 << self.traits(p)) != 0)
            || self.listed(p);
        if self.running_only && !running {
            accepted = false;
        }
        accepted != self.negate
    }

    /// The index into ps' selection table: our euid, session leader, no
    /// terminal, on our terminal (a kps without a terminal counts every
    /// terminal-less process as on its terminal).
    fn traits(&self, p: &Proc) -> u16 {
        let ours = p.euid() == Some(self.own_euid);
        let leader = p.stat.session == p.pid;
        let no_tty = p.stat.tty_nr == 0;
        let on_my_tty = p.stat.tty_nr == self.own_tty;
        u16::from(ours)
            | u16::from(leader) << 1
            | u16::from(no_tty) << 2
            | u16::from(on_my_tty) << 3
    }

    fn listed(&self, p: &Proc) -> bool {
        let status = p.status.as_ref();
        self.pids.contains(&p.pid)
            || self.ppids.contains(&p.stat.ppid)
            || self.sids.contains(&p.stat.session)
            || self.pgrps.contains(&p.stat.pgrp)
            || self.ttys.contains(&p.stat.tty_nr)
            || self
                .commands
                .iter()
                .any(|c| command_matches(c.as_bytes(), &p.comm))
            || p.euid().is_some_and(|uid| self.euids.contains(&uid))
            || status.is_some_and(|s| self.ruids.contains(&s.uid[0]))
            || status.is_some_and(|s| self.egids.contains(&s.gid[1]))
            || status.is_some_and(|s| self.rgids.contains(&s.gid[0]))
    }
}

/// `-C NAME`: the kernel keeps 15 bytes of a name, so a longer NAME matches a
/// comm that is its first 15 bytes.
fn command_matches(wanted: &[u8], comm: &[u8]) -> bool {
    wanted == comm || (comm.len() == 15 && wanted.len() >= 15 && wanted[..15] == *comm)
}

/// The order ps sorts a forest in when no `--sort` is given: parent, then start.
pub fn forest_default_keys() -> Vec<SortKey> {
    ["ppid", "start_time"]
        .into_iter()
        .filter_map(columns::find)
        .map(|spec| SortKey {
            spec,
            descending: false,
        })
        .collect()
}

/// One `--sort` key.
pub struct SortKey {
    pub spec: &'static columns::Spec,
    pub descending: bool,
}

impl SortKey {
    pub fn compare(&self, a: &Row, b: &Row) -> Ordering {
        let ord = self.spec.compare(a, b);
        if self.descending { ord.reverse() } else { ord }
    }
}

/// Parses and resolves a ps command line (the words after the program name).
///
/// Like procps, a command line that fails is read a second time with every
/// option cluster taken as BSD letters (`ps -o pid -f` then means `o pid` plus
/// BSD `f`); if that fails too, the first error is the one reported. Some
/// personalities read every option as BSD from the start.
pub fn resolve_words(words: &[OsString], own_euid: u32, own_tty: i32) -> Result<(Query, PsArgs)> {
    let personality = Personality::from_env();
    let read = |mode| -> Result<(Query, PsArgs)> {
        let args = ps_args::parse(words, mode, &personality)?;
        let query = resolve(&args, own_euid, own_tty, &personality)?;
        Ok((query, args))
    };
    let (query, args) = if personality.all_bsd {
        read(Mode::AllBsd)
    } else {
        read(Mode::Standard).or_else(|first| {
            if first.is_abort() {
                return Err(first);
            }
            read(Mode::AllBsd).map_err(|_| first)
        })
    }?;
    // procps checks -q once the command line is read, without a second reading.
    check_quick_pids(&args, !query.sort.is_empty())?;
    Ok((query, args))
}

pub fn resolve(
    args: &PsArgs,
    own_euid: u32,
    own_tty: i32,
    personality: &Personality,
) -> Result<Query> {
    // In procps' order: threads, then format and sort, then selection.
    let threads = resolve_threads(args)?;
    let (user_columns, sort) = resolve_lists(args)?;
    let columns = resolve_columns(args, personality, user_columns)?;
    check_selection_conflict(args)?;
    let selection = resolve_selection(args, own_euid, own_tty, personality)?;
    let screen_width = resolve_width(args)?;
    let header_every = match args.headers {
        // One row per screen leaves no room to repeat: the header shows once.
        Some(true) => Some(resolve_rows(args).saturating_sub(1)).filter(|&every| every > 0),
        _ => None,
    };
    // A sorted listing shows processes only (procps fetches thread rows only
    // on its unsorted path), but for H, whose threads are processes; with
    // m or -m the process rows keep their look (`-` in thread columns).
    let threads_after_process = threads == ThreadRows::AfterProcess;
    let threads = if !sort.is_empty() && !args.threads_as_processes {
        ThreadRows::None
    } else {
        threads
    };
    Ok(Query {
        selection,
        columns,
        sort,
        forest: args.forest,
        headers: args.headers != Some(false),
        header_every,
        screen_width,
        threads,
        render: RenderOptions {
            show_environment: args.show_environment,
            command_name_only: args.command_name_only,
            cumulative: args.cumulative,
            numeric: args.numeric,
            // procps: with -f or -F, comm and ucmd show the whole command line.
            full_command_for_comm: args.full_command_names,
            threads_after_process,
            color_states: args.color.is_some_and(|choice| choice.enabled_for_stdout()),
            ..RenderOptions::default()
        },
        json: args.json,
        sample_ms: args.sample_ms,
    })
}

fn resolve_threads(args: &PsArgs) -> Result<ThreadRows> {
    let rows = if args.bsd_threads_after || args.unix_threads_after {
        ThreadRows::AfterProcess
    } else if args.thread_lwp || args.thread_spid || args.threads_as_processes {
        ThreadRows::Each
    } else {
        ThreadRows::None
    };
    if rows != ThreadRows::None && args.forest.is_some() {
        return Err(Error::new(
            "error: thread display conflicts with forest display",
        ));
    }
    let conflict = |what: &str| Err(Error::new(format!("error: thread flags conflict; {what}")));
    if args.threads_as_processes && (args.bsd_threads_after || args.unix_threads_after) {
        return conflict("can't use H with m or -m");
    }
    if args.bsd_threads_after && args.unix_threads_after {
        return conflict("can't use both m and -m");
    }
    if args.thread_lwp && args.thread_spid {
        return conflict("can't use both -L and -T");
    }
    Ok(rows)
}

/// `-L` or `-T` together with `m`, `-m` or `H`: procps then insists on
/// adding its thread columns, so no other format may be given.
fn thread_columns_required(args: &PsArgs) -> bool {
    (args.thread_lwp || args.thread_spid)
        && (args.bsd_threads_after || args.unix_threads_after || args.threads_as_processes)
}

fn check_quick_pids(args: &PsArgs, sorted: bool) -> Result<()> {
    if args.quick_pid_options == 0 {
        return Ok(());
    }
    let plain = |message: &str| Err(Error::new(message.to_string()));
    if args.quick_pid_options > 1 {
        return plain("q/-q/--quick-pid can only be used once.");
    }
    // `-e`, `a`, `x` and the like may come along; lists may not.
    if args.has_selection_lists() {
        return plain("q/-q/--quick-pid cannot be combined with other selection options.");
    }
    if args.forest.is_some() {
        return plain("q/-q/--quick-pid cannot be used together with forest type listings.");
    }
    if sorted {
        return plain("q/-q,--quick-pid cannot be used together with sort options.");
    }
    if args.negate {
        return plain("q/-q/--quick-pid cannot be used together with negation switches.");
    }
    Ok(())
}

/// ps' selection bits (see [`Selection::traits`]).
const SAME_USER_SAME_TTY: u16 = 0xaa00;
const SAME_USER_WITH_TTY: u16 = 0x0a0a;
const ANY_USER_WITH_TTY: u16 = 0x0f0f;
const SAME_USER: u16 = 0xaaaa;
const WITH_TTY_NOT_LEADER: u16 = 0x0303;
const NOT_LEADER: u16 = 0x3333;
const ALL_BUT_LEADERS_WITHOUT_TTY: u16 = 0x3f3f;
const SAME_USER_WITH_TTY_NOT_LEADER: u16 = 0x0202;
const SAME_USER_NOT_LEADER: u16 = 0x2222;

fn check_selection_conflict(args: &PsArgs) -> Result<()> {
    let bsd_simple = args.bsd_all_users || args.bsd_no_tty || args.bsd_g;
    let unix_simple = args.unix_all_with_tty || args.unix_all_but_leaders;
    if bsd_simple && unix_simple {
        return Err(Error::new("error: process selection options conflict"));
    }
    Ok(())
}

fn resolve_selection(
    args: &PsArgs,
    own_euid: u32,
    own_tty: i32,
    personality: &Personality,
) -> Result<Selection> {
    let mut sel = Selection {
        every: args.every,
        running_only: args.running_only,
        negate: args.negate,
        own_euid,
        own_tty,
        ..Selection::default()
    };
    sel.pids = args.pids.clone();
    sel.ppids = args.ppids.clone();
    sel.sids = args.sids.clone();
    sel.pgrps = args.pgrps.clone();
    if !args.quick_pids.is_empty() {
        sel.quick_pids = Some(args.quick_pids.clone());
    }
    sel.commands = args.commands.clone();
    sel.euids = args.effective_users.clone();
    sel.ruids = args.real_users.clone();
    sel.egids = args.effective_groups.clone();
    sel.rgids = args.real_groups.clone();
    sel.ttys = args
        .ttys
        .iter()
        .map(|tty| match tty {
            TtyArg::Own => own_tty,
            TtyArg::Device(device) => *device,
        })
        .collect();
    let unix_simple = args.unix_all_with_tty || args.unix_all_but_leaders;
    let simple = unix_simple || args.bsd_all_users || args.bsd_no_tty || args.bsd_g;
    let bits = if !simple && !args.prefer_bsd {
        SAME_USER_SAME_TTY
    } else {
        // Everywhere but SunOS 4, BSD `g` is implied unless -a or -d is given.
        let g = args.bsd_g || (personality.implicit_g && !unix_simple);
        match (
            args.unix_all_with_tty,
            args.unix_all_but_leaders,
            g,
            args.bsd_no_tty,
            args.bsd_all_users,
        ) {
            (true, true, ..) => ALL_BUT_LEADERS_WITHOUT_TTY,
            (true, false, ..) => WITH_TTY_NOT_LEADER,
            (false, true, ..) => NOT_LEADER,
            (_, _, false, false, false) => SAME_USER_WITH_TTY_NOT_LEADER,
            (_, _, false, false, true) => WITH_TTY_NOT_LEADER,
            (_, _, false, true, false) => SAME_USER_NOT_LEADER,
            (_, _, false, true, true) => NOT_LEADER,
            (_, _, true, false, false) => SAME_USER_WITH_TTY,
            (_, _, true, false, true) => ANY_USER_WITH_TTY,
            (_, _, true, true, false) => SAME_USER,
            (_, _, true, true, true) => {
                sel.every = true;
                0
            }
        }
    };
    if !sel.every && (simple || !sel.has_lists()) {
        sel.table = Some(bits);
    }
    Ok(sel)
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

fn resolve_columns(
    args: &PsArgs,
    personality: &Personality,
    user_columns: Vec<Column>,
) -> Result<Vec<Column>> {
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
    if let Some(text) = std::env::var("PS_FORMAT")
        .ok()
        .filter(|text| !text.is_empty() && !format_flags && !modifiers)
    {
        if thread_columns_required(args) {
            return Err(Error::new(
                "error: tell <procps@freelists.org> what you want (-L/-T, -m/m/H, and $PS_FORMAT)",
            ));
        }
        match parse_format(&text) {
            Ok(columns) => return Ok(columns),
            Err(e) => eprintln!(
                "warning: $PS_FORMAT ignored. ({})",
                e.message().trim_start_matches("error: ")
            ),
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
        Some(list) => modify_format(parse_format(list)?, args, personality),
        None => sysv_format(args, personality),
    }
}

/// A fixed list takes the UNIX modifiers afterwards, each editing it by
/// column heading, as procps does.
fn modify_format(
    mut columns: Vec<Column>,
    args: &PsArgs,
    personality: &Personality,
) -> Result<Vec<Column>> {
    let sysv = args.sysv;
    let position =
        |columns: &[Column], header: &str| columns.iter().position(|c| c.header == header);
    let add_after = |columns: &mut Vec<Column>, header: &str, name: &str| -> Result<bool> {
        match position(columns, header) {
            Some(i) => {
                columns.insert(i + 1, parse_format_item(name)?);
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
        columns.insert(0, parse_format_item("label")?);
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
fn sysv_format(args: &PsArgs, personality: &Personality) -> Result<Vec<Column>> {
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
            _ => parse_format_item(name),
        })
        .collect()
}

/// A format list: `pid,comm`, `pid comm`, `pid=P,user=WHO`, `comm:30`,
/// `pid:10=P`. Items are `spec[:width][=header]`, separated by commas or
/// blanks; a header ends at the next separator, as in procps 4.0.
pub fn parse_format(text: &str) -> Result<Vec<Column>> {
    let body = text.strip_suffix([',', ' ', '\t', '\n']).unwrap_or(text);
    if body.is_empty() {
        return Err(Error::new("error: empty format list"));
    }
    let items = body.split([',', ' ', '\t', '\n']);
    // procps checks the list's shape before it looks up any name in it.
    let parsed: Result<Vec<Column>> = if items.clone().any(str::is_empty) {
        Err(Error::new("error: improper format list"))
    } else {
        items.map(parse_format_item).collect()
    };
    match parsed {
        Err(_) if text.contains('%') => parse_aix_format(text),
        other => other,
    }
}

/// AIX format descriptors (`%p %U %c`) and the headers AIX gives them.
const AIX_DESCRIPTORS: &[(char, &str, &str)] = &[
    ('C', "pcpu", "%CPU"),
    ('G', "group", "GROUP"),
    ('P', "ppid", "PPID"),
    ('U', "user", "USER"),
    ('a', "args", "COMMAND"),
    ('c', "comm", "COMMAND"),
    ('g', "rgroup", "RGROUP"),
    ('n', "nice", "NI"),
    ('p', "pid", "PID"),
    ('r', "pgid", "PGID"),
    ('t', "etime", "ELAPSED"),
    ('u', "ruser", "RUSER"),
    ('x', "time", "TIME"),
    ('y', "tty", "TTY"),
    ('z', "vsz", "VSZ"),
];

/// An AIX format: leading text, then `%` descriptors separated by blanks only;
/// the blanks after each descriptor are printed as they are.
fn parse_aix_format(text: &str) -> Result<Vec<Column>> {
    check_aix_format(text)?;
    let mut columns = Vec::new();
    let (lead, mut rest) = text.split_at(text.find('%').unwrap_or(text.len()));
    if !lead.is_empty() {
        columns.push(Column::literal(lead));
    }
    while let Some(after) = rest.strip_prefix('%') {
        let mut chars = after.chars();
        let letter = chars
            .next()
            .filter(|&letter| letter != '%')
            .ok_or_else(|| Error::new("error: missing AIX field descriptor"))?;
        let (_, name, header) = AIX_DESCRIPTORS
            .iter()
            .find(|(l, _, _)| *l == letter)
            .ok_or_else(|| {
                Error::new(format!("error: unknown AIX field descriptor: '%{letter}'"))
            })?;
        let spec =
            columns::find(name).ok_or_else(|| Error::new("error: unknown AIX field descriptor"))?;
        let mut column = Column::new(spec);
        column.header = header.to_string();
        columns.push(column);
        let tail = chars.as_str();
        let filler_end = tail.find('%').unwrap_or(tail.len());
        let filler = &tail[..filler_end];
        if !filler.bytes().all(|b| b == b' ') {
            return Err(Error::new(format!(
                "error: improper AIX field descriptor: '{text}'"
            )));
        }
        rest = &tail[filler_end..];
        // Blanks between descriptors are kept as text; the end of the format
        // always gets a (maybe empty) literal, so the last field is padded.
        if !filler.is_empty() || rest.is_empty() {
            columns.push(Column::literal(filler));
        }
    }
    Ok(columns)
}

/// procps' look at an AIX format before reading it: one character of any
/// kind may start it, after that and after each descriptor only blanks until
/// the next `%`, and every `%` needs a descriptor that is not a blank.
fn check_aix_format(text: &str) -> Result<()> {
    let improper = || {
        Err(Error::new(format!(
            "error: improper AIX field descriptor: '{text}'"
        )))
    };
    let missing = || Err(Error::new("error: missing AIX field descriptor"));
    let mut chars = text.chars();
    // `current` is the character just read: the first one, then each descriptor.
    let mut current = chars.next();
    loop {
        match current {
            None => return Ok(()),
            Some('%') => match chars.next() {
                Some(descriptor) if descriptor != ' ' => current = Some(descriptor),
                _ => return missing(),
            },
            Some(_) => loop {
                match chars.next() {
                    Some(' ') => continue,
                    Some('%') => {
                        current = Some('%');
                        break;
                    }
                    Some(_) => return improper(),
                    None => return Ok(()),
                }
            },
        }
    }
}

fn parse_format_item(item: &str) -> Result<Column> {
    if item.is_empty() {
        return Err(Error::new("error: improper format list"));
    }
    let (spec_and_width, header) = match item.split_once('=') {
        Some((left, header)) => (left, Some(header)),
        None => (item, None),
    };
    let (name, width) = match spec_and_width.split_once(':') {
        Some((name, width)) => {
            let valid = !width.is_empty()
                && width.bytes().all(|b| b.is_ascii_digit())
                && !width.starts_with('0');
            let width = width
                .parse::<usize>()
                .ok()
                .filter(|_| valid)
                .ok_or_else(|| {
                    Error::new(format!(
                        "error: column widths must be unsigned decimal numbers: '{item}'"
                    ))
                })?;
            (name, Some(width))
        }
        None => (spec_and_width, None),
    };
    let spec = columns::find(name).ok_or_else(|| {
        Error::new(format!(
            "error: unknown user-defined format specifier \"{name}\""
        ))
    })?;
    let mut column = Column::new(spec);
    if let Some(header) = header {
        column.header = header.to_string();
        // procps sizes the column by the header's bytes, not its cells.
        column.width = column.width.max(header.len());
    }
    if let Some(width) = width {
        column.width = width;
    }
    Ok(column)
}

/// The format and sort lists of the command line, read in the order given
/// as procps reads them once every word is parsed: the columns they ask for
/// (none: a default format) and the sort keys.
fn resolve_lists(args: &PsArgs) -> Result<(Vec<Column>, Vec<SortKey>)> {
    let error = |message: &str| Err(Error::new(format!("error: {message}")));
    // A `k` or `--sort` anywhere makes every BSD `O` a format.
    let long_sort_given = args.lists.iter().any(|l| l.kind == ListKind::Sort);
    let mut format_seen = false;
    let mut sort_seen = false;
    let mut columns = Vec::new();
    let mut sort = Vec::new();
    for list in &args.lists {
        match list.kind {
            ListKind::Format => {
                columns.extend(parse_format(&list.text)?);
                format_seen = true;
            }
            ListKind::PreloadedFormat => {
                if format_seen {
                    return error("option -O can not follow other format options");
                }
                columns.extend(preloaded_format(&list.text, "state,tname,time,command")?);
                format_seen = true;
            }
            ListKind::SortOrFormat => {
                let as_sort = if long_sort_given || sort_seen {
                    Err("multiple sort options")
                } else {
                    ps_args::short_sort_error(&list.text, args.forest.is_some()).map_or(Ok(()), Err)
                };
                match as_sort {
                    Ok(()) => {
                        sort = short_sort_keys(&list.text);
                        sort_seen = true;
                    }
                    Err(_) if format_seen => {
                        return error("option O is neither first format nor sort order");
                    }
                    Err(why) => {
                        let Ok(preloaded) =
                            preloaded_format(&list.text, "state,tname,cputime,comm")
                        else {
                            return error(why);
                        };
                        columns.extend(preloaded);
                        format_seen = true;
                    }
                }
            }
            ListKind::Sort | ListKind::MemorySort => {
                if sort_seen {
                    return error("multiple sort options");
                }
                sort_seen = true;
                sort = parse_sort_list(&list.text)?;
            }
        }
    }
    Ok((columns, sort))
}

/// `-O LIST` and BSD `O LIST`: the PID, the list, then the rest of a default
/// format, which differs between the two.
fn preloaded_format(text: &str, tail: &str) -> Result<Vec<Column>> {
    let mut columns = parse_format("pid")?;
    columns.extend(parse_format(text)?);
    columns.extend(parse_format(tail)?);
    Ok(columns)
}

fn short_sort_keys(text: &str) -> Vec<SortKey> {
    let mut keys = Vec::new();
    let mut descending = false;
    for c in text.chars() {
        match c {
            '-' => descending = true,
            '+' => descending = false,
            letter => {
                let name = ps_args::SHORT_SORT_KEYS
                    .iter()
                    .find(|(k, _)| *k == letter)
                    .map_or("", |(_, n)| *n);
                // Letters procps knows but has no column for sort nothing.
                if let Some(spec) = columns::find(name) {
                    keys.push(SortKey { spec, descending });
                }
                descending = false;
            }
        }
    }
    keys
}

/// `--sort`/`k` keys separated by commas or blanks; one trailing separator
/// is allowed, an empty item is not.
fn parse_sort_list(text: &str) -> Result<Vec<SortKey>> {
    let separators = [',', ' ', '\t', '\n'];
    let body = text.strip_suffix(separators).unwrap_or(text);
    // The list's shape is checked before any key is looked up, as in procps.
    if body.split(separators).any(str::is_empty) {
        return Err(Error::new(format!("error: improper sort list: '{text}'")));
    }
    body.split(separators).map(resolve_sort_key).collect()
}

fn resolve_sort_key(key: &str) -> Result<SortKey> {
    let (descending, name) = match key.as_bytes().first() {
        Some(b'-') => (true, &key[1..]),
        Some(b'+') => (false, &key[1..]),
        _ => (false, key),
    };
    let spec = columns::find(name)
        .ok_or_else(|| Error::new(format!("error: unknown sort specifier: '{key}'")))?;
    Ok(SortKey { spec, descending })
}

/// procps' limit on a line (and on `COLUMNS`).
const MAX_LINE: usize = 131072;

/// The width lines are cut at: `--cols`, else `COLUMNS`, else the terminal's;
/// `None` (never cut) when not writing to a terminal. One `w` widens to at least
/// 132, two make it unlimited.
fn resolve_width(args: &PsArgs) -> Result<Option<usize>> {
    let mut width = if let Some(cols) = args.columns {
        Some(cols)
    } else if let Some(cols) = env_number("COLUMNS").filter(|&n| n > 0 && n < MAX_LINE) {
        Some(cols)
    } else if std::io::stdout().is_terminal() {
        Some(terminal_size().map_or(80, |(cols, _)| cols))
    } else {
        None
    };
    if args.wide >= 2 {
        width = None;
    } else if args.wide == 1 {
        width = width.map(|w| w.max(132));
    }
    Ok(width)
}

/// Rows of the screen, for `--headers`: `--rows`, `LINES`, the terminal, 24.
fn resolve_rows(args: &PsArgs) -> usize {
    args.rows.unwrap_or_else(|| {
        env_number("LINES")
            .filter(|&n| n > 0)
            .or_else(|| terminal_size().map(|(_, rows)| rows))
            .unwrap_or(24)
    })
}

fn env_number(name: &str) -> Option<usize> {
    std::env::var(name)
        .ok()
        .and_then(|v| parse_c_number(&v))
        .map(|n| n as usize)
}

/// Columns and rows of the terminal on stdout, stderr or stdin, in that order.
fn terminal_size() -> Option<(usize, usize)> {
    [libc::STDOUT_FILENO, libc::STDERR_FILENO, libc::STDIN_FILENO]
        .into_iter()
        .find_map(|fd| {
            // SAFETY: TIOCGWINSZ fills a plain struct; a failed ioctl leaves it zeroed.
            let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
            let ok = unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut ws) } == 0;
            (ok && ws.ws_col > 0 && ws.ws_row > 0)
                .then_some((ws.ws_col as usize, ws.ws_row as usize))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_lists() {
        let cols = parse_format("pid,comm user").unwrap();
        let names: Vec<_> = cols.iter().map(|c| c.spec.name).collect();
        assert_eq!(names, ["pid", "comm", "user"]);
        let cols = parse_format("pid=P,user=WHO,comm").unwrap();
        assert_eq!(cols.len(), 3);
        assert_eq!(cols[0].header, "P");
        assert_eq!(cols[1].header, "WHO");
        assert_eq!(parse_format("comm:30").unwrap()[0].width, 30);
        assert_eq!(parse_format("pid:10=P").unwrap()[0].width, 10);
        assert_eq!(parse_format("pid=P:10").unwrap()[0].header, "P:10");
        assert!(parse_format("bogus").is_err());
        assert!(parse_format("").is_err());
        assert!(parse_format(",pid").is_err());
        assert!(parse_format("pid:0").is_err());
    }
}
