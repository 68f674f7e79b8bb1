//! Resolves parsed ps arguments into one [`Query`]: which processes, which
//! columns, in which order, how wide. All interpretation happens here, once.

use std::cmp::Ordering;
use std::io::IsTerminal;
use std::os::unix::fs::MetadataExt;

use crate::cli::ps_args::{FormatLetter, PsArgs, ThreadStyle, UserFormat};
use crate::columns::{self, RenderOptions, Row};
use crate::error::{Error, Result};
use crate::listing::Column;
use crate::snapshot::{Needs, Proc};
use crate::users;

/// A fully resolved listing request.
pub struct Query {
    pub selection: Selection,
    pub columns: Vec<Column>,
    pub sort: Vec<SortKey>,
    pub forest: bool,
    pub headers: bool,
    /// `None`: lines are never cut.
    pub screen_width: Option<usize>,
    pub threads: Option<ThreadStyle>,
    pub render: RenderOptions,
    pub json: bool,
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
        needs
    }
}

/// Which processes to show: the union of ps' simple selections and lists.
#[derive(Debug, Default)]
pub struct Selection {
    pub every: bool,
    pub bsd_all_users: bool,
    pub bsd_no_tty: bool,
    pub unix_all_with_tty: bool,
    pub unix_all_but_leaders: bool,
    /// BSD syntax changes the default: without `x`, a process needs a terminal.
    pub bsd_default: bool,
    pub running_only: bool,
    pub negate: bool,
    pub pids: Vec<i32>,
    pub ppids: Vec<i32>,
    pub sids: Vec<i32>,
    pub ttys: Vec<i32>,
    pub commands: Vec<String>,
    pub euids: Vec<u32>,
    pub ruids: Vec<u32>,
    pub egids: Vec<u32>,
    pub rgids: Vec<u32>,
    /// `-q`: read only these PIDs, with no other selection.
    pub quick_pids: Option<Vec<i32>>,
    pub own_euid: u32,
    pub own_tty: i32,
}

impl Selection {
    fn has_lists(&self) -> bool {
        !(self.pids.is_empty()
            && self.ppids.is_empty()
            && self.sids.is_empty()
            && self.ttys.is_empty()
            && self.commands.is_empty()
            && self.euids.is_empty()
            && self.ruids.is_empty()
            && self.egids.is_empty()
            && self.rgids.is_empty())
    }

    fn has_simple(&self) -> bool {
        self.bsd_all_users || self.bsd_no_tty || self.unix_all_with_tty || self.unix_all_but_leaders
    }

    /// Files `accepts` looks at.
    pub fn needs(&self) -> Needs {
        let uses_ids = !self.every
            && (!self.has_lists()
                || self.has_simple()
                || !self.euids.is_empty()
                || !self.ruids.is_empty()
                || !self.egids.is_empty()
                || !self.rgids.is_empty());
        if uses_ids { Needs::STATUS } else { Needs::NONE }
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
            && !self.has_simple()
            && self.ppids.is_empty()
            && self.sids.is_empty()
            && self.ttys.is_empty()
            && self.commands.is_empty()
            && self.euids.is_empty()
            && self.ruids.is_empty()
            && self.egids.is_empty()
            && self.rgids.is_empty();
        only_pid_list.then(|| self.pids.clone())
    }

    pub fn accepts(&self, p: &Proc) -> bool {
        if self.quick_pids.is_some() {
            return true;
        }
        let mut accepted = self.every
            || ((self.has_simple() || !self.has_lists()) && self.simple_accepts(p))
            || self.listed(p);
        if self.running_only && p.stat.state != 'R' {
            accepted = false;
        }
        accepted != self.negate
    }

    fn simple_accepts(&self, p: &Proc) -> bool {
        let has_tty = p.stat.tty_nr != 0;
        let leader = p.stat.session == p.pid;
        let ours = p.euid() == Some(self.own_euid);
        if !self.has_simple() {
            return if self.bsd_default {
                ours && has_tty
            } else {
                ours && p.stat.tty_nr == self.own_tty
            };
        }
        (self.bsd_all_users && (self.bsd_no_tty || has_tty))
            || (self.bsd_no_tty && ours)
            || (self.unix_all_with_tty && has_tty && !leader)
            || (self.unix_all_but_leaders && !leader)
    }

