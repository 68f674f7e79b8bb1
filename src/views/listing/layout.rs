//! ps-style listings: columns laid out the way procps lays them out.
//!
//! procps does not pad every cell to its width. It tracks where the line should be
//! (`correct`, the sum of widths so far) and where it is (`actual`); a value wider
//! than its field pushes the rest of the line right, and later fields give the
//! space back when they can. kps follows that arithmetic, so lines match ps to
//! the byte, overflow included.

use std::io::{self, Write};

use rayon::prelude::*;

use crate::columns::{Align, Class, Column, RenderOptions, Role, Row, Spec};
use crate::proc::snapshot::Snapshot;
use crate::ps::MAX_LINE;
use crate::ps::matcher::Matcher;
use crate::render::escape::{display_width, prefix_within};
use crate::render::palette::{self, Kind};

/// A row to print: the index of a process in the snapshot and the tree art in
/// front of its command (empty outside `--forest`).
pub struct RowRef {
    pub index: usize,
    pub forest: String,
    /// Bytes of `forest` per tree level; 0 when the art is never cut.
    pub forest_unit: usize,
}

pub struct Listing<'a> {
    pub columns: &'a [Column],
    pub headers: bool,
    /// Terminal width; `None` when output is not cut (a pipe, `ww`).
    pub screen_width: Option<usize>,
    pub options: &'a RenderOptions,
    /// Highlight what `--match` found in the command.
    pub highlight: Option<&'a Matcher>,
    /// `--headers`: the header is printed again after this many rows (each
    /// `write` is one screen).
    pub header_gap: Option<usize>,
    /// `--headers`: the header line prints even when every header is empty.
    pub headers_forced: bool,
}

