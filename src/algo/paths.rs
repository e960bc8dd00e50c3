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

/// Sparse search state: a search usually touches a small part of a large graph, and Yen's
/// algorithm runs many of them. Node numbers hash with foldhash, not SipHash.
type Reached = HashMap<usize, (usize, Option<(usize, usize)>), foldhash::fast::RandomState>;

/// The edges at one node (the target of a search), by the neighbour at their other end:
/// what a search needs on its last step, where only edges onto the target count. A step
/// onto the target then costs a lookup instead of a scan of the whole list of the node it
/// starts from, however many edges that node has (an organization with every country as a
/// member, say).
#[derive(Debug, Clone)]
pub struct Arrivals {
    /// The `(neighbour, label)` pairs of the target's list, sorted by neighbour. Sorting is
    /// stable: the labels of one neighbour keep their order in the target's list, which is
    /// their order in the neighbour's list too (an edge is pushed onto both lists at once,
    /// [`super::adjacency`]).
    by_neighbour: Vec<(usize, usize)>,
}

impl Arrivals {
    /// The edges at `to` in `adj` (none when `to` is not a node).
    pub fn new(adj: &Adjacency, to: usize) -> Self {
        let mut by_neighbour = adj.get(to).cloned().unwrap_or_default();
        by_neighbour.sort_by_key(|&(neighbour, _)| neighbour);
        Arrivals { by_neighbour }
    }

    /// The labels of the edges between `node` and the target, in `node`'s list order.
    fn from(&self, node: usize) -> impl Iterator<Item = usize> + '_ {
        let start = self.by_neighbour.partition_point(|&(n, _)| n < node);
        self.by_neighbour[start..]
            .iter()
            .take_while(move |&&(n, _)| n == node)
            .map(|&(_, label)| label)
    }

    /// Whether any edge joins `node` and the target.
    fn any_from(&self, node: usize) -> bool {
        self.from(node).next().is_some()
    }
}

/// The shortest path from `from` to `to` over edges `allowed` accepts, avoiding the nodes in
/// `banned_nodes` and the `(node, edge label)` steps in `banned_edges`, using at most
/// `max_len` edges. `adj` must be undirected as [`super::adjacency`] builds it (each edge in
/// both ends' lists): the last step is read from `to`'s list.
///
/// # Complexity
/// O(V + E) — breadth-first search; the last step looks edges up at `to` instead of
/// scanning the lists of the nodes it starts from, and the step before it keeps only nodes
/// with an edge to `to`.
pub fn shortest(
    adj: &Adjacency,
    allowed: &impl EdgeFilter,
    from: usize,
    to: usize,
    max_len: usize,
    banned_nodes: &BTreeSet<usize>,
    banned_edges: &BTreeSet<(usize, usize)>,
) -> Option<Path> {
    let arrivals = Arrivals::new(adj, to);
    shortest_to(
        adj,
        &arrivals,
        allowed,
        (from, to),
        max_len,
        banned_nodes,
        banned_edges,
    )
}

