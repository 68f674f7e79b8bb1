//! `kps show --shared`: how much of a process' resident memory is still its
//! parent's memory (the same physical pages, never written since fork), how
//! much it copied by writing, and how much is its own.

use crate::proc::pagemap::{self, CowError, CowSplit};
use crate::proc::process::{Readable, Unreadable};
use crate::proc::root::ProcRoot;
use crate::proc::snapshot::SmapsRollup;
use crate::render::color::Painter;
use crate::render::escape;
use crate::render::json::Json;
use crate::render::palette::Kind;
use crate::render::tables;

/// What could be learnt about a process' pages against its parent's.
pub enum Cow {
    /// Page by page, from the frame numbers.
    Pages {
        parent: (i32, String),
        split: CowSplit,
    },
    /// Without frame numbers: smaps' split between pages other processes map
    /// too and pages only this one maps, which says nothing of the parent.
    Estimate {
        parent: (i32, String),
        rollup: Readable<SmapsRollup>,
    },
    /// PID 1 and kthreadd have no parent to compare with.
    NoParent,
    Unreadable(String),
}

/// Compares `pid`'s pages with those of its parent, the first of `ancestors`.
pub fn read(
    root: &ProcRoot,
    pid: i32,
    ancestors: &[(i32, String)],
    rollup: &Readable<SmapsRollup>,
) -> Cow {
    let Some(parent) = ancestors.first() else {
        return Cow::NoParent;
    };
    match pagemap::compare(root, pid, parent.0) {
        Ok(split) => Cow::Pages {
            parent: parent.clone(),
            split,
        },
        Err(CowError::NoFrames) => Cow::Estimate {
            parent: parent.clone(),
            rollup: *rollup,
        },
        Err(CowError::Io(e)) if e.kind() == std::io::ErrorKind::PermissionDenied => {
            Cow::Unreadable(Unreadable::Denied.text().to_string())
        }
        Err(CowError::Io(e)) => Cow::Unreadable(e.to_string()),
    }
}

const KIB: u64 = 1024;

/// The section for people: a heading and one line per figure.
pub fn text(cow: &Cow, painter: Painter) -> String {
    let mut out = String::new();
    painter.paint(&mut out, Some(Kind::Header), |t| {
        t.push_str("shared with parent");
    });
    out.push('\n');
    let mut rows: Vec<(String, String)> = Vec::new();
    let mut row = |label: &str, value: String| rows.push((label.to_string(), value));
    match cow {
        Cow::Pages { parent, split } => {
            row("parent", named(parent));
            row(
                "shared",
                format!(
                    "{} KiB (the parent's pages, not written since fork)",
                    split.shared / KIB
                ),
            );
            row(
                "copied",
                format!(
                    "{} KiB (written since fork: a copy of the parent's)",
                    split.copied / KIB
                ),
            );
            row(
                "own",
                format!("{} KiB (where the parent has nothing)", split.own / KIB),
            );
            row("huge pages", format!("{} KiB", split.huge / KIB));
            row("swapped", format!("{} KiB", split.swapped / KIB));
        }
        Cow::Estimate { parent, rollup } => {
            row("parent", named(parent));
            match rollup {
                Ok(m) => {
                    row(
                        "shared",
                        format!(
                            "~{} KiB (estimate: mapped by other processes too)",
                            m.shared
                        ),
                    );
                    row(
                        "private",
                        format!("~{} KiB (estimate: mapped by this process only)", m.uss),
                    );
                }
                Err(why) => row("shared", why.text().to_string()),
            }
            row(
                "note",
                "page frames need CAP_SYS_ADMIN; figures from smaps_rollup".to_string(),
            );
        }
        Cow::NoParent => row("parent", "none to compare with".to_string()),
        Cow::Unreadable(why) => row("pages", escape_str(why)),
    }
    out.push_str(&tables::render(&tables::fields(rows)));
    out
}

/// The `cow` object of `show --json`, figures in KiB.
pub fn json(cow: &Cow) -> Json {
    match cow {
        Cow::Pages { parent, split } => with_split(
            Json::object().with("parent", parent.0).with("exact", true),
            split,
        ),
        Cow::Estimate { parent, rollup } => {
            let object = Json::object().with("parent", parent.0).with("exact", false);
            match rollup {
                Ok(m) => object.with("shared", m.shared).with("private", m.uss),
                Err(_) => object,
            }
        }
        Cow::NoParent | Cow::Unreadable(_) => Json::Null,
    }
}

/// `object` with the figures of `split` in KiB, as `show --json` and
/// `tree --cow --json` give them.
pub fn with_split(object: Json, split: &CowSplit) -> Json {
    object
        .with("shared", split.shared / KIB)
        .with("copied", split.copied / KIB)
        .with("own", split.own / KIB)
        .with("huge", split.huge / KIB)
        .with("swapped", split.swapped / KIB)
}

fn named((pid, comm): &(i32, String)) -> String {
    format!("{pid} ({})", escape_str(comm))
}

fn escape_str(s: &str) -> String {
    let mut out = String::new();
    escape::push_escaped_str(&mut out, s);
    out
}
