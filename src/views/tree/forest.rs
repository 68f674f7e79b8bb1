//! Parent links turned into a forest that is safe to walk.
//!
//! The links come from stat files read one after another while processes start,
//! exit and have their PIDs reused, so they can be inconsistent: a parent that is
//! gone, a process that names itself, in theory a loop. The forest turns every
//! such node into a top-level one, so each node is reached exactly once and no
//! walk can loop.

/// Nodes are indices `0..n`; each has at most one parent.
#[derive(Debug)]
pub struct Forest {
    parent: Vec<Option<usize>>,
    children: Vec<Vec<usize>>,
    roots: Vec<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    Unseen,
    OnPath,
    Done,
}

impl Forest {
    /// Builds the forest from each node's parent. Children and roots are kept
    /// in index order. A link out of range or to the node itself is dropped, and
    /// a loop is cut at the first of its nodes that a walk up the links reaches
    /// twice: that node becomes a root.
    pub fn new(mut parent: Vec<Option<usize>>) -> Forest {
        let n = parent.len();
        for (i, link) in parent.iter_mut().enumerate() {
            if link.is_some_and(|p| p == i || p >= n) {
                *link = None;
            }
        }
        let mut visit = vec![Visit::Unseen; n];
        let mut path = Vec::new();
        for start in 0..n {
            let mut node = start;
            loop {
                match visit[node] {
                    Visit::Done => break,
                    Visit::OnPath => {
                        parent[node] = None;
                        break;
                    }
                    Visit::Unseen => {}
                }
                visit[node] = Visit::OnPath;
                path.push(node);
                match parent[node] {
                    Some(p) => node = p,
                    None => break,
                }
            }
            for &done in &path {
                visit[done] = Visit::Done;
            }
            path.clear();
        }
        let mut children = vec![Vec::new(); n];
        let mut roots = Vec::new();
        for (i, link) in parent.iter().enumerate() {
            match link {
                Some(p) => children[*p].push(i),
                None => roots.push(i),
            }
        }
        Forest {
            parent,
            children,
            roots,
        }
    }

    pub fn len(&self) -> usize {
        self.parent.len()
    }

    pub fn parent(&self, node: usize) -> Option<usize> {
        self.parent[node]
    }

    pub fn children(&self, node: usize) -> &[usize] {
        &self.children[node]
    }

    /// The parent, the grandparent and so on, up to a root.
    pub fn ancestors(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(self.parent[node], |&p| self.parent[p])
    }

    /// Every node, parents before their children (depth first, in child order).
    pub fn preorder(&self) -> Vec<usize> {
        let mut order = Vec::with_capacity(self.len());
        for &root in &self.roots {
            self.push_subtree(root, &mut order);
        }
        order
    }

    /// `node` and all its descendants, parents first.
    pub fn subtree(&self, node: usize) -> Vec<usize> {
        let mut order = Vec::new();
        self.push_subtree(node, &mut order);
        order
    }

    fn push_subtree(&self, node: usize, order: &mut Vec<usize>) {
        let mut stack = vec![node];
        while let Some(next) = stack.pop() {
            order.push(next);
            stack.extend(self.children[next].iter().rev());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut v: Vec<usize>) -> Vec<usize> {
        v.sort();
        v
    }

    fn roots(forest: &Forest) -> Vec<usize> {
        (0..forest.len())
            .filter(|&i| forest.parent(i).is_none())
            .collect()
    }

    #[test]
    fn builds_children_in_index_order() {
        // 0 ─ 1 ─ 3
        //   └ 2
        let forest = Forest::new(vec![None, Some(0), Some(0), Some(1)]);
        assert_eq!(roots(&forest), [0]);
        assert_eq!(forest.children(0), &[1, 2]);
        assert_eq!(forest.preorder(), vec![0, 1, 3, 2]);
        assert_eq!(forest.ancestors(3).collect::<Vec<_>>(), vec![1, 0]);
        assert_eq!(forest.subtree(1), vec![1, 3]);
    }

    #[test]
    fn self_links_and_dangling_links_become_roots() {
        let forest = Forest::new(vec![Some(0), Some(7), Some(1)]);
        assert_eq!(roots(&forest), [0, 1]);
        assert_eq!(forest.children(1), &[2]);
    }

    #[test]
    fn loops_are_cut_and_every_node_is_reached_once() {
        // 1 → 2 → 3 → 1 is a loop; 4 hangs off it; 0 is a normal root.
        let forest = Forest::new(vec![None, Some(2), Some(3), Some(1), Some(2)]);
        assert_eq!(sorted(forest.preorder()), vec![0, 1, 2, 3, 4]);
        assert_eq!(roots(&forest).len(), 2);
        for node in 0..forest.len() {
            assert!(forest.ancestors(node).count() < forest.len());
        }
    }

    #[test]
    fn two_node_loop() {
        let forest = Forest::new(vec![Some(1), Some(0)]);
        assert_eq!(sorted(forest.preorder()), vec![0, 1]);
        assert_eq!(roots(&forest).len(), 1);
    }
}
