//! `kps tree --cow`: for every process of the tree, how much of its resident
//! memory is still its parent's since fork, as `kps show --shared` tells it
//! for one process: the very same physical pages (shared), pages one of them
//! wrote and so copied, and memory where the parent has nothing (own).

use rayon::prelude::*;

use crate::proc::pagemap::{self, CowError, CowSplit};
use crate::proc::snapshot::Snapshot;
use crate::render::json::Json;
use crate::views::show::cow::with_split;

use super::forest::Forest;

/// The column headers, in the order of [`cells`].
pub const HEADERS: [&str; 3] = ["SHARED", "COPIED", "OWN"];

/// Bytes in a KiB, the unit of the columns.
const KIB: u64 = 1024;

/// Each row's pages against its parent's.
pub struct Splits {
    /// Per snapshot row; `None` for a thread, a row not shown, a process
    /// without a parent row, or one whose pages could not be read.
    pub rows: Vec<Option<CowSplit>>,
    /// How many shown processes' pages could not be compared, and why (of
    /// the last one).
    pub failed: usize,
    pub why: String,
}

impl Splits {
    /// The line on stderr that says why figures are `-`, if any are.
    pub fn failure(&self) -> Option<String> {
        (self.failed > 0).then(|| {
            format!(
                "kps: the pages of {} process{} could not be compared with the parent's: {}",
                self.failed,
                if self.failed == 1 { "" } else { "es" },
                self.why
            )
        })
    }
}

/// Compares the pages of every shown process with its parent's.
pub fn read(snap: &Snapshot, forest: &Forest, shown: &[bool]) -> Splits {
    let compared: Vec<Option<Result<CowSplit, CowError>>> = snap
        .procs
        .par_iter()
        .enumerate()
        .map(|(node, proc)| {
            if !shown[node] || proc.is_thread_row() || proc.is_kernel_thread() {
                return None;
            }
            let parent = &snap.procs[forest.parent(node)?];
            Some(pagemap::compare(&snap.root, proc.pid, parent.pid))
        })
        .collect();
    let mut splits = Splits {
        rows: Vec::with_capacity(compared.len()),
        failed: 0,
        why: String::new(),
    };
    for result in compared {
        splits.rows.push(match result {
            Some(Ok(split)) => Some(split),
            Some(Err(error)) => {
                splits.failed += 1;
                splits.why = match error {
                    CowError::NoFrames => "page frame numbers need CAP_SYS_ADMIN".to_string(),
                    CowError::Io(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                        "permission denied".to_string()
                    }
                    CowError::Io(e) => e.to_string(),
                };
                None
            }
            None => None,
        });
    }
    splits
}

/// SHARED, COPIED and OWN in KiB; `-` where the pages were not compared.
pub fn cells(split: Option<&CowSplit>) -> Vec<String> {
    match split {
        Some(s) => [s.shared, s.copied, s.own]
            .iter()
            .map(|bytes| (bytes / KIB).to_string())
            .collect(),
        None => vec!["-".to_string(); HEADERS.len()],
    }
}

/// The `cow` object of a node in `tree --json`, in KiB, as in `show --json`.
pub fn json(split: Option<&CowSplit>) -> Json {
    split.map_or(Json::Null, |s| with_split(Json::object(), s))
}
