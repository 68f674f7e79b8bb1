//! ps-style listings: columns laid out the way procps lays them out.
//!
//! procps does not pad every cell to its width. It tracks where the line should be
//! (`correct`, the sum of widths so far) and where it is (`actual`); a value wider
//! than its field pushes the rest of the line right, and later fields give the
//! space back when they can. kps follows that arithmetic, so lines match ps to
//! the byte, overflow included.

use std::io::{self, Write};

use unicode_width::UnicodeWidthChar;

use crate::columns::{Align, RenderOptions, Row, Spec};
use crate::snapshot::Snapshot;

/// One column of a listing: a specifier, possibly renamed (`-o pid=P`) or
/// resized (`-o comm:30`).
#[derive(Clone)]
pub struct Column {
    pub spec: &'static Spec,
    pub header: String,
    pub width: usize,
}

impl Column {
    pub fn new(spec: &'static Spec) -> Column {
        Column {
            spec,
            header: spec.header.to_string(),
            width: spec.width,
        }
    }
}

/// A row to print: the index of a process in the snapshot and the tree art in
/// front of its command (empty outside `--forest`).
pub struct RowRef {
    pub index: usize,
    pub forest: String,
}

pub struct Listing<'a> {
    pub columns: &'a [Column],
    pub headers: bool,
    /// Terminal width; `None` when output is not cut (a pipe, `ww`).
    pub screen_width: Option<usize>,
    pub options: &'a RenderOptions,
}

impl Listing<'_> {
    pub fn write(&self, out: &mut impl Write, snap: &Snapshot, rows: &[RowRef]) -> io::Result<()> {
        let mut line = String::with_capacity(256);
        // ps drops the header line when every column was renamed to nothing.
        let any_header = self.columns.iter().any(|c| !c.header.is_empty());
        if self.headers && any_header {
            self.layout(&mut line, |column, _room, cell| {
                cell.push_str(&column.header)
            });
            out.write_all(line.as_bytes())?;
        }
        for row_ref in rows {
            let row = Row {
                proc: &snap.procs[row_ref.index],
                snap,
                opts: self.options,
                forest: &row_ref.forest,
            };
            self.layout(&mut line, |column, room, cell| {
                column.spec.render(&row, room, cell)
            });
            out.write_all(line.as_bytes())?;
        }
        Ok(())
    }

    /// Lays one line into `line` (newline included); `render` writes a cell's
    /// text given the room ps would give it.
    fn layout(&self, line: &mut String, mut render: impl FnMut(&Column, usize, &mut String)) {
        line.clear();
        let mut cell = String::new();
        let screen = self.screen_width.unwrap_or(usize::MAX / 4) as isize;
        let (mut correct, mut actual, mut gap) = (0isize, 0isize, 0isize);
        let last_index = self.columns.len().saturating_sub(1);
        for (i, column) in self.columns.iter().enumerate() {
            let width = column.width as isize;
            let last = i == last_index;
            // What is left of the screen for the last column, after the blank
            // that separates it (or the make-up space owed from earlier overflow).
            let lead = if correct - actual < 1 {
                gap
            } else {
                correct - actual
            };
            let room = if !last {
                width
            } else if correct - actual < 1 {
                screen - actual - lead
            } else {
                screen - correct.max(actual)
            };
            cell.clear();
            render(column, room.max(0) as usize, &mut cell);
            let mut shown: &str = &cell;
            if column.spec.align == Align::Text {
                shown = &shown[..prefix_within(shown, room.max(0) as usize)];
                if last && screen - actual - lead < 1 {
                    // No room at all: ps keeps one character rather than none.
                    shown = first_char(&cell);
                }
            }
            let cells_used = display_width(shown) as isize;
            let leftpad = match column.spec.align {
                Align::Right => (width - cells_used).max(0),
                Align::Left | Align::User | Align::Text => 0,
            };
            let mut space = correct - actual + leftpad;
            if space < 1 {
                space = gap;
            }
            push_spaces(line, space as usize);
            line.push_str(shown);
            actual += space + cells_used;
            correct += width + 1;
            gap = 1;
        }
        line.push('\n');
    }
}

/// Byte length of the longest prefix of `text` within `room` terminal cells.
fn prefix_within(text: &str, room: usize) -> usize {
    let mut cells = 0;
    for (i, ch) in text.char_indices() {
        cells += ch.width().unwrap_or(0);
        if cells > room {
            return i;
        }
    }
    text.len()
}

fn first_char(text: &str) -> &str {
    match text.char_indices().nth(1) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

pub fn display_width(text: &str) -> usize {
    if text.is_ascii() {
        return text.len();
    }
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

fn push_spaces(line: &mut String, n: usize) {
    line.extend(std::iter::repeat_n(' ', n));
}