/// [`shortest`] with the edges at `to` already gathered (`arrivals`, of `to` in `adj`).
fn shortest_to(
    adj: &Adjacency,
    arrivals: &Arrivals,
    allowed: &impl EdgeFilter,
    (from, to): (usize, usize),
    max_len: usize,
    banned_nodes: &BTreeSet<usize>,
    banned_edges: &BTreeSet<(usize, usize)>,
) -> Option<Path> {
    if let Some(settled) = settled_without_search(adj, (from, to), banned_nodes) {
        return settled;
    }
    let mut reached = Reached::default();
    reached.insert(from, (0, None));
    let mut queue = VecDeque::from([from]);
    while let Some(node) = queue.pop_front() {
        let depth = reached.get(&node).map_or(usize::MAX, |r| r.0);
        if depth >= max_len {
            continue;
        }
        // On the last allowed step only `to` matters: the edges between `node` and `to`, in
        // the order `node`'s list has them.
        if depth + 1 == max_len {
            let step = arrivals
                .from(node)
                .find(|&label| allowed(label) && !banned_edges.contains(&(node, label)));
            if let Some(label) = step {
                reached.insert(to, (depth + 1, Some((node, label))));
                return Some(path_to(&reached, to));
            }
            continue;
        }
        // A node reached now is expanded on the last step only: worth keeping only if it
        // has an edge to `to`.
        let next_is_last = depth + 2 == max_len;
        for &(next, label) in &adj[node] {
            if reached.contains_key(&next)
                || !allowed(label)
                || banned_nodes.contains(&next)
                || banned_edges.contains(&(node, label))
            {
                continue;
            }
            if next == to {
                reached.insert(to, (depth + 1, Some((node, label))));
                return Some(path_to(&reached, to));
            }
            if next_is_last && !arrivals.any_from(next) {
                continue;
            }
            reached.insert(next, (depth + 1, Some((node, label))));
            queue.push_back(next);
        }
    }
    None
}

/// The answer to a search that needs no searching: none from or to a node that is not in
/// `adj` or is banned, the empty path from a node to itself.
fn settled_without_search(
    adj: &Adjacency,
    (from, to): (usize, usize),
    banned_nodes: &BTreeSet<usize>,
) -> Option<Option<Path>> {
    if from >= adj.len() || to >= adj.len() || banned_nodes.contains(&from) {
        Some(None)
    } else if from == to {
        Some(Some(Path {
            nodes: vec![from],
            edges: Vec::new(),
        }))
    } else if banned_nodes.contains(&to) {
        Some(None)
    } else {
        None
    }
}

/// The path to `to` that the search recorded in `reached`.
fn path_to(reached: &Reached, to: usize) -> Path {
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
    Path { nodes, edges }
}

/// The `k` shortest loopless paths from `from` to `to` of at most `max_len` edges over the
/// edges `allowed` accepts, shortest first (ties in a stable order). Parallel edges with
/// different labels give different paths. `adj` must be undirected as for [`shortest`].
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
    // Every search ends at `to`: its edges are gathered once.
    let arrivals = Arrivals::new(adj, to);
    yen(
        |from, max_len, banned_nodes, banned_edges| {
            shortest_to(
                adj,
                &arrivals,
                allowed,
                (from, to),
                max_len,
                banned_nodes,
                banned_edges,
            )
        },
        from,
        k,
        max_len,
    )
}

/// A shortest-path search to a fixed target: from a node, with at most so many edges,
/// avoiding some nodes and `(node, label)` steps.
trait Search: Fn(usize, usize, &BTreeSet<usize>, &BTreeSet<(usize, usize)>) -> Option<Path> {}
impl<F: Fn(usize, usize, &BTreeSet<usize>, &BTreeSet<(usize, usize)>) -> Option<Path>> Search
    for F
{
}

