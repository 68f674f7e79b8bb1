//! The ps-compatible listing: select, sort, and print rows.

use std::io::Write;

use crate::columns::Row;
use crate::error::{Error, Result};
use crate::json::Json;
use crate::listing::{Listing, RowRef};
use crate::query::Query;
use crate::reader::{self, ReadRequest};
use crate::snapshot::Snapshot;

/// Prints the listing a query asks for. `Ok(false)`: nothing matched, which ps
/// reports with exit status 1 after printing the header.
pub fn run(query: &Query, out: &mut impl Write) -> Result<bool> {
    let keep = |p: &crate::snapshot::Proc| query.selection.accepts(p);
    let request = ReadRequest {
        needs: query.needs(),
        filter_needs: query.selection.needs(),
        pids: query.selection.only_pids(),
        threads: query.threads.is_some(),
        keep: &keep,
    };
    let snap = reader::read_snapshot(&request)?;
    let rows = ordered_rows(query, &snap);
    let result = if query.json {
        write_json(query, &snap, &rows, out)
    } else {
        Listing {
            columns: &query.columns,
            headers: query.headers,
            screen_width: query.screen_width,
            options: &query.render,
        }
        .write(out, &snap, &rows)
    };
    result.map_err(io_error)?;
    Ok(!rows.is_empty())
}

pub fn io_error(e: std::io::Error) -> Error {
    Error::new(format!("cannot write output: {e}"))
}

fn ordered_rows(query: &Query, snap: &Snapshot) -> Vec<RowRef> {
    let mut order: Vec<usize> = (0..snap.procs.len()).collect();
    if !query.sort.is_empty() {
        let row = |i: usize| Row::new(&snap.procs[i], snap, &query.render);
        order.sort_by(|&a, &b| {
            let (ra, rb) = (row(a), row(b));
            query
                .sort
                .iter()
                .map(|key| key.compare(&ra, &rb))
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        });
    }
    order
        .into_iter()
        .map(|index| RowRef {
            index,
            forest: String::new(),
        })
        .collect()
}

fn write_json(
    query: &Query,
    snap: &Snapshot,
    rows: &[RowRef],
    out: &mut impl Write,
) -> std::io::Result<()> {
    let items = rows
        .iter()
        .map(|r| {
            let row = Row::new(&snap.procs[r.index], snap, &query.render);
            let mut obj = Json::object();
            for column in &query.columns {
                obj.insert(column.spec.name, Json::from((column.spec.value)(&row)));
            }
            obj
        })
        .collect();
    Json::Array(items).write_to(out)?;
    out.write_all(b"\n")
}
