//! The table layouts the one-process views share, drawn by comfy-table.
//!
//! Tables have no borders, like ps: one line per row, columns separated by
//! spaces, so output stays easy to grep and cut. Cells are escaped text, so a
//! cell never holds a newline that would split a row.

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
