//! The low-level ps arguments: what the words said, as plain data, before
//! any of it is interpreted. The option table ([`super::ps_flags`]) fills a
//! [`PsArgs`] word by word; the ps module resolves it into a query.

use crate::render::color::ColorChoice;

/// How option clusters with a dash are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `-x` is a UNIX option, `x` a BSD one.
    Standard,
    /// Every cluster is BSD letters, dash or not: procps' second attempt after a
    /// failed first parse, and the only one for personalities like `bsd`.
    AllBsd,
}

/// What a format or sort list given on the command line is. ps keeps them in
/// order and reads them only once every word is parsed, because what BSD `O`
/// means depends on the lists around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// `-o`, `o`, `--format`: the columns.
    Format,
    /// `-O`: the default columns with these after the PID.
    PreloadedFormat,
    /// BSD `O`: short sort keys if it reads as such, else a preloaded format.
    SortOrFormat,
    /// `--sort`, `k`: sort keys.
    Sort,
    /// BSD `m` under personalities where it sorts by memory.
    MemorySort,
}

/// A format or sort list and the option that gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatOrSort {
    pub text: String,
    pub kind: ListKind,
}

/// A BSD output format letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BsdFormat {
    /// `u`: user-oriented.
    User,
    /// `j`: job control.
    Jobs,
    /// `l`: long.
    Long,
    /// `v`: virtual memory.
    Virtual,
    /// `s`: signals.
    Signal,
    /// `X`: registers.
    Registers,
    /// `m` under some personalities: the old Linux memory format.
    Memory,
}

/// The UNIX format flags and modifiers that build ps' generated SysV list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SysvFlags {
    /// `-f`
    pub full: bool,
    /// `-F`
    pub extra_full: bool,
    /// `-l`
    pub long: bool,
    /// `-j`
    pub jobs: bool,
    /// `-y`
    pub no_flags: bool,
    /// `-c`
    pub class: bool,
    /// `-P`
    pub processor: bool,
    /// `-M`, `-Z`
    pub label: bool,
}

impl SysvFlags {
    /// `-f`, `-F` or `-l`: a format of its own (the others only modify one).
    pub fn is_format(&self) -> bool {
        self.full || self.extra_full || self.long
    }
}

/// `--forest`, BSD `f` and UNIX `-H` draw the tree differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForestStyle {
    /// `f`, `--forest`: ` \_ ` art; children of PID 1 not indented.
    Art,
    /// `-H`: two blanks per level.
    Indent,
}

/// A terminal named on the command line, or ps' own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TtyArg {
    Own,
    /// The device number, as /proc/PID/stat's `tty_nr` gives it (0: none).
    Device(i32),
}

/// Everything the words said, before any of it is interpreted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PsArgs {
    /// `-A`, `-e`: every process.
    pub every: bool,
    /// BSD `a`: lift the "only yours" restriction.
    pub bsd_all_users: bool,
    /// BSD `x`: lift the "must have a terminal" restriction.
    pub bsd_no_tty: bool,
    /// BSD `r`: only running processes.
    pub running_only: bool,
    /// BSD `g`: session leaders too.
    pub bsd_g: bool,
    /// `-a`: all with a terminal, except session leaders.
    pub unix_all_with_tty: bool,
    /// `-d`: all except session leaders.
    pub unix_all_but_leaders: bool,
    /// `-N`, `--deselect`.
    pub negate: bool,

    pub pids: Vec<i32>,
    pub quick_pids: Vec<i32>,
    /// How many times `-q`/`q`/`--quick-pid` was given.
    pub quick_pid_options: u32,
    pub ppids: Vec<i32>,
    pub sids: Vec<i32>,
    pub pgrps: Vec<i32>,
    pub ttys: Vec<TtyArg>,
    pub commands: Vec<String>,
    /// `-u`, `U`, `--user`: effective user.
    pub effective_users: Vec<u32>,
    /// `-U`, `--User`: real user.
    pub real_users: Vec<u32>,
    /// `--group`, and `-g` with names: effective group.
    pub effective_groups: Vec<u32>,
    /// `-G`, `--Group`: real group.
    pub real_groups: Vec<u32>,

    pub sysv: SysvFlags,
    pub bsd_formats: Vec<BsdFormat>,
    /// Format and sort lists, in the order given.
    pub lists: Vec<FormatOrSort>,
    pub forest: Option<ForestStyle>,
    /// `--headers` repeats, `--no-headers`/`h` suppresses.
    pub headers: Option<bool>,
    pub heading_options: u32,
    /// `-w`/`w` count.
    pub wide: u32,
    /// `--cols`, `--columns`, `--width`.
    pub columns: Option<usize>,
    /// `--rows`, `--lines`.
    pub rows: Option<usize>,
    /// `-L`: one row per thread with LWP (and NLWP).
    pub thread_lwp: bool,
    /// `-T`: one row per thread with SPID.
    pub thread_spid: bool,
    /// `H`: threads as if they were processes.
    pub threads_as_processes: bool,
    /// BSD `m`: threads after each process.
    pub bsd_threads_after: bool,
    /// `-m`: threads after each process.
    pub unix_threads_after: bool,
    /// BSD `c`.
    pub command_name_only: bool,
    /// `-f`, `-F` or HP's `-x`: comm and ucmd show the whole command line.
    pub full_command_names: bool,
    /// BSD `e`.
    pub show_environment: bool,
    /// BSD `n`.
    pub numeric: bool,
    /// BSD `S`, `--cumulative`.
    pub cumulative: bool,
    /// `--context`.
    pub context: bool,
    /// Some word was read as BSD syntax (or a bare PID list): ps then prefers
    /// BSD defaults for format and selection.
    pub prefer_bsd: bool,
    /// `--sample[=MS]`: %CPU over an interval.
    pub sample_ms: Option<u64>,
    /// `--json`.
    pub json: bool,
    /// `--csv`.
    pub csv: bool,
    /// `--proc DIR`: the proc file system to read instead of /proc.
    pub proc_root: Option<std::path::PathBuf>,
    /// `--color[=WHEN]`: listings are plain unless this asks for colour.
    pub color: Option<ColorChoice>,
    /// `--match`: regular expressions over names and command lines.
    pub match_patterns: Vec<String>,
    /// `--ignore-case`: patterns ignore case even with capitals.
    pub ignore_case: bool,
    /// `--watch[=SECONDS]`.
    pub watch_interval: Option<std::time::Duration>,
    /// `--count N`.
    pub watch_count: Option<u64>,
}

impl PsArgs {
    /// Some list selection (`-p`, `-u`, `-t`, ...) was given.
    pub fn has_selection_lists(&self) -> bool {
        !(self.pids.is_empty()
            && self.ppids.is_empty()
            && self.sids.is_empty()
            && self.pgrps.is_empty()
            && self.ttys.is_empty()
            && self.commands.is_empty()
            && self.effective_users.is_empty()
            && self.real_users.is_empty()
            && self.effective_groups.is_empty()
            && self.real_groups.is_empty())
    }
}