    fn listed(&self, p: &Proc) -> bool {
        let status = p.status.as_ref();
        self.pids.contains(&p.pid)
            || self.ppids.contains(&p.stat.ppid)
            || self.sids.contains(&p.stat.session)
            || self.ttys.contains(&p.stat.tty_nr)
            || self.commands.contains(&p.stat.comm)
            || status.is_some_and(|s| self.euids.contains(&s.uid[1]))
            || status.is_some_and(|s| self.ruids.contains(&s.uid[0]))
            || status.is_some_and(|s| self.egids.contains(&s.gid[1]))
            || status.is_some_and(|s| self.rgids.contains(&s.gid[0]))
    }
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

pub fn resolve(args: &PsArgs, own_euid: u32, own_tty: i32) -> Result<Query> {
    let selection = resolve_selection(args, own_euid, own_tty)?;
    let columns = resolve_columns(args)?;
    let sort = args
        .sort_keys
        .iter()
        .map(|key| resolve_sort_key(key))
        .collect::<Result<Vec<_>>>()?;
    let screen_width = resolve_width(args)?;
    Ok(Query {
        selection,
        columns,
        sort,
        forest: args.forest,
        headers: args.headers.unwrap_or(true),
        screen_width,
        threads: args.threads,
        render: RenderOptions {
            show_environment: args.show_environment,
            command_name_only: args.command_name_only,
            cumulative: args.cumulative,
            numeric: args.numeric,
            ..RenderOptions::default()
        },
        json: args.json,
    })
}

fn resolve_selection(args: &PsArgs, own_euid: u32, own_tty: i32) -> Result<Selection> {
    let mut sel = Selection {
        every: args.every,
        bsd_all_users: args.bsd_all_users,
        bsd_no_tty: args.bsd_no_tty,
        unix_all_with_tty: args.unix_all_with_tty,
        unix_all_but_leaders: args.unix_all_but_leaders,
        bsd_default: args.bsd_syntax_seen,
        running_only: args.running_only,
        negate: args.negate,
        own_euid,
        own_tty,
        ..Selection::default()
    };
    sel.pids = parse_ids(&args.pids, "process ID list syntax error")?;
    sel.ppids = parse_ids(&args.ppids, "process ID list syntax error")?;
    sel.sids = parse_ids(&args.sids, "session ID list syntax error")?;
    if !args.quick_pids.is_empty() {
        sel.quick_pids = Some(parse_ids(&args.quick_pids, "process ID list syntax error")?);
    }
    sel.commands = args.commands.clone();
    sel.euids = resolve_users(&args.effective_users)?;
    sel.ruids = resolve_users(&args.real_users)?;
    sel.egids = resolve_groups(&args.effective_groups)?;
    sel.rgids = resolve_groups(&args.real_groups)?;
    for tty in &args.ttys {
        sel.ttys.push(tty_number(tty)?);
    }
    if args.this_terminal {
        sel.ttys.push(own_tty);
    }
    Ok(sel)
}

fn parse_ids(items: &[String], message: &str) -> Result<Vec<i32>> {
    items
        .iter()
        .map(|item| {
            item.parse::<i32>()
                .ok()
                .filter(|&id| id > 0)
                .ok_or_else(|| Error::new(format!("error: {message}: '{item}'")))
        })
        .collect()
}

fn resolve_users(names: &[String]) -> Result<Vec<u32>> {
    names
        .iter()
        .map(|name| {
            users::uid_of(name)
                .ok_or_else(|| Error::new(format!("error: user name does not exist: '{name}'")))
        })
        .collect()
}

fn resolve_groups(names: &[String]) -> Result<Vec<u32>> {
    names
        .iter()
        .map(|name| {
            users::gid_of(name)
                .ok_or_else(|| Error::new(format!("error: group name does not exist: '{name}'")))
        })
        .collect()
}

/// A terminal name as `-t` takes it (`pts/3`, `tty1`, `/dev/ttyS0`, `?` for none)
/// to the device number stat's `tty_nr` would show.
fn tty_number(name: &str) -> Result<i32> {
    if name == "?" || name == "-" {
        return Ok(0);
    }
    let path = if name.starts_with('/') {
        name.to_string()
    } else if std::path::Path::new(&format!("/dev/{name}")).exists() {
        format!("/dev/{name}")
    } else {
        format!("/dev/tty{name}")
    };
    let meta = std::fs::metadata(&path)
        .map_err(|_| Error::new(format!("error: TTY could not be found: '{name}'")))?;
    let rdev = meta.rdev();
    let (major, minor) = (libc::major(rdev), libc::minor(rdev));
    Ok(((minor & 0xff) | (major << 8) | ((minor & !0xff) << 12)) as i32)
}

/// The columns of a predefined format.
fn letter_format(letter: FormatLetter, args: &PsArgs) -> &'static str {
    let lwp = matches!(args.threads, Some(ThreadStyle::UnixLwp));
    match letter {
        FormatLetter::UnixFull if lwp => "uid_hack,pid,ppid,lwp,c,nlwp,stime,tname,time,cmd",
        FormatLetter::UnixFull => "uid_hack,pid,ppid,c,stime,tname,time,cmd",
        FormatLetter::UnixExtraFull if lwp => {
            "uid_hack,pid,ppid,lwp,c,nlwp,sz,rss,psr,stime,tname,time,cmd"
        }
        FormatLetter::UnixExtraFull => "uid_hack,pid,ppid,c,sz,rss,psr,stime,tname,time,cmd",
        FormatLetter::UnixLong if args.unix_y => {
            "s,uid,pid,ppid,c,pri,ni,rss,sz,wchan,tname,time,ucmd"
        }
        FormatLetter::UnixLong => "f,s,uid,pid,ppid,c,pri,ni,addr,sz,wchan,tname,time,ucmd",
        FormatLetter::UnixJobs => "pid,pgid,sid,tname,time,ucmd",
        FormatLetter::BsdUser => "user,pid,%cpu,%mem,vsz,rss,tname,stat,start_time,bsdtime,args",
        FormatLetter::BsdJobs => "ppid,pid,pgid,sid,tname,tpgid,stat,uid,bsdtime,args",
        FormatLetter::BsdLong => "f,uid,pid,ppid,pri,ni,vsz,rss,wchan,stat,tname,bsdtime,args",
        FormatLetter::BsdVirtual => "pid,tname,stat,bsdtime,maj_flt,trs,drs,rss,%mem,args",
        FormatLetter::BsdSignal => "uid,pid,pending,blocked,ignored,caught,stat,tname,bsdtime,args",
        FormatLetter::BsdRegisters => "pid,stackp,esp,eip,tmout,alarm,stat,tname,bsdtime,args",
    }
}

