//! `kps tree`: the process tree, one process per line, with threads, ancestors,
//! ps columns and subtree totals.
//!
//! The snapshot is read whole (a subtree's members are only known once every
//! parent link is), arranged into a `Forest`, narrowed to what the roots ask
//! for, and written as text, a table or JSON.

mod cow;
mod forest;
mod json;
mod layout;
mod select;
mod text;
mod totals;

use std::io::Write;

use crate::cli::tree_args::TreeArgs;
use crate::columns::{self, Column};
use crate::error::Result;
use crate::proc::reader::{self, ReadRequest, ThreadMode};
use crate::proc::root::ProcRoot;
use crate::proc::snapshot::{Needs, Proc, Snapshot};
use crate::ps::parse_format;
use crate::render::color::Painter;

use forest::Forest;
use layout::{Glyphs, Shape};
use select::{Roots, Selection, Widening};
use totals::{Figure, Totals};

/// What the writers look at.
struct View<'a> {
    snap: &'a Snapshot,
    forest: &'a Forest,
    selection: &'a Selection,
    /// Per snapshot row, with `--totals`.
    totals: Option<Vec<Totals>>,
    /// `--ns`: mark the namespaces each process enters.
    namespaces: bool,
    /// The figures `--totals` shows, in order.
    figures: Vec<Figure>,
    /// `--cow`: each row's pages against its parent's.
    cow: Option<cow::Splits>,
    painter: Painter,
    /// The width text lines are cut at: the screen's, as ps cuts a listing.
    width: Option<usize>,
}

/// The form of the output.
enum Output {
    /// Glyphs, PID and name (or the command line).
    Plain { args: bool },
    /// `-o`: a ps-style table.
    Table(Vec<Column>),
    /// `--json`, with these keys.
    Json(Vec<Column>),
}

impl Output {
    fn resolve(args: &TreeArgs) -> Result<Output> {
        let format = (!args.format.is_empty()).then(|| args.format.join(","));
        let digits = crate::proc::system::pid_max_digits();
        if args.json {
            let default = if args.threads {
                "pid,tid,ppid,user,comm,args,stat,rss,vsz,pcpu,pmem"
            } else {
                "pid,ppid,user,comm,args,stat,rss,vsz,pcpu,pmem"
            };
            return Ok(Output::Json(parse_format(
                format.as_deref().unwrap_or(default),
                digits,
            )?));
        }
        match format {
            Some(format) => {
                let mut columns = parse_format(&format, digits)?;
                // The tree is drawn in front of the command.
                if !columns.iter().any(|c| c.role().is_command()) {
                    columns.push(Column::new(columns::named("comm"), digits));
                }
                Ok(Output::Table(columns))
            }
            None => Ok(Output::Plain { args: args.args }),
        }
    }

    /// Files each row needs.
    fn needs(&self) -> Needs {
        match self {
            Output::Plain { args: true } => Needs::OWNER | Needs::CMDLINE,
            Output::Plain { args: false } => Needs::OWNER,
            Output::Table(columns) | Output::Json(columns) => columns
                .iter()
                .fold(Needs::NONE, |needs, c| needs | c.needs()),
        }
    }
}