/// Yen's algorithm over `search`: the `k` shortest loopless paths from `from`.
fn yen(search: impl Search, from: usize, k: usize, max_len: usize) -> Vec<Path> {
    let mut found: Vec<Path> = Vec::new();
    let (none, nowhere) = (BTreeSet::new(), BTreeSet::new());
    let Some(first) = search(from, max_len, &none, &nowhere) else {
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
            if let Some(tail) = search(spur, budget, &banned_nodes, &banned_edges) {
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
    use proptest::prelude::Strategy;

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

    /// The search as first written: every step scans the whole list of the node it starts
    /// from. What [`shortest`] must agree with, path for path.
    fn scanning_shortest(
        adj: &Adjacency,
        allowed: &impl EdgeFilter,
        (from, to): (usize, usize),
        max_len: usize,
        banned_nodes: &BTreeSet<usize>,
        banned_edges: &BTreeSet<(usize, usize)>,
    ) -> Option<Path> {
        if let Some(settled) = settled_without_search(adj, (from, to), banned_nodes) {
            return settled;
        }
        let mut reached = Reached::default();
        reached.insert(from, (0, None));
        let mut queue = VecDeque::from([from]);
        while let Some(node) = queue.pop_front() {
            let depth = reached[&node].0;
            if depth >= max_len {
                continue;
            }
            for &(next, label) in &adj[node] {
                if (depth + 1 == max_len && next != to)
                    || reached.contains_key(&next)
                    || !allowed(label)
                    || banned_nodes.contains(&next)
                    || banned_edges.contains(&(node, label))
                {
                    continue;
                }
                reached.insert(next, (depth + 1, Some((node, label))));
                if next == to {
                    return Some(path_to(&reached, to));
                }
                queue.push_back(next);
            }
        }
        None
    }

    /// A small multigraph (parallel edges and loops allowed), edge `i` labelled `i`.
    fn graphs() -> impl Strategy<Value = (usize, Vec<(usize, usize, usize)>)> {
        (1usize..9).prop_flat_map(|n| {
            proptest::collection::vec((0..n, 0..n), 0..24).prop_map(move |pairs| {
                let edges = pairs
                    .into_iter()
                    .enumerate()
                    .map(|(label, (a, b))| (a, b, label))
                    .collect();
                (n, edges)
            })
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn looking_edges_up_at_the_target_finds_what_scanning_finds(
            (n, edges) in graphs(),
            from in 0usize..10,
            to in 0usize..10,
            max_len in 0usize..6,
            closed in proptest::collection::btree_set(0usize..24, 0..6),
            banned_nodes in proptest::collection::btree_set(0usize..10, 0..3),
            banned_steps in proptest::collection::btree_set((0usize..10, 0usize..24), 0..6),
        ) {
            let adj = adjacency(n, &edges);
            let allowed = |label: usize| !closed.contains(&label);
            proptest::prop_assert_eq!(
                shortest(&adj, &allowed, from, to, max_len, &banned_nodes, &banned_steps),
                scanning_shortest(&adj, &allowed, (from, to), max_len, &banned_nodes, &banned_steps)
            );
        }

        #[test]
        fn yen_over_either_search_lists_the_same_paths(
            (n, edges) in graphs(),
            from in 0usize..9,
            to in 0usize..9,
            k in 1usize..6,
            max_len in 0usize..6,
            closed in proptest::collection::btree_set(0usize..24, 0..6),
        ) {
            let adj = adjacency(n, &edges);
            let allowed = |label: usize| !closed.contains(&label);
            let scanning = yen(
                |from, max_len, banned_nodes, banned_edges| {
                    scanning_shortest(&adj, &allowed, (from, to), max_len, banned_nodes, banned_edges)
                },
                from,
                k,
                max_len,
            );
            proptest::prop_assert_eq!(k_shortest(&adj, &allowed, from, to, k, max_len), scanning);
        }
    }

    #[test]
    fn a_hub_on_the_last_step_is_not_scanned() {
        // 0 — hub — 1, and the hub joined to 500 other nodes: the path is found by looking
        // up the hub's edges at 1, and the same path as the whole scan finds.
        let hub = 2;
        let mut edges = vec![(0, hub, 0), (hub, 1, 1)];
        edges.extend((3..503).map(|other| (hub, other, other)));
        let adj = adjacency(503, &edges);
        let (none, nowhere) = (BTreeSet::new(), BTreeSet::new());
        let found = shortest(&adj, &|_| true, 0, 1, 2, &none, &nowhere);
        assert_eq!(
            found,
            Some(Path {
                nodes: vec![0, hub, 1],
                edges: vec![0, 1]
            })
        );
        assert_eq!(
            found,
            scanning_shortest(&adj, &|_| true, (0, 1), 2, &none, &nowhere)
        );
        assert_eq!(shortest(&adj, &|_| true, 0, 1, 1, &none, &nowhere), None);
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
