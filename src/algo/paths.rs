//! Shortest paths in unweighted graphs: one by breadth-first search, the k shortest loopless
//! ones by Yen's algorithm.

use std::collections::{BTreeSet, HashMap, VecDeque};

use super::Adjacency;

/// A path: the nodes visited and the labels of the edges taken (one fewer than nodes).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Path {
    /// Nodes from source to target.
    pub nodes: Vec<usize>,
    /// Edge labels, `edges[i]` joins `nodes[i]` and `nodes[i + 1]`.
    pub edges: Vec<usize>,
}

impl Path {
    /// Number of edges.
    pub fn len(&self) -> usize {
        self.edges.len()
    }

    /// Whether the path has no edge (source equals target).
    pub fn is_empty(&self) -> bool {
        self.edges.is_empty()
    }
}

/// The edges a search may take, by label: `|_| true` for all of them.
pub trait EdgeFilter: Fn(usize) -> bool {}
impl<F: Fn(usize) -> bool> EdgeFilter for F {}

/// The shortest path from `from` to `to` over edges `allowed` accepts, avoiding the nodes in
/// `banned_nodes` and the `(node, edge label)` steps in `banned_edges`, using at most
/// `max_len` edges.
///
/// # Complexity
/// O(V + E) — breadth-first search.
pub fn shortest(
    adj: &Adjacency,
    allowed: &impl EdgeFilter,
    from: usize,
    to: usize,
    max_len: usize,
    banned_nodes: &BTreeSet<usize>,
    banned_edges: &BTreeSet<(usize, usize)>,
) -> Option<Path> {
    if from >= adj.len() || to >= adj.len() || banned_nodes.contains(&from) {
        return None;
    }
    if from == to {
        return Some(Path {
            nodes: vec![from],
            edges: Vec::new(),
        });
    }
    // Sparse state: a search usually touches a small part of a large graph, and Yen's
    // algorithm runs many of them.
    let mut reached: HashMap<usize, (usize, Option<(usize, usize)>)> =
        HashMap::from([(from, (0, None))]);
    let mut queue = VecDeque::from([from]);
    while let Some(node) = queue.pop_front() {
        let depth = reached.get(&node).map_or(usize::MAX, |r| r.0);
        if depth >= max_len {
            continue;
        }
        // On the last allowed step only `to` matters: nothing reached there is expanded.
        let last_step = depth + 1 == max_len;
        for &(next, label) in &adj[node] {
            if (last_step && next != to)
                || reached.contains_key(&next)
                || !allowed(label)
                || banned_nodes.contains(&next)
                || banned_edges.contains(&(node, label))
            {
                continue;
            }
            reached.insert(next, (depth + 1, Some((node, label))));
            if next == to {
                let mut nodes = vec![to];
                let mut edges = Vec::new();
                let mut at = to;
                while let Some(&(_, Some((prev, label)))) = reached.get(&at) {
                    nodes.push(prev);
                    edges.push(label);
                    at = prev;
                }
                nodes.reverse();
                edges.reverse();
                return Some(Path { nodes, edges });
            }
            queue.push_back(next);
        }
    }
    None
}

/// The `k` shortest loopless paths from `from` to `to` of at most `max_len` edges over the
/// edges `allowed` accepts, shortest first (ties in a stable order). Parallel edges with
/// different labels give different paths.
///
/// # Arguments
/// * `adj` — the undirected graph; `allowed` — which edge labels to follow; `k` — how many
///   paths at most; `max_len` — longest allowed.
///
/// # Complexity
/// Yen's algorithm: O(k · V · (V + E)) breadth-first searches in the worst case.
///
/// # Example
/// A square 0–1–3 and 0–2–3 has two shortest paths of length 2:
/// `k_shortest(&adjacency(4, &[(0,1,0),(1,3,1),(0,2,2),(2,3,3)]), &|_| true, 0, 3, 5, 4)`
/// returns both.
pub fn k_shortest(
    adj: &Adjacency,
    allowed: &impl EdgeFilter,
    from: usize,
    to: usize,
    k: usize,
    max_len: usize,
) -> Vec<Path> {
    let mut found: Vec<Path> = Vec::new();
    let (none, nowhere) = (BTreeSet::new(), BTreeSet::new());
    let Some(first) = shortest(adj, allowed, from, to, max_len, &none, &nowhere) else {
        return found;
    };
    if first.is_empty() {
        return vec![first];
    }
    found.push(first);
    let mut candidates: BTreeSet<(usize, Path)> = BTreeSet::new();
    while found.len() < k {
        let Some(last) = found.last().cloned() else {
            break;
        };
        for spur_at in 0..last.len() {
            let spur = last.nodes[spur_at];
            let root_nodes = &last.nodes[..=spur_at];
            let root_edges = &last.edges[..spur_at];
            // Forbid the next step of every known path sharing this root.
            let mut banned_edges = BTreeSet::new();
            for p in found.iter().chain(candidates.iter().map(|(_, p)| p)) {
                if p.nodes.len() > spur_at + 1
                    && p.nodes[..=spur_at] == *root_nodes
                    && p.edges[..spur_at] == *root_edges
                {
                    banned_edges.insert((spur, p.edges[spur_at]));
                }
            }
            let banned_nodes: BTreeSet<usize> = root_nodes[..spur_at].iter().copied().collect();
            let budget = max_len.saturating_sub(spur_at);
            if let Some(tail) =
                shortest(adj, allowed, spur, to, budget, &banned_nodes, &banned_edges)
            {
                let mut nodes = root_nodes[..spur_at].to_vec();
                nodes.extend(&tail.nodes);
                let mut edges = root_edges.to_vec();
                edges.extend(&tail.edges);
                let path = Path { nodes, edges };
                if !found.contains(&path) {
                    candidates.insert((path.len(), path));
                }
            }
        }
        match candidates.pop_first() {
            Some((_, next)) => found.push(next),
            None => break,
        }
    }
    found
}

