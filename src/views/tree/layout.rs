//! The order of a tree's lines and the glyphs in front of each.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::proc::snapshot::Snapshot;

use super::forest::Forest;

/// The characters a tree is drawn with.
pub struct Glyphs {
    branch: &'static str,
    last_branch: &'static str,
    pipe: &'static str,
    blank: &'static str,
}

impl Glyphs {
    pub const UTF8: Glyphs = Glyphs {
        branch: "├─",
        last_branch: "└─",
        pipe: "│ ",
        blank: "  ",
    };
    pub const ASCII: Glyphs = Glyphs {
        branch: "|-",
        last_branch: "`-",
        pipe: "| ",
        blank: "  ",
    };

    /// Box drawing when the C library's locale is UTF-8, ASCII otherwise.
    pub fn for_locale() -> &'static Glyphs {
        if crate::render::escape::utf8_locale() {
            &Glyphs::UTF8
        } else {
            &Glyphs::ASCII
        }
    }
}

/// The shown part of a forest: shown nodes whose parent is hidden become roots.
pub struct Shape<'a> {
    pub snap: &'a Snapshot,
    pub forest: &'a Forest,
    pub shown: &'a [bool],
}

impl Shape<'_> {
    /// Top-level nodes, in snapshot (PID) order.
    pub fn roots(&self) -> Vec<usize> {
        (0..self.forest.len())
            .filter(|&i| self.shown[i] && self.forest.parent(i).is_none_or(|p| !self.shown[p]))
            .collect()
    }

    /// Shown children: threads first, then child processes, each by id.
    pub fn children(&self, node: usize) -> Vec<usize> {
        let procs = &self.snap.procs;
        let shown = self
            .forest
            .children(node)
            .iter()
            .filter(|&&c| self.shown[c]);
        let threads = shown.clone().filter(|&&c| procs[c].is_thread_row());
        let processes = shown.filter(|&&c| !procs[c].is_thread_row());
        threads.chain(processes).copied().collect()
    }

    pub fn is_empty(&self) -> bool {
        !self.shown.contains(&true)
    }
}

/// One output line: a node, possibly standing for identical siblings too.
pub struct Line {
    pub node: usize,
    /// Identical leaf siblings merged into this line (`--compact`).
    pub merged: Vec<usize>,
    /// The glyphs drawn in front of the node.
    pub glyphs: String,
}

impl Line {
    /// The node and the ones merged into it.
    pub fn nodes(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.node).chain(self.merged.iter().copied())
    }
}

/// Every line of the tree, parents first. With `merge_key`, leaf siblings with
/// equal keys become one line, at the place of the first.
pub fn lines(
    shape: &Shape,
    glyphs: &Glyphs,
    merge_key: Option<&dyn Fn(usize) -> String>,
) -> Vec<Line> {
    struct Pending {
        node: usize,
        merged: Vec<usize>,
        /// Glyphs of the ancestors' columns.
        indent: String,
        /// `None` for a root, else whether it is its parent's last child.
        last: Option<bool>,
    }
    let mut lines = Vec::new();
    let mut stack: Vec<Pending> = shape
        .roots()
        .into_iter()
        .rev()
        .map(|node| Pending {
            node,
            merged: Vec::new(),
            indent: String::new(),
            last: None,
        })
        .collect();
    while let Some(item) = stack.pop() {
        let mut line_glyphs = item.indent.clone();
        let mut child_indent = item.indent;
        match item.last {
            Some(true) => {
                line_glyphs.push_str(glyphs.last_branch);
                child_indent.push_str(glyphs.blank);
            }
            Some(false) => {
                line_glyphs.push_str(glyphs.branch);
                child_indent.push_str(glyphs.pipe);
            }
            None => {}
        }
        let children = shape.children(item.node);
        let groups = match merge_key {
            Some(key) => merge_leaves(shape, &children, key),
            None => children.into_iter().map(|c| (c, Vec::new())).collect(),
        };
        let count = groups.len();
        for (i, (node, merged)) in groups.into_iter().enumerate().rev() {
            stack.push(Pending {
                node,
                merged,
                indent: child_indent.clone(),
                last: Some(i + 1 == count),
            });
        }
        lines.push(Line {
            node: item.node,
            merged: item.merged,
            glyphs: line_glyphs,
        });
    }
    lines
}

/// Siblings in order, each leaf carrying the later leaves with the same key.
fn merge_leaves(
    shape: &Shape,
    siblings: &[usize],
    key: &dyn Fn(usize) -> String,
) -> Vec<(usize, Vec<usize>)> {
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::with_capacity(siblings.len());
    let mut group_of_key: HashMap<String, usize> = HashMap::new();
    for &node in siblings {
        if !shape.children(node).is_empty() {
            groups.push((node, Vec::new()));
            continue;
        }
        match group_of_key.entry(key(node)) {
            Entry::Occupied(group) => groups[*group.get()].1.push(node),
            Entry::Vacant(slot) => {
                slot.insert(groups.len());
                groups.push((node, Vec::new()));
            }
        }
    }
    groups
}
