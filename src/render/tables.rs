//! The table layouts the one-process views share, drawn by comfy-table.
//!
//! Tables have no borders, like ps: one line per row, columns separated by
//! spaces, so output stays easy to grep and cut. Cells are escaped text, so a
//! cell never holds a newline that would split a row.
//!
//! Only the last column may be coloured: comfy-table counts escape sequences as
//! text width, which there lengthens nothing but the trailing padding [`render`]
//! removes.

use std::io::{self, Write};

use comfy_table::{CellAlignment, ColumnConstraint, Table, Width, presets};
use unicode_width::UnicodeWidthStr;

use super::color::Painter;
use super::palette::Kind;

/// A table with a header line; `right` lists the columns aligned right (numbers).
pub fn list(header: &[&str], right: &[usize], rows: Vec<Vec<String>>) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::NOTHING)
        .set_header(header.to_vec());
    table.add_rows(rows);
    for &index in right {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    indent(&mut table);
    table
}

/// Writes what `render(&list(header, right, rows))` renders, its header
/// painted as a header (as `painter.first_line` paints it), row by row:
/// for lists as long as a process' 10,000 descriptors, without the table's
/// copy of every cell and the whole text in memory at once. Widths are
/// measured as comfy-table measures them (Unicode widths, escape sequences
/// included, which only the last column has).
pub fn write_list(
    out: &mut impl Write,
    header: &[&str],
    right: &[usize],
    rows: &[Vec<String>],
    painter: Painter,
) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (index, cell) in row.iter().enumerate() {
            match widths.get_mut(index) {
                Some(width) => *width = (*width).max(cell.width()),
                None => widths.push(cell.width()),
            }
        }
    }
    let mut line = String::new();
    let mut first = true;
    let mut write_row = |cells: &mut dyn Iterator<Item = &str>| -> io::Result<()> {
        line.clear();
        for (index, &width) in widths.iter().enumerate() {
            let cell = cells.next().unwrap_or("");
            // Padding as `indent` sets it: two blanks before the first
            // column, one on each side of every cell.
            line.push_str(if index == 0 { "  " } else { " " });
            let fill = " ".repeat(width.saturating_sub(cell.width()));
            if right.contains(&index) {
                line.push_str(&fill);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&fill);
            }
            line.push(' ');
        }
        let text = line.trim_end();
        if std::mem::take(&mut first) && !text.is_empty() {
            out.write_all(painter.first_line(text, Kind::Header).as_bytes())?;
        } else {
            out.write_all(text.as_bytes())?;
        }
        out.write_all(b"\n")
    };
    write_row(&mut header.iter().copied())?;
    for row in rows {
        write_row(&mut row.iter().map(String::as_str))?;
    }
    Ok(())
}

/// Labels are padded to this many cells, so the values of consecutive
/// sections line up.
const LABEL_WIDTH: u16 = 20;

/// Label/value lines of one report section.
pub fn fields(rows: Vec<(String, String)>) -> Table {
    let mut table = Table::new();
    table.load_style(presets::NOTHING);
    table.add_rows(rows.into_iter().map(|(label, value)| vec![label, value]));
    indent(&mut table);
    if let Some(labels) = table.column_mut(0) {
        labels.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(LABEL_WIDTH)));
    }
    table
}

/// Every line starts two spaces in, under its section title; no column is
/// ever wrapped or cut.
fn indent(table: &mut Table) {
    for (index, column) in table.column_iter_mut().enumerate() {
        column.set_constraint(ColumnConstraint::ContentWidth);
        if index == 0 {
            column.set_padding((2, 1));
        }
    }
}

/// The table's lines with trailing blanks removed, each ending in a newline.
pub fn render(table: &Table) -> String {
    let mut text = String::new();
    for line in table.lines() {
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn without_escapes(text: &str) -> String {
        let mut plain = String::new();
        let mut rest = text;
        while let Some(start) = rest.find('\x1b') {
            plain.push_str(&rest[..start]);
            let end = rest[start..]
                .find('m')
                .map_or(rest.len(), |m| start + m + 1);
            rest = &rest[end..];
        }
        plain.push_str(rest);
        plain
    }

    #[test]
    fn a_list_written_row_by_row_is_the_rendered_table() {
        let rows: Vec<Vec<String>> = [
            ["cwd", "-", "-", "dir", "", "/home/日本語"],
            [
                "10000",
                "rw",
                "append,cloexec",
                "pipe",
                "",
                "pipe:[1] \x1b[2m<-> 1 x\x1b[0m",
            ],
            ["7", "r", "-", "file", "123456789", "e\u{301}t\u{e9}"],
            ["", "", "", "", "", ""],
            ["3", "w", "-", "chr", "0", "/dev/null"],
        ]
        .iter()
        .map(|row| row.iter().map(|cell| cell.to_string()).collect())
        .collect();
        let header = ["FD", "MODE", "FLAGS", "KIND", "POS", "TARGET"];
        let rendered = render(&list(&header, &[0, 4], rows.clone()));
        for painter in [Painter::new(false), Painter::new(true)] {
            let mut written = Vec::new();
            write_list(&mut written, &header, &[0, 4], &rows, painter).unwrap();
            assert_eq!(
                String::from_utf8(written).unwrap(),
                painter.first_line(&rendered, Kind::Header)
            );
        }
        let mut empty = Vec::new();
        write_list(&mut empty, &header, &[0, 4], &[], Painter::new(false)).unwrap();
        assert_eq!(
            String::from_utf8(empty).unwrap(),
            render(&list(&header, &[0, 4], Vec::new()))
        );
    }

    #[test]
    fn colour_in_the_last_column_moves_nothing() {
        let rows = |last: &str| {
            vec![
                vec!["1".to_string(), "x".to_string(), last.to_string()],
                vec!["22".to_string(), "yyy".to_string(), "w".to_string()],
            ]
        };
        let plain = render(&list(&["A", "B", "C"], &[0], rows("zz")));
        let coloured = render(&list(&["A", "B", "C"], &[0], rows("\x1b[31mzz\x1b[0m")));
        assert_ne!(coloured, plain);
        assert_eq!(without_escapes(&coloured), plain);
        let fields_of = |value: &str| fields(vec![("label".to_string(), value.to_string())]);
        assert_eq!(
            without_escapes(&render(&fields_of("\x1b[2mv\x1b[0m"))),
            render(&fields_of("v"))
        );
    }
}
