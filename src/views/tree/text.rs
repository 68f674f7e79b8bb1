//! The tree as text: plain lines (glyphs, PID, name) or a ps-style table whose
//! command column carries the glyphs. Either way one line per process.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::columns::{self, Column, RenderOptions, Row, Spec};
use crate::render::color::Painter;
use crate::render::escape;
use crate::render::palette::{self, Kind};
use crate::views::listing::layout::{Listing, RowRef};

use super::View;
use super::layout::Line;
use super::totals::Totals;

const COMM: &Spec = columns::named("comm");
const ARGS: &Spec = columns::named("args");

/// The header of plain lines, after the totals' headers: the tree starts
/// under it, at the PID of a top line.
const PLAIN_HEADER: &str = "PID COMMAND";

/// Plain lines: `GLYPHS PID NAME (USER)`, the user only where it differs from
/// the parent's; `GLYPHS TID {NAME}` for a thread; `GLYPHS N*[NAME]` for merged
/// leaves. With totals, a header names their columns, as `-o` does.
pub fn write_plain(
    out: &mut impl Write,
    view: &View,
    lines: &[Line],
    args: bool,
) -> io::Result<()> {
    let headed = view.totals.is_some() || view.cow.is_some();
    let prefixes = Prefixes::new(view, lines, headed);
    let mut text = String::with_capacity(256);
    if headed {
        prefixes.push_header(&mut text);
        text.push_str(PLAIN_HEADER);
        text.push('\n');
        write_line(out, view, &view.painter.first_line(&text, Kind::Header))?;
    }
    for (i, line) in lines.iter().enumerate() {
        text.clear();
        prefixes.push(&mut text, i, view.painter);
        text.push_str(&line.glyphs);
        let proc = &view.snap.procs[line.node];
        let marked = view.selection.marked[line.node];
        if line.merged.is_empty() {
            let kind = marked.then_some(Kind::Match);
            view.painter.paint(&mut text, kind, |t| {
                let _ = write!(t, "{}", proc.tid);
            });
            text.push(' ');
            describe(&mut text, view, line.node, args, view.painter);
        } else {
            let _ = write!(text, "{}*[", line.merged.len() + 1);
            describe(&mut text, view, line.node, args, view.painter);
            text.push(']');
        }
        text.push('\n');
        write_line(out, view, &text)?;
    }
    Ok(())
}

/// Writes one line (ending in a newline), cut to the width of the screen
/// when there is one to fit.
fn write_line(out: &mut impl Write, view: &View, text: &str) -> io::Result<()> {
    let Some(width) = view.width else {
        return out.write_all(text.as_bytes());
    };
    let body = text.strip_suffix('\n').unwrap_or(text);
    let mut line = escape::cut_to_width(body, width);
    line.push('\n');
    out.write_all(line.as_bytes())
}

/// What a plain line shows after the id; identical for leaves `--compact` merges.
pub fn describe(text: &mut String, view: &View, node: usize, args: bool, painter: Painter) {
    let snap = view.snap;
    let proc = &snap.procs[node];
    let options = RenderOptions::default();
    let row = Row::new(proc, snap, &options);
    if proc.is_thread_row() {
        text.push('{');
        COMM.render(&row, usize::MAX, text);
        text.push('}');
        return;
    }
    painter.paint(text, palette::state(proc.stat.state), |t| {
        if args {
            ARGS.render(&row, usize::MAX, t);
        } else {
            COMM.render(&row, usize::MAX, t);
            if proc.stat.state == 'Z' {
                t.push_str(" <defunct>");
            }
        }
    });
    if view.namespaces {
        let entered = super::entered_namespaces(view, node);
        if !entered.is_empty() {
            text.push_str(" [");
            text.push_str(&entered.join(","));
            text.push(']');
        }
    }
    if let Some(uid) = changed_user(view, node) {
        text.push(' ');
        painter.paint(text, painter.user(Some(uid)), |t| {
            t.push('(');
            match snap.names.user(uid) {
                Some(name) => escape::push_escaped(t, name.as_bytes()),
                None => {
                    let _ = write!(t, "{uid}");
                }
            }
            t.push(')');
        });
    }
}

/// The effective uid of a process whose parent is not shown, or runs as
/// someone else.
fn changed_user(view: &View, node: usize) -> Option<u32> {
    let procs = &view.snap.procs;
    let uid = procs[node].euid()?;
    match view.forest.parent(node) {
        Some(parent) if view.selection.shown[parent] => {
            (procs[parent].euid() != Some(uid)).then_some(uid)
        }
        _ => Some(uid),
    }
}

