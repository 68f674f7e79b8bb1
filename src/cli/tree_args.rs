//! `kps tree`'s options, parsed into plain data; the tree view interprets them.

use std::path::PathBuf;

use clap::{ArgAction, Args};

use super::watch_args::WatchArgs;
use crate::render::color::ColorChoice;

/// The process tree, one process per line, every line with its PID.
///
/// Without roots: every process as a forest from PID 1, children sorted by PID.
/// A PID shows that process' subtree; any other word is a pattern (a regular
/// expression) matched against names and command lines, which shows the
/// matching processes, marked with `*`, with their ancestors and descendants.
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    kps tree                          the whole tree\n  \
    kps tree -a 1234                  PID 1234's subtree with command lines\n  \
    kps tree -s sshd                  sshd processes, ancestors and children\n  \
    kps tree --match 'python.*worker' processes by command line\n  \
    kps tree --totals -u www-data     what www-data's processes use, per subtree\n  \
    kps tree --totals=pss,rss 1234    memory a family really uses, vs its RSS\n  \
    kps tree --cow 1234               what each process still shares with its parent\n  \
    kps tree -o pid,user,rss,%cpu,args")]
pub struct TreeArgs {
    /// Subtree roots (PIDs) and patterns (regular expressions).
    #[arg(value_name = "PID|PATTERN")]
    pub roots: Vec<String>,

    /// Show whole command lines instead of process names.
    #[arg(short = 'a', long = "args")]
    pub args: bool,

    /// Show the tree as a table with these ps format specifiers (`pid,user,rss,args`);
    /// the command column carries the tree.
    #[arg(short = 'o', long = "format", value_name = "FORMAT")]
    pub format: Vec<String>,

    /// Show the processes whose name or command line matches this regular
    /// expression, as a bare pattern does; repeatable. Smart case: ignores case
    /// unless the pattern has a capital.
    #[arg(long = "match", value_name = "PATTERN")]
    pub matches: Vec<String>,

    /// Patterns ignore case even when they have capitals.
    #[arg(long)]
    pub ignore_case: bool,

    /// Show the subtrees of these users' topmost processes (names or uids).
    #[arg(
        short = 'u',
        long = "user",
        value_name = "USER",
        value_delimiter = ',',
        value_hint = clap::ValueHint::Username
    )]
    pub users: Vec<String>,

    /// Also show the chain of ancestors of every root, up to PID 1.
    #[arg(short = 's', long = "ancestors")]
    pub ancestors: bool,

    /// Show threads as children of their process, as `TID {name}`.
    #[arg(long)]
    pub threads: bool,

    /// Show kernel threads (kthreadd and its children) too.
    #[arg(long)]
    pub kernel: bool,

    /// Merge identical leaf siblings into one line (`4*[sleep]`), as pstree does;
    /// merged lines carry no PID.
    #[arg(long, conflicts_with_all = ["format", "json"])]
    pub compact: bool,

    /// Prefix each line with totals over its subtree, under a header line.
    /// Without a list: process count, RSS (KiB) and %CPU (PROCS, TRSS, T%CPU). A list picks from
    /// `procs`, `rss`, `pss`, `uss` and `pcpu` (`--totals=procs,pss,uss,rss`).
    ///
    /// RSS counts a shared page once in every process that maps it: twenty
    /// forked workers sharing 100 MiB add up to 2 GiB. PSS (TPSS) splits each
    /// page among the processes that map it, so a subtree's PSS is the physical
    /// memory it takes, the figure `free` would see go if it all ended; USS
    /// (TUSS) counts only pages no other process maps. Both come from
    /// smaps_rollup; UNREAD counts the processes whose smaps_rollup could not
    /// be read (another user's, without privilege), left out of TPSS and TUSS.
    #[arg(
        long,
        value_name = "LIST",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "procs,rss,pcpu"
    )]
    pub totals: Option<String>,

    /// Prefix each process with how much of its resident memory is still
    /// its parent's since fork, in KiB, as show --shared tells it: SHARED is
    /// the very same physical pages (neither has written them since the
    /// fork), COPIED pages at addresses the parent has too that one of them
    /// wrote, so each now has its own copy, OWN memory where the parent has
    /// nothing. Compares the frame numbers in /proc/PID/pagemap, which needs
    /// CAP_SYS_ADMIN; where pages cannot be compared the figures are - and a
    /// line on stderr says why.
    #[arg(long, conflicts_with = "compact")]
    pub cow: bool,

    /// Mark where a process enters namespaces its parent is not in, as
    /// pstree -S does: `sleep [mnt,net,pid]` (in JSON, `ns_entered`).
    #[arg(long = "ns", conflicts_with = "format")]
    pub namespaces: bool,

    /// Print the tree as nested JSON objects, keyed by ps format specifier.
    #[arg(long)]
    pub json: bool,

    /// Draw the tree with ASCII characters, whatever the locale.
    #[arg(long)]
    pub ascii: bool,

    /// Wide output: lines are cut at the screen's width, as ps cuts them;
    /// -w widens to at least 132 columns, -ww never cuts.
    #[arg(short = 'w', long = "wide", action = ArgAction::Count)]
    pub wide: u8,

    /// Cut lines at this many columns. Without it, lines are cut at COLUMNS, or
    /// on a terminal at its width; piped output without COLUMNS is never cut.
    #[arg(long = "cols", visible_aliases = ["columns", "width"], value_name = "N", value_parser = parse_cols)]
    pub cols: Option<usize>,

    /// When to colour output: headers, states, high %CPU and %MEM, your own
    /// processes, the same scheme in every view (see COLOUR in kps(1)).
    #[arg(long, value_enum, value_name = "WHEN", default_value_t)]
    pub color: ColorChoice,

    /// Read processes from this mount of the proc file system instead of
    /// /proc, such as a host's /proc mounted in a container. User and
    /// terminal names still come from the running system.
    #[arg(long = "proc", value_name = "DIR", default_value = "/proc")]
    pub proc_root: PathBuf,

    #[command(flatten)]
    pub watch: WatchArgs,
}

/// A width as `ps --cols` takes it.
fn parse_cols(text: &str) -> Result<usize, String> {
    super::lists::parse_c_number(text)
        .filter(|&n| n > 0 && n < 2_000_000_000)
        .map(|n| n as usize)
        .ok_or_else(|| {
            format!("number of columns must follow --cols, --width, or --columns: '{text}'")
        })
}