impl Listing<'_> {
    pub fn write(&self, out: &mut impl Write, snap: &Snapshot, rows: &[RowRef]) -> io::Result<()> {
        let mut line = String::with_capacity(256);
        let screen = self.active_width();
        let wide_signals = self.wide_signals(screen);
        // ps drops the header line when every column was renamed to nothing,
        // unless `--headers` asked for it (procps' check_headers).
        let any_header = self.columns.iter().any(|c| !c.header().is_empty());
        let header_shown = self.headers && (any_header || self.headers_forced);
        if header_shown {
            self.layout(
                &mut line,
                screen,
                wide_signals,
                true,
                |column, _spec, _room, cell| {
                    cell.push_str(column.header());
                    None
                },
            );
            // The header line in one style: its cells and the blanks between.
            let header = self.options.painter.first_line(&line, Kind::Header);
            out.write_all(header.as_bytes())?;
        }
        let options = RenderOptions {
            wide_signals,
            ..self.options.clone()
        };
        let render_chunk = |(chunk_index, chunk): (usize, &[RowRef])| {
            let mut text = String::with_capacity(chunk.len() * 128);
            let mut line = String::with_capacity(256);
            for (offset, row_ref) in chunk.iter().enumerate() {
                let row = Row {
                    proc: &snap.procs[row_ref.index],
                    snap,
                    opts: &options,
                    forest: &row_ref.forest,
                    forest_unit: row_ref.forest_unit,
                    step: self.step(header_shown, chunk_index * ROWS_PER_CHUNK + offset),
                };
                self.layout(
                    &mut line,
                    screen,
                    wide_signals,
                    false,
                    |_column, spec, room, cell| {
                        if options.threads_after_process
                            && not_on_this_row(spec.class, row.proc.thread_row)
                        {
                            cell.push('-');
                            return None;
                        }
                        spec.render(&row, room, cell);
                        match spec.role {
                            Role::State => cell.chars().next().and_then(palette::state),
                            Role::CpuShare => palette::cpu(cell),
                            Role::MemoryShare => palette::memory(cell),
                            Role::EffectiveUser => options.painter.user(row.proc.euid()),
                            _ => None,
                        }
                    },
                );
                text.push_str(&line);
            }
            text
        };
        // Rows render independently: a long listing uses every core, then is
        // written in order.
        let chunks = rows.chunks(ROWS_PER_CHUNK).enumerate();
        if rows.len() > ROWS_PER_CHUNK {
            let texts: Vec<String> = chunks
                .collect::<Vec<_>>()
                .into_par_iter()
                .map(render_chunk)
                .collect();
            for text in texts {
                out.write_all(text.as_bytes())?;
            }
        } else {
            for chunk in chunks {
                out.write_all(render_chunk(chunk).as_bytes())?;
            }
        }
        Ok(())
    }

    /// procps' countdown to its next header when it prints row `i` of this
    /// write: from the screen's rows under `--headers`; else from -1 after a
    /// header, and from -2 without one.
    fn step(&self, header_shown: bool, i: usize) -> u32 {
        let i = i as u32;
        match self.header_gap {
            Some(gap) if self.headers => (gap as u32).wrapping_sub(i),
            _ if header_shown => crate::columns::FIRST_STEP.wrapping_sub(i),
            _ => crate::columns::FIRST_STEP.wrapping_sub(i.wrapping_add(1)),
        }
    }

    /// Lays one line into `line` (newline included) for a line `screen` wide;
    /// `render` writes a specifier column's cell given the room ps would give
    /// it, and says what kind of value it wrote (coloured under `--color`).
    fn layout(
        &self,
        line: &mut String,
        screen: isize,
        wide_signals: bool,
        header: bool,
        mut render: impl FnMut(&Column, &Spec, usize, &mut String) -> Option<Kind>,
    ) {
        line.clear();
        let mut cell = String::new();
        let (mut correct, mut actual, mut gap) = (0isize, 0isize, 0isize);
        let last_index = self.columns.len().saturating_sub(1);
        for (i, column) in self.columns.iter().enumerate() {
            let width = column.width() as isize;
            let last = i == last_index;
            // The blank owed before this column: make-up space for earlier
            // overflow, or the one separating blank.
            let lead = if !last {
                0
            } else if correct - actual < 1 {
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
            // procps keeps this in an unsigned variable: when earlier columns
            // already ran past the edge, the last one is not cut at all.
            let room = if room < 0 { usize::MAX } else { room as usize };
            cell.clear();
            let (align, kind) = match column {
                Column::Literal(text) => {
                    cell.push_str(text);
                    (Align::Left, None)
                }
                Column::Spec { spec, .. } => {
                    let kind = render(column, spec, room, &mut cell);
                    (spec.align, kind)
                }
            };
            let mut shown: &str = &cell;
            if matches!(align, Align::Text | Align::Wchan) {
                // Values are cut to their room; headers only lose all but one
                // character when there is no room at all.
                if !header {
                    shown = prefix_within(shown, room);
                }
                // With exactly no room left, ps keeps the first character.
                if screen - actual - lead == 0 {
                    shown = first_char(&cell);
                }
            }
            // procps counts what its printers return: cells for the text it
            // escapes (commands), bytes for the rest (a header, a locale's
            // month name in STIME, a user name).
            let escaped_text = !header && !column.is_literal() && matches!(align, Align::Text);
            let amount = if escaped_text {
                display_width(shown)
            } else {
                shown.len()
            } as isize;
            let mut legit = 0;
            let leftpad = match align {
                Align::Right => (width - amount).max(0),
                Align::Signal if wide_signals => {
                    legit = 7;
                    (16 - amount).max(0)
                }
                Align::Signal => (9 - amount).max(0),
                Align::User | Align::Wchan if self.options.numeric => (width - amount).max(0),
                Align::Left | Align::User | Align::Text | Align::Wchan => 0,
            };
            let mut space = correct - actual + leftpad;
            if space < 1 {
                space = gap;
            }
            let space = space.min(MAX_PADDING);
            push_spaces(line, space as usize);
            match self.highlight {
                Some(matcher) if !header && column.role().is_command() => {
                    matcher.push_highlighted(line, shown);
                }
                _ => {
                    let painter = self.options.painter;
                    painter.paint(line, kind, |line| line.push_str(shown));
                }
            }
            actual += space + amount;
            correct += width + legit;
            // A blank separates two real columns, none touches literal text.
            let next_real = self.columns.get(i + 1).is_some_and(|c| !c.is_literal());
            gap = isize::from(!column.is_literal() && next_real);
            correct += gap;
        }
        line.push('\n');
    }

    /// The width lines are cut at. procps does not use the terminal width
    /// itself but its smallest multiple that holds every column's nominal width.
    fn active_width(&self) -> isize {
        let Some(screen) = self.screen_width else {
            return isize::MAX / 4;
        };
        let screen = screen.max(1) as isize;
        let nominal = self.nominal_width();
        let mut active = screen;
        while active < nominal && active < 65536 {
            active += screen;
        }
        active
    }

    /// The line width the columns ask for: widths and separators, with a last
    /// text column counted as 3.
    fn nominal_width(&self) -> isize {
        let last = self.columns.len().saturating_sub(1);
        let mut total = 0;
        let mut after_real = 0;
        for (i, c) in self.columns.iter().enumerate() {
            match c {
                Column::Literal(text) => {
                    total += text.len() as isize;
                    after_real = 0;
                }
                Column::Spec { spec, width, .. } => {
                    total += if i == last && spec.align == Align::Text {
                        3
                    } else {
                        *width as isize
                    } + after_real;
                    after_real = 1;
                }
            }
        }
        total
    }

    /// Signal masks print all 16 digits when the line has room for all of
    /// them. Where lines are never cut, procps still measures that room
    /// against its line buffer, so an absurd width makes them narrow.
    fn wide_signals(&self, active: isize) -> bool {
        let active = match self.screen_width {
            Some(_) => active,
            None => MAX_LINE as isize,
        };
        let signals = self
            .columns
            .iter()
            .filter(|c| c.spec().is_some_and(|spec| spec.align == Align::Signal))
            .count() as isize;
        self.nominal_width() + 7 * signals <= active
    }
}

/// With threads after their process, a process-only column is blank (`-`) on
/// thread rows and a thread-only column on process rows.
fn not_on_this_row(class: Class, thread_row: bool) -> bool {
    match class {
        Class::ProcessOnly => thread_row,
        Class::ThreadOnly => !thread_row,
        Class::EveryTime | Class::AsNeeded => false,
    }
}

/// Rows rendered together by one worker.
const ROWS_PER_CHUNK: usize = 256;

/// procps pads a column with at most this many blanks; the next column
/// absorbs the rest.
const MAX_PADDING: isize = 144;

fn first_char(text: &str) -> &str {
    match text.char_indices().nth(1) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

fn push_spaces(line: &mut String, n: usize) {
    line.extend(std::iter::repeat_n(' ', n));
}