/// The table `-o` asks for, the glyphs in front of its command column.
pub fn write_table(
    out: &mut impl Write,
    view: &View,
    lines: &[Line],
    columns: &[Column],
) -> io::Result<()> {
    // Cells are coloured as in a listing; the header line, totals
    // included, is coloured whole below.
    let plain = RenderOptions::default();
    let coloured = RenderOptions {
        painter: view.painter,
        ..RenderOptions::default()
    };
    let listing = |headers| Listing {
        columns,
        headers,
        screen_width: None,
        options: if headers { &plain } else { &coloured },
        highlight: None,
        header_gap: None,
        headers_forced: false,
    };
    let prefixes = Prefixes::new(view, lines, true);
    let mut header = Vec::new();
    listing(true).write(&mut header, view.snap, &[])?;
    if !header.is_empty() {
        let mut text = String::new();
        prefixes.push_header(&mut text);
        text.push_str(&String::from_utf8_lossy(&header));
        write_line(out, view, &view.painter.first_line(&text, Kind::Header))?;
    }
    let mut row_text = Vec::with_capacity(256);
    let mut text = String::with_capacity(256);
    for (i, line) in lines.iter().enumerate() {
        row_text.clear();
        let row = RowRef {
            index: line.node,
            forest: line.glyphs.clone(),
            // The tree's lines are cut whole, at the screen's width.
            forest_unit: 0,
        };
        listing(false).write(&mut row_text, view.snap, &[row])?;
        text.clear();
        prefixes.push(&mut text, i, view.painter);
        text.push_str(String::from_utf8_lossy(&row_text).trim_end_matches('\n'));
        text.push('\n');
        write_line(out, view, &text)?;
    }
    Ok(())
}

/// What comes before the tree on each line: the match mark when patterns were
/// given, and the subtree totals with `--totals` and the pages shared with the
/// parent with `--cow`, right-aligned in columns.
struct Prefixes {
    marks: Option<Vec<bool>>,
    totals: Option<TotalsColumns>,
}

struct TotalsColumns {
    headers: Vec<&'static str>,
    cells: Vec<Vec<String>>,
    widths: Vec<usize>,
}

impl Prefixes {
    fn new(view: &View, lines: &[Line], headers_shown: bool) -> Prefixes {
        let marks = view.selection.has_marks.then(|| {
            lines
                .iter()
                .map(|line| view.selection.marked[line.node])
                .collect()
        });
        let totals = (view.totals.is_some() || view.cow.is_some()).then(|| {
            let figures = &view.figures;
            let mut headers: Vec<&'static str> = figures.iter().map(|f| f.header()).collect();
            if view.cow.is_some() {
                headers.extend(super::cow::HEADERS);
            }
            let cells: Vec<Vec<String>> = lines
                .iter()
                .map(|line| {
                    // A thread's figures are its process'; its cells stay blank.
                    if view.snap.procs[line.node].is_thread_row() {
                        return vec![String::new(); headers.len()];
                    }
                    let mut row = Vec::with_capacity(headers.len());
                    if let Some(totals) = &view.totals {
                        let mut sum = Totals::default();
                        line.nodes().for_each(|node| sum.add(totals[node]));
                        row.extend(figures.iter().map(|f| f.cell(&sum)));
                    }
                    if let Some(cow) = &view.cow {
                        row.extend(super::cow::cells(cow.rows[line.node].as_ref()));
                    }
                    row
                })
                .collect();
            let mut widths = vec![0; headers.len()];
            if headers_shown {
                for (width, header) in widths.iter_mut().zip(&headers) {
                    *width = header.len();
                }
            }
            for row in &cells {
                for (width, cell) in widths.iter_mut().zip(row) {
                    *width = (*width).max(cell.len());
                }
            }
            TotalsColumns {
                headers,
                cells,
                widths,
            }
        });
        Prefixes { marks, totals }
    }

    fn push(&self, text: &mut String, line: usize, painter: Painter) {
        if let Some(marks) = &self.marks {
            if marks[line] {
                painter.paint(text, Some(Kind::Match), |t| t.push('*'));
                text.push(' ');
            } else {
                text.push_str("  ");
            }
        }
        if let Some(totals) = &self.totals {
            for (cell, &width) in totals.cells[line].iter().zip(&totals.widths) {
                let _ = write!(text, "{cell:>width$} ");
            }
        }
    }

    fn push_header(&self, text: &mut String) {
        if self.marks.is_some() {
            text.push_str("  ");
        }
        if let Some(totals) = &self.totals {
            for (header, &width) in totals.headers.iter().zip(&totals.widths) {
                let _ = write!(text, "{header:>width$} ");
            }
        }
    }
}
