//! The ps-compatible listing: select, order (sort or forest), and print rows.

pub mod layout;

use std::collections::{HashMap, HashSet};
use std::io::Write;

use crate::cli::ps_args::ForestStyle;
use crate::columns::{self, Row};
use crate::error::Result;
use crate::proc::reader::{self, ReadRequest, ThreadMode};
use crate::proc::snapshot::{Proc, Snapshot};
use crate::ps::query::{Query, SortKey, ThreadRows};
use crate::render::csv;
use crate::render::json::Json;
use layout::{Listing, RowRef};

/// Prints the listing a query asks for. `Ok(false)`: nothing matched, which ps
/// reports with exit status 1 after printing the header.
pub fn run(query: &Query, out: &mut impl Write) -> Result<bool> {
    let keep = |p: &Proc| query.selection.accepts(p);
    let mut snap = reader::read_snapshot(&request(query, &keep))?;
    if let Some(matcher) = &query.matcher {
        snap.procs.retain(|p| matcher.matches(p));
    }
    if let Some(ms) = query.sample_ms {
        reader::sample_cpu(&mut snap, std::time::Duration::from_millis(ms));
    }
    Ok(!write(query, &snap, out, None)?.is_empty())
}

/// The read request of a query, with `keep` as its filter.
pub fn request<'a>(query: &Query, keep: reader::Keep<'a>) -> ReadRequest<'a> {
    ReadRequest {
        needs: query.needs(),
        filter_needs: query.selection.needs(),
        pids: query.selection.only_pids(),
        threads: match query.threads {
            ThreadRows::None => ThreadMode::Processes,
            ThreadRows::Each => ThreadMode::Threads,
            ThreadRows::AfterProcess => ThreadMode::Both,
        },
        keep,
        root: query.proc_root.clone(),
    }
}

/// Prints a snapshot as the query asks; with `limit`, only the first rows
/// (a watch on a terminal). Returns the snapshot index of each row printed.
pub fn write(
    query: &Query,
    snap: &Snapshot,
    out: &mut impl Write,
    limit: Option<usize>,
) -> Result<Vec<usize>> {
    let mut rows = match query.forest {
        Some(style) => forest_rows(query, snap, style),
        None => sorted_rows(query, snap),
    };
    if let Some(limit) = limit {
        rows.truncate(limit);
    }
    let result = if query.json {
        write_json(query, snap, &rows, out)
    } else if query.csv {
        write_csv(query, snap, &rows, out)
    } else {
        let listing = Listing {
            columns: &query.columns,
            headers: query.headers,
            screen_width: query.screen_width,
            options: &query.render,
            highlight: query.matcher.as_ref().filter(|_| query.highlight),
            header_gap: query.header_every,
            headers_forced: query.headers_forced,
        };
        match query.header_every {
            // With no rows, the header still prints once.
            Some(every) if query.headers && !rows.is_empty() => rows
                .chunks(every)
                .try_for_each(|chunk| listing.write(out, snap, chunk)),
            _ => listing.write(out, snap, &rows),
        }
    };
    result?;
    Ok(rows.into_iter().map(|r| r.index).collect())
}

fn row<'a>(query: &'a Query, snap: &'a Snapshot, index: usize) -> Row<'a> {
    Row::new(&snap.procs[index], snap, &query.render)
}

