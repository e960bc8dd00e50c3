//! An undirected simple graph (no self-loops, no parallel edges) in compressed sparse rows:
//! every node's distinct neighbours, sorted, in one flat list. The centralities read each
//! node's neighbours many times over, so they are gathered once, as `u32` positions side by
//! side, instead of as a list per node.

/// Each node's distinct neighbours, sorted, without itself.
///
/// Nodes are `0..len()`; positions are stored as `u32`, so a graph holds fewer than 2³²
/// nodes and 2³² neighbour entries (far more than any snapshot's entities and relations).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SimpleGraph {
    /// Where each node's neighbours begin in `neighbours`; one more entry than nodes.
    start: Vec<u32>,
    /// Every node's neighbours, node after node.
    neighbours: Vec<u32>,
}

impl SimpleGraph {
    /// The graph of `n` nodes joined by `edges` (either way round). Self-loops and repeated
    /// edges are dropped, as are edges naming a node outside `0..n`.
    ///
    /// # Complexity
    /// O(E log E).
    pub fn from_edges(n: usize, edges: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let mut pairs: Vec<(u32, u32)> = edges
            .into_iter()
            .filter(|&(a, b)| a != b && a < n && b < n)
            .flat_map(|(a, b)| [(a as u32, b as u32), (b as u32, a as u32)])
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut start = Vec::with_capacity(n + 1);
        start.push(0);
        let mut at = 0;
        for node in 0..n as u32 {
            while pairs.get(at).is_some_and(|&(a, _)| a == node) {
                at += 1;
            }
            start.push(at as u32);
        }
        SimpleGraph {
            start,
            neighbours: pairs.into_iter().map(|(_, b)| b).collect(),
        }
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.start.len().saturating_sub(1)
    }

    /// Whether the graph has no nodes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The distinct neighbours of `node`, sorted; empty for a node outside the graph.
    pub fn neighbours(&self, node: usize) -> &[u32] {
        match (self.start.get(node), self.start.get(node + 1)) {
            (Some(&from), Some(&to)) => self
                .neighbours
                .get(from as usize..to as usize)
                .unwrap_or_default(),
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loops_repeats_and_strays_are_dropped() {
        let g = SimpleGraph::from_edges(4, [(0, 1), (1, 0), (0, 1), (2, 2), (1, 2), (3, 9)]);
        assert_eq!(g.len(), 4);
        assert_eq!(g.neighbours(0), &[1]);
        assert_eq!(g.neighbours(1), &[0, 2]);
        assert_eq!(g.neighbours(2), &[1]);
        assert!(g.neighbours(3).is_empty());
        assert!(g.neighbours(4).is_empty());
        assert!(SimpleGraph::from_edges(0, []).is_empty());
    }
}