/// Breadth-first distances from `from`, at most `max_depth` edges away (`None` beyond).
pub fn distances(adj: &Adjacency, from: usize, max_depth: usize) -> Vec<Option<usize>> {
    let mut dist = vec![None; adj.len()];
    if from >= adj.len() {
        return dist;
    }
    dist[from] = Some(0);
    let mut queue = VecDeque::from([from]);
    while let Some(node) = queue.pop_front() {
        let d = dist[node].unwrap_or(0);
        if d >= max_depth {
            continue;
        }
        for &(next, _) in &adj[node] {
            if dist[next].is_none() {
                dist[next] = Some(d + 1);
                queue.push_back(next);
            }
        }
    }
    dist
}

#[cfg(test)]
mod tests {
    use super::super::adjacency;
    use super::*;

    /// 0 — 1 — 2 — 3, plus a shortcut 0 — 3 and a detour 1 — 4 — 2.
    fn sample() -> Adjacency {
        adjacency(
            5,
            &[
                (0, 1, 10),
                (1, 2, 11),
                (2, 3, 12),
                (0, 3, 13),
                (1, 4, 14),
                (4, 2, 15),
            ],
        )
    }

    #[test]
    fn shortest_path_takes_the_shortcut() {
        let p = shortest(
            &sample(),
            &|_| true,
            0,
            3,
            10,
            &BTreeSet::new(),
            &BTreeSet::new(),
        );
        assert_eq!(
            p,
            Some(Path {
                nodes: vec![0, 3],
                edges: vec![13]
            })
        );
        assert_eq!(
            shortest(
                &sample(),
                &|_| true,
                0,
                3,
                0,
                &BTreeSet::new(),
                &BTreeSet::new()
            ),
            None
        );
    }

    #[test]
    fn yen_lists_paths_by_length_without_loops() {
        let paths = k_shortest(&sample(), &|_| true, 0, 3, 10, 10);
        let lens: Vec<usize> = paths.iter().map(Path::len).collect();
        assert_eq!(lens, vec![1, 3, 4], "0-3, 0-1-2-3, 0-1-4-2-3");
        assert_eq!(paths[1].nodes, vec![0, 1, 2, 3]);
        assert_eq!(paths[2].nodes, vec![0, 1, 4, 2, 3]);
        for p in &paths {
            let mut seen = p.nodes.clone();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), p.nodes.len(), "loopless: {p:?}");
        }
        assert_eq!(k_shortest(&sample(), &|_| true, 0, 3, 2, 10).len(), 2);
        assert_eq!(
            k_shortest(&sample(), &|_| true, 0, 3, 10, 3).len(),
            2,
            "max length 3 drops the 4-hop path"
        );
    }

    #[test]
    fn parallel_edges_are_distinct_paths() {
        let adj = adjacency(2, &[(0, 1, 1), (0, 1, 2)]);
        let paths = k_shortest(&adj, &|_| true, 0, 1, 5, 3);
        assert_eq!(paths.len(), 2);
        assert_ne!(paths[0].edges, paths[1].edges);
    }

    #[test]
    fn a_filter_closes_edges() {
        // Without the shortcut (label 13) the shortest path is the long way round.
        let p = shortest(
            &sample(),
            &|l| l != 13,
            0,
            3,
            10,
            &BTreeSet::new(),
            &BTreeSet::new(),
        );
        assert_eq!(p.map(|p| p.nodes), Some(vec![0, 1, 2, 3]));
        let paths = k_shortest(&sample(), &|l| l != 13 && l != 11, 0, 3, 10, 10);
        assert_eq!(paths.len(), 1, "only 0-1-4-2-3 remains");
        assert_eq!(paths[0].edges, vec![10, 14, 15, 12]);
    }

    #[test]
    fn unreachable_and_trivial_cases() {
        let adj = adjacency(3, &[(0, 1, 0)]);
        assert!(k_shortest(&adj, &|_| true, 0, 2, 3, 5).is_empty());
        assert_eq!(k_shortest(&adj, &|_| true, 1, 1, 3, 5).len(), 1);
        assert_eq!(distances(&adj, 0, 5), vec![Some(0), Some(1), None]);
        assert!(k_shortest(&adj, &|_| true, 0, 9, 3, 5).is_empty());
    }
}
