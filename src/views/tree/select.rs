//! Which processes a tree shows: everything, or the subtrees and matches the
//! roots on the command line ask for.

use crate::cli::inspect_args::parse_pid;
use crate::cli::lists::resolve_users;
use crate::error::{Error, Result};
use crate::proc::snapshot::{Needs, Proc, Snapshot};
use crate::ps::matcher::Pattern;

use super::forest::Forest;

/// The roots and filters of one `kps tree` run, resolved but not yet applied.
pub struct Roots {
    pids: Vec<i32>,
    /// The name as given, for messages, and its uid.
    users: Vec<(String, u32)>,
    /// Bare patterns and `--match`: one rule with listings.
    patterns: Vec<Pattern>,
}

/// What is shown and what is marked, per snapshot row.
pub struct Selection {
    pub shown: Vec<bool>,
    pub marked: Vec<bool>,
    /// Patterns were given, so lines carry a match mark.
    pub has_marks: bool,
}

/// How the roots are widened.
#[derive(Clone, Copy)]
pub struct Widening {
    /// `-s`: the chain of ancestors of every root.
    pub ancestors: bool,
    /// `--kernel`: kernel threads are eligible.
    pub kernel: bool,
}

impl Roots {
    /// Sorts the words into PIDs and patterns, adds the `--match` patterns
    /// and looks users up.
    pub fn resolve(
        words: &[String],
        users: &[String],
        matches: &[String],
        ignore_case: bool,
    ) -> Result<Roots> {
        let mut roots = Roots {
            pids: Vec::new(),
            users: Vec::new(),
            patterns: Vec::new(),
        };
        for word in words {
            if !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit()) {
                let pid = parse_pid(word).map_err(|why| Error::new(format!("error: {why}")))?;
                roots.pids.push(pid);
            } else if word.is_empty() {
                return Err(Error::new(
                    "empty pattern: give a PID, a name or a regular expression",
                ));
            } else {
                roots.patterns.push(Pattern::new(word, ignore_case)?);
            }
        }
        for text in matches {
            roots.patterns.push(Pattern::new(text, ignore_case)?);
        }
        for name in users {
            // In the words of `kps -u`: the same mistake, the same message.
            for uid in resolve_users(std::slice::from_ref(name), false)? {
                roots.users.push((name.clone(), uid));
            }
        }
        Ok(roots)
    }

    /// Files the selection looks at.
    pub fn needs(&self) -> Needs {
        let mut needs = Needs::NONE;
        if !self.users.is_empty() {
            needs |= Needs::OWNER;
        }
        if !self.patterns.is_empty() {
            needs |= Needs::CMDLINE;
        }
        needs
    }

    fn is_everything(&self) -> bool {
        self.pids.is_empty() && self.users.is_empty() && self.patterns.is_empty()
    }

    /// Applies the roots to a snapshot. A root that selects nothing (no such
    /// PID, no process of the user, no match) is an error.
    pub fn select(
        &self,
        snap: &Snapshot,
        forest: &Forest,
        widening: Widening,
    ) -> Result<Selection> {
        let procs = &snap.procs;
        let mut root_rows = Vec::with_capacity(self.pids.len());
        for &pid in &self.pids {
            let row = process_row(procs, pid)
                .ok_or_else(|| Error::new(format!("no process with PID {pid}")))?;
            root_rows.push(row);
        }
        // Asking for a kernel thread by PID is asking to see kernel threads.
        let kernel = widening.kernel || root_rows.iter().any(|&r| procs[r].is_kernel_thread());
        let eligible: Vec<bool> = procs
            .iter()
            .map(|p| kernel || !p.is_kernel_thread())
            .collect();
        let mut selection = Selection {
            shown: vec![false; procs.len()],
            marked: vec![false; procs.len()],
            has_marks: !self.patterns.is_empty(),
        };
        if self.is_everything() {
            selection.shown = eligible;
            return Ok(selection);
        }

        for (name, uid) in &self.users {
            let tops = topmost_of_user(procs, forest, &eligible, *uid);
            if tops.is_empty() {
                return Err(Error::new(format!("no process of user '{name}'")));
            }
            root_rows.extend(tops);
        }
        for pattern in &self.patterns {
            let matches: Vec<usize> = (0..procs.len())
                .filter(|&i| eligible[i] && !procs[i].is_thread_row() && pattern.matches(&procs[i]))
                .collect();
            if matches.is_empty() {
                return Err(Error::new(format!("no process matches '{}'", pattern.text)));
            }
            for &row in &matches {
                selection.marked[row] = true;
                show_ancestors(&mut selection.shown, forest, &eligible, row);
            }
            root_rows.extend(matches);
        }

        // A root inside another root's subtree adds nothing below it.
        let mut expanded = vec![false; procs.len()];
        for &row in &root_rows {
            if !expanded[row] {
                for node in forest.subtree(row) {
                    expanded[node] = true;
                    selection.shown[node] |= eligible[node];
                }
            }
            if widening.ancestors {
                show_ancestors(&mut selection.shown, forest, &eligible, row);
            }
        }
        Ok(selection)
    }
}

/// The row of process `pid` (not one of its threads) in a snapshot sorted by pid, tid.
pub fn process_row(procs: &[Proc], pid: i32) -> Option<usize> {
    procs
        .binary_search_by_key(&(pid, pid), |p| (p.pid, p.tid))
        .ok()
}

fn show_ancestors(shown: &mut [bool], forest: &Forest, eligible: &[bool], row: usize) {
    for ancestor in forest.ancestors(row) {
        shown[ancestor] |= eligible[ancestor];
    }
}

/// The user's processes whose parent is not the user's.
fn topmost_of_user(procs: &[Proc], forest: &Forest, eligible: &[bool], uid: u32) -> Vec<usize> {
    (0..procs.len())
        .filter(|&i| {
            let p = &procs[i];
            eligible[i]
                && !p.is_thread_row()
                && p.euid() == Some(uid)
                && forest
                    .parent(i)
                    .is_none_or(|parent| procs[parent].euid() != Some(uid))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn digits_are_pids_and_other_words_patterns() {
        let roots =
            Roots::resolve(&words(&["42", "ssh.*", "4x"]), &[], &words(&["m"]), false).unwrap();
        assert_eq!(roots.pids, vec![42]);
        let patterns: Vec<&str> = roots.patterns.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(patterns, ["ssh.*", "4x", "m"]);
        assert_eq!(roots.needs(), Needs::CMDLINE);
    }

    #[test]
    fn bad_roots_are_one_line_errors() {
        for bad in ["0", "99999999999", "(unclosed"] {
            let error = Roots::resolve(&words(&[bad]), &[], &[], false)
                .err()
                .unwrap();
            assert!(!error.message().contains('\n'), "{}", error.message());
            assert!(error.message().contains(bad));
        }
        let error = Roots::resolve(&[], &words(&["no-such-user-kps"]), &[], false).err();
        assert!(error.is_some());
    }
}