/// Prints the tree the arguments ask for. A root that selects nothing is an error.
pub fn run(args: &TreeArgs, out: &mut impl Write) -> Result<bool> {
    let roots = Roots::resolve(&args.roots, &args.users, &args.matches, args.ignore_case)?;
    let output = Output::resolve(args)?;
    let figures = match &args.totals {
        Some(list) => Figure::parse_list(list)?,
        None => Vec::new(),
    };
    let mut needs = figures
        .iter()
        .fold(output.needs() | roots.needs(), |needs, f| needs | f.needs());
    if args.namespaces {
        needs |= Needs::NAMESPACES;
    }
    let root = ProcRoot::new(&args.proc_root);
    let snap = read_snapshot(needs, args.threads, root)?;
    let forest = forest_of(&snap.procs);
    let widening = Widening {
        ancestors: args.ancestors,
        kernel: args.kernel,
    };
    let selection = roots.select(&snap, &forest, widening)?;
    let json = matches!(output, Output::Json(_));
    let view = View {
        snap: &snap,
        forest: &forest,
        selection: &selection,
        totals: (!figures.is_empty()).then(|| totals::subtree_totals(&snap, &forest, &figures)),
        figures,
        cow: args
            .cow
            .then(|| cow::read(&snap, &forest, &selection.shown)),
        namespaces: args.namespaces,
        painter: Painter::new(!json && args.color.enabled_for_stdout()),
        width: if json {
            None
        } else {
            crate::ps::tree_width(args.cols, args.wide)
        },
    };
    let shape = Shape {
        snap: &snap,
        forest: &forest,
        shown: &selection.shown,
    };
    if shape.is_empty() {
        return Ok(false);
    }
    if let Some(failure) = view.cow.as_ref().and_then(cow::Splits::failure) {
        eprintln!("{}", crate::render::escape::escaped(failure.as_bytes()));
    }
    let glyphs = if args.ascii {
        &Glyphs::ASCII
    } else {
        Glyphs::for_locale()
    };
    match &output {
        Output::Plain { args: with_args } => {
            let key = |node: usize| {
                let mut key = String::new();
                text::describe(&mut key, &view, node, *with_args, Painter::new(false));
                if selection.marked[node] {
                    key.push('*');
                }
                key
            };
            let merge_key: Option<&dyn Fn(usize) -> String> = args.compact.then_some(&key);
            let lines = layout::lines(&shape, glyphs, merge_key);
            text::write_plain(out, &view, &lines, *with_args)
        }
        Output::Table(columns) => {
            let lines = layout::lines(&shape, glyphs, None);
            text::write_table(out, &view, &lines, columns)
        }
        Output::Json(columns) => json::write(out, &view, &shape, columns),
    }?;
    Ok(true)
}

/// The namespaces a process is in and its parent is not, in pstree's order;
/// none for a thread, or where either side's links could not be read.
fn entered_namespaces(view: &View, node: usize) -> Vec<&'static str> {
    let procs = &view.snap.procs;
    let proc = &procs[node];
    let parent = view.forest.parent(node).map(|p| &procs[p]);
    let (Some(own), Some(theirs)) = (
        proc.extra.namespaces.as_ref(),
        parent.and_then(|p| p.extra.namespaces.as_ref()),
    ) else {
        return Vec::new();
    };
    if proc.is_thread_row() {
        return Vec::new();
    }
    let kinds = [
        ("ipc", own.ipc, theirs.ipc),
        ("mnt", own.mnt, theirs.mnt),
        ("net", own.net, theirs.net),
        ("pid", own.pid, theirs.pid),
        ("user", own.user, theirs.user),
        ("uts", own.uts, theirs.uts),
        ("cgroup", own.cgroup, theirs.cgroup),
        ("time", own.time, theirs.time),
    ];
    kinds
        .into_iter()
        .filter(|&(_, own, theirs)| own != 0 && theirs != 0 && own != theirs)
        .map(|(name, _, _)| name)
        .collect()
}

/// Every process, and with `threads` every thread as a row after its process.
fn read_snapshot(needs: Needs, threads: bool, root: ProcRoot) -> Result<Snapshot> {
    let mut snap = reader::read_snapshot(&ReadRequest {
        threads: if threads {
            ThreadMode::Both
        } else {
            ThreadMode::Processes
        },
        root,
        ..ReadRequest::everything(needs)
    })?;
    // The main thread's row repeats its process' row; threads are put in id
    // order so that rows can be found by (pid, tid).
    snap.procs.sort_by_key(|p| (p.pid, p.tid));
    snap.procs.dedup_by_key(|p| (p.pid, p.tid));
    for uid in snap.procs.iter().filter_map(|p| p.owner) {
        snap.names.add_user(uid);
    }
    Ok(snap)
}

/// Links every row to its parent row: a thread to its process, a process to
/// the process its stat names as parent.
fn forest_of(procs: &[Proc]) -> Forest {
    let parents = procs
        .iter()
        .map(|p| {
            let parent_pid = if p.is_thread_row() {
                p.pid
            } else {
                p.stat.ppid
            };
            select::process_row(procs, parent_pid)
        })
        .collect();
    Forest::new(parents)
}
