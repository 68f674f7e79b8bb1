//! The table layouts the one-process views share, drawn by comfy-table.
//!
//! Tables have no borders, like ps: one line per row, columns separated by
//! spaces, so output stays easy to grep and cut. Cells are escaped text, so a
//! cell never holds a newline that would split a row.
//!
//! Only the last column may be coloured: comfy-table counts escape sequences as
//! text width, which there lengthens nothing but the trailing padding [`render`]
//! removes.

use comfy_table::{CellAlignment, ColumnConstraint, Table, Width, presets};

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
