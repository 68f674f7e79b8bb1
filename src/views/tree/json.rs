//! The tree as nested JSON: an array of top-level processes, each an object of
//! ps specifier values with its `children` (and `totals`, `match`) inside.

use std::io::{self, Write};

use crate::columns::{self, Column, RenderOptions, Row};
use crate::render::json::Json;

use super::View;
use super::layout::Shape;
use super::totals::Figure;

pub fn write(
    out: &mut impl Write,
    view: &View,
    shape: &Shape,
    columns: &[Column],
) -> io::Result<()> {
    let options = RenderOptions::default();
    let roots = shape.roots();
    // Built children first, so no node is visited twice and deep trees need no recursion.
    let mut built: Vec<Option<Json>> = vec![None; view.snap.procs.len()];
    for node in preorder(shape, &roots).into_iter().rev() {
        let row = Row::new(&view.snap.procs[node], view.snap, &options);
        let mut object = columns::json_row(columns, &row);
        if view.namespaces && !row.proc.is_thread_row() {
            object.insert("ns_entered", super::entered_namespaces(view, node));
        }
        if view.selection.has_marks {
            object.insert("match", view.selection.marked[node]);
        }
        if let Some(totals) = view.totals.as_ref().filter(|_| !row.proc.is_thread_row()) {
            let sum = totals[node];
            let mut totals = Json::object();
            for figure in &view.figures {
                match figure {
                    Figure::Pcpu => totals.insert(figure.key(), sum.pcpu()),
                    _ => totals.insert(figure.key(), figure.number(&sum)),
                }
            }
            object.insert("totals", totals);
        }
        if let Some(cow) = view.cow.as_ref().filter(|_| !row.proc.is_thread_row()) {
            object.insert("cow", super::cow::json(cow.rows[node].as_ref()));
        }
        let children: Vec<Json> = shape
            .children(node)
            .into_iter()
            .filter_map(|child| built[child].take())
            .collect();
        object.insert("children", Json::Array(children));
        built[node] = Some(object);
    }
    let top: Vec<Json> = roots.iter().filter_map(|&r| built[r].take()).collect();
    Json::Array(top).write_to(out)?;
    out.write_all(b"\n")
}

fn preorder(shape: &Shape, roots: &[usize]) -> Vec<usize> {
    let mut order = Vec::new();
    let mut stack: Vec<usize> = roots.iter().rev().copied().collect();
    while let Some(node) = stack.pop() {
        order.push(node);
        stack.extend(shape.children(node).into_iter().rev());
    }
    order
}