fn resolve_columns(args: &PsArgs) -> Result<Vec<Column>> {
    let mut columns = Vec::new();
    if let Some(letter) = args.format_letters.last() {
        columns = parse_format(letter_format(*letter, args))?;
    } else if args.user_formats.iter().all(|f| f.preloaded) {
        let default = if args.bsd_syntax_seen {
            "pid,tname,stat,bsdtime,args"
        } else {
            "pid,tname,time,ucmd"
        };
        columns = parse_format(default)?;
    }
    for UserFormat {
        text, preloaded, ..
    } in &args.user_formats
    {
        let parsed = parse_format(text)?;
        if *preloaded {
            // -O: pid first, then the given columns, then the default's rest.
            let pid_pos = columns
                .iter()
                .position(|c| c.spec.name == "pid")
                .map_or(0, |i| i + 1);
            columns.splice(pid_pos..pid_pos, parsed);
        } else {
            columns.extend(parsed);
        }
    }
    Ok(columns)
}

/// A format list: `pid,comm`, `pid comm`, `pid=P,user=WHO`, `comm:30`.
/// After `name=`, the rest of the item is the header, commas included.
pub fn parse_format(text: &str) -> Result<Vec<Column>> {
    let mut columns = Vec::new();
    let mut rest = text.trim_start_matches([',', ' ', '\t']);
    while !rest.is_empty() {
        let name_end = rest.find([',', ' ', '\t', '=']).unwrap_or(rest.len());
        let (item, after) = rest.split_at(name_end);
        let (name, width) = match item.split_once(':') {
            Some((name, width)) => {
                let width = width
                    .parse::<usize>()
                    .ok()
                    .filter(|&w| w > 0)
                    .ok_or_else(|| {
                        Error::new(format!(
                            "error: improper format list: bad width in '{item}'"
                        ))
                    })?;
                (name, Some(width))
            }
            None => (item, None),
        };
        let spec = columns::find(name).ok_or_else(|| {
            Error::new(format!(
                "error: unknown user-defined format specifier \"{name}\""
            ))
        })?;
        let mut column = Column::new(spec);
        if let Some(width) = width {
            column.width = width;
        }
        let mut after = after;
        if let Some(renamed) = after.strip_prefix('=') {
            let header_end = renamed.find([',', ' ', '\t']).unwrap_or(renamed.len());
            let header = &renamed[..header_end];
            column.header = header.to_string();
            column.width = column.width.max(crate::listing::display_width(header));
            after = &renamed[header_end..];
        }
        columns.push(column);
        rest = after.trim_start_matches([',', ' ', '\t']);
    }
    if columns.is_empty() {
        return Err(Error::new("error: improper format list: empty"));
    }
    Ok(columns)
}

fn resolve_sort_key(key: &str) -> Result<SortKey> {
    let (descending, name) = match key.as_bytes().first() {
        Some(b'-') => (true, &key[1..]),
        Some(b'+') => (false, &key[1..]),
        _ => (false, key),
    };
    let spec = columns::find(name)
        .ok_or_else(|| Error::new(format!("error: unknown sort specifier: '{name}'")))?;
    Ok(SortKey { spec, descending })
}

/// The width lines are cut at: the terminal's (or `COLUMNS`, `--cols`), widened
/// by `w`; unlimited when not writing to a terminal or with `ww`.
fn resolve_width(args: &PsArgs) -> Result<Option<usize>> {
    if let Some(cols) = &args.columns {
        let n = cols
            .parse::<usize>()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| {
                Error::new(format!(
                    "error: number of columns must be a positive number: '{cols}'"
                ))
            })?;
        return Ok(Some(n));
    }
    if args.wide >= 2 || !std::io::stdout().is_terminal() {
        return Ok(None);
    }
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .or_else(terminal_width)
        .unwrap_or(80);
    Ok(Some(if args.wide == 1 {
        width.max(132)
    } else {
        width
    }))
}

fn terminal_width() -> Option<usize> {
    // SAFETY: TIOCGWINSZ fills a plain struct; a failed ioctl leaves it zeroed.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) } == 0;
    (ok && ws.ws_col > 0).then_some(ws.ws_col as usize)
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
        assert!(parse_format("bogus").is_err());
        assert!(parse_format("").is_err());
    }
}