/// Stable sort on every key, the first key deciding most: ties keep PID order.
fn sort_indices(query: &Query, snap: &Snapshot, keys: &[SortKey], order: &mut [usize]) {
    order.sort_by(|&a, &b| {
        let (ra, rb) = (row(query, snap, a), row(query, snap, b));
        keys.iter()
            .map(|key| key.compare(&ra, &rb))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
}

fn sorted_rows(query: &Query, snap: &Snapshot) -> Vec<RowRef> {
    let mut order: Vec<usize> = (0..snap.procs.len()).collect();
    if !query.sort.is_empty() {
        sort_indices(query, snap, &query.sort, &mut order);
    } else if query.threads == ThreadRows::AfterProcess && query.selection.quick_pids.is_some() {
        order = processes_then_threads(snap);
    }
    order
        .into_iter()
        .map(|index| RowRef {
            index,
            forest: String::new(),
            forest_unit: 0,
        })
        .collect()
}

/// `-m -q 2,1,2`: ps orders the rows of the PIDs it read by process, then
/// by start time, whatever order they were given in; a process given twice
/// has one process row, followed by the threads of both readings.
fn processes_then_threads(snap: &Snapshot) -> Vec<usize> {
    let procs = &snap.procs;
    let mut seen = HashSet::new();
    let mut order: Vec<usize> = (0..procs.len())
        .filter(|&i| procs[i].thread_row || seen.insert(procs[i].pid))
        .collect();
    order.sort_by_key(|&i| (procs[i].pid, procs[i].thread_row, procs[i].stat.starttime));
    order
}

/// ps' forest: rows sorted by the user's keys (default: parent, then start
/// time), then each root's tree depth-first. Roots come in reverse order and
/// a parent's children must be adjacent in the sorted list, as in procps:
/// with a `--sort` that scatters siblings, ps drops the stragglers too.
fn forest_rows(query: &Query, snap: &Snapshot, style: ForestStyle) -> Vec<RowRef> {
    let mut order: Vec<usize> = (0..snap.procs.len()).collect();
    let mut keys: Vec<SortKey> = Vec::new();
    if query.sort.is_empty() {
        keys.extend(crate::ps::query::forest_default_keys());
    } else {
        keys.extend(query.sort.iter().map(|k| SortKey {
            spec: k.spec,
            descending: k.descending,
        }));
        keys.extend(crate::ps::query::forest_default_keys().into_iter().skip(1));
    }
    sort_indices(query, snap, &keys, &mut order);

    let procs = &snap.procs;
    let pids: Vec<i32> = order.iter().map(|&i| procs[i].pid).collect();
    let ppids: Vec<i32> = order.iter().map(|&i| procs[i].stat.ppid).collect();
    let present: HashSet<i32> = pids.iter().copied().collect();
    let mut first_child: HashMap<i32, usize> = HashMap::new();
    for (j, &parent) in ppids.iter().enumerate() {
        first_child.entry(parent).or_insert(j);
    }
    let mut walk = TreeWalk {
        order: &order,
        pids: &pids,
        ppids: &ppids,
        first_child: &first_child,
        style,
        prefix: Vec::new(),
        visited: vec![false; order.len()],
        out: Vec::with_capacity(order.len()),
    };
    for i in (0..order.len()).rev() {
        if !present.contains(&ppids[i]) || ppids[i] == pids[i] {
            walk.show(i, 0, false);
        }
    }
    walk.out
}

struct TreeWalk<'a> {
    order: &'a [usize],
    pids: &'a [i32],
    ppids: &'a [i32],
    first_child: &'a HashMap<i32, usize>,
    style: ForestStyle,
    prefix: Vec<u8>,
    visited: Vec<bool>,
    out: Vec<RowRef>,
}

impl TreeWalk<'_> {
    fn show(&mut self, i: usize, level: usize, has_sibling: bool) {
        // A cyclic parent link must not recurse forever.
        if std::mem::replace(&mut self.visited[i], true) {
            return;
        }
        self.prefix.truncate(level.saturating_sub(1));
        if level > 0 {
            self.prefix.push(if has_sibling { b'+' } else { b'L' });
        }
        self.out.push(RowRef {
            index: self.order[i],
            forest: forest_art(&self.prefix, self.style),
            forest_unit: match self.style {
                ForestStyle::Indent => 2,
                ForestStyle::Art => 4,
            },
        });
        let me = self.pids[i];
        let Some(&first) = self.first_child.get(&me) else {
            return;
        };
        if level > 0 {
            self.prefix[level - 1] = if has_sibling { b'|' } else { b' ' };
        }
        let n = self.order.len();
        let mut child = first;
        loop {
            let more = child + 1 < n && self.ppids[child + 1] == me;
            // ps does not indent the children of init in `f`/`--forest` art.
            let child_level = if me == 1 && self.style == ForestStyle::Art {
                level
            } else {
                level + 1
            };
            self.prefix.truncate(level);
            if child != i {
                self.show(child, child_level, more);
            }
            child += 1;
            if !more {
                break;
            }
        }
    }
}

fn forest_art(prefix: &[u8], style: ForestStyle) -> String {
    prefix
        .iter()
        .map(|&c| match (style, c) {
            (ForestStyle::Indent, _) => "  ",
            (ForestStyle::Art, b'L' | b'+') => " \\_ ",
            (ForestStyle::Art, b'|') => " |  ",
            (ForestStyle::Art, _) => "    ",
        })
        .collect()
}

fn write_json(
    query: &Query,
    snap: &Snapshot,
    rows: &[RowRef],
    out: &mut impl Write,
) -> std::io::Result<()> {
    let objects = rows
        .iter()
        .map(|r| columns::json_row(&query.columns, &row(query, snap, r.index)));
    let items = match query.forest {
        Some(_) => nest(snap, rows, objects.collect()),
        None => objects.collect(),
    };
    Json::Array(items).write_to(out)?;
    out.write_all(b"\n")
}

/// One CSV row per row of the listing (in forest order with `--forest`, with
/// no art), under a header of the JSON keys, which prints with no rows too.
fn write_csv(
    query: &Query,
    snap: &Snapshot,
    rows: &[RowRef],
    out: &mut impl Write,
) -> std::io::Result<()> {
    let objects: Vec<Json> = rows
        .iter()
        .map(|r| columns::csv_row(&query.columns, &row(query, snap, r.index)))
        .collect();
    csv::write(out, &columns::json_keys(&query.columns), &objects)
}

/// A forest as `kps tree --json` prints a tree: each process with a
/// `children` array of its own. In forest order a row's children follow it,
/// so its parent is the nearest row above it on the path from its root whose
/// PID is its parent PID (children of init included, which ps' art does not
/// indent).
fn nest(snap: &Snapshot, rows: &[RowRef], mut objects: Vec<Json>) -> Vec<Json> {
    let procs = &snap.procs;
    let mut parent: Vec<Option<usize>> = vec![None; rows.len()];
    let mut path: Vec<usize> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let ppid = procs[r.index].stat.ppid;
        while path
            .last()
            .is_some_and(|&above| procs[rows[above].index].pid != ppid)
        {
            path.pop();
        }
        parent[i] = path.last().copied();
        path.push(i);
    }
    let mut children: Vec<Vec<Json>> = vec![Vec::new(); rows.len()];
    // Children come after their parent: built from the bottom up, each row's
    // children are complete when it is reached.
    let mut top = Vec::new();
    for i in (0..rows.len()).rev() {
        let mut object = std::mem::replace(&mut objects[i], Json::Null);
        let mut mine = std::mem::take(&mut children[i]);
        mine.reverse();
        object.insert("children", Json::Array(mine));
        match parent[i] {
            Some(p) => children[p].push(object),
            None => top.push(object),
        }
    }
    top.reverse();
    top
}
