//! Centrality of the nodes of an undirected graph: degree, betweenness (Brandes) and PageRank,
//! over a [`SimpleGraph`], so parallel edges count once for all three (they make a node
//! neither better connected nor more "between") and self-loops not at all.
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use super::SimpleGraph;

/// Degree centrality: each node's number of distinct neighbours divided by `n - 1`.
///
/// # Complexity
/// O(V).
pub fn degree(graph: &SimpleGraph) -> Vec<f64> {
    let n = graph.len();
    let scale = if n > 1 { 1.0 / (n - 1) as f64 } else { 0.0 };
    (0..n)
        .map(|v| graph.neighbours(v).len() as f64 * scale)
        .collect()
}

/// The graph with nodes that have the same neighbours ("twins") merged: one node per class,
/// joined to the classes of its members' neighbours.
///
/// Two nodes with the same neighbours are never adjacent (no node neighbours itself), and
/// swapping them maps the graph onto itself; a member of a class is joined to every member of
/// each class it is joined to. So every member of a class lies on the same share of shortest
/// paths, and the searches from each member of a class leave the same dependencies. Countries
/// that differ only by which hubs they belong to fall into few classes.
struct Twins {
    /// Each node's class.
    class_of: Vec<u32>,
    /// Each class's number of members.
    members: Vec<f64>,
    /// The classes, joined where their members are.
    quotient: SimpleGraph,
}

impl Twins {
    fn of(graph: &SimpleGraph) -> Twins {
        let mut class: HashMap<&[u32], u32> = HashMap::new();
        let mut class_of = Vec::with_capacity(graph.len());
        let mut members: Vec<f64> = Vec::new();
        let mut representatives: Vec<usize> = Vec::new();
        for v in 0..graph.len() {
            let next = members.len() as u32;
            let c = *class.entry(graph.neighbours(v)).or_insert(next);
            if c == next {
                members.push(0.0);
                representatives.push(v);
            }
            members[c as usize] += 1.0;
            class_of.push(c);
        }
        let edges = representatives.iter().enumerate().flat_map(|(c, &r)| {
            let class_of = &class_of;
            graph
                .neighbours(r)
                .iter()
                .map(move |&w| (c, class_of[w as usize] as usize))
        });
        let quotient = SimpleGraph::from_edges(members.len(), edges);
        Twins {
            class_of,
            members,
            quotient,
        }
    }
}

/// Betweenness centrality by Brandes' algorithm, normalised to [0, 1] by
/// `(n - 1)(n - 2) / 2` pairs as for undirected graphs. Exact: it runs on the graph with
/// twins merged (see `Twins`), counting each class as many times as it has members.
///
/// # Complexity
/// O(C · E_C) time, where C ≤ V is the number of distinct neighbour sets and E_C ≤ E the
/// number of pairs of classes joined; O(V + E) space.
///
/// # Example
/// In a path 0 — 1 — 2, node 1 lies on the only shortest path between 0 and 2: its
/// betweenness is 1.0 and the ends' are 0.0.
///
/// `stop` is read before each search: once it is set the work is abandoned and `None`
/// returned (a caller that gave up, such as a timed-out request, stops paying for it).
pub fn betweenness(graph: &SimpleGraph, stop: &AtomicBool) -> Option<Vec<f64>> {
    let n = graph.len();
    let Twins {
        class_of,
        members,
        quotient,
    } = Twins::of(graph);
    let k = quotient.len();
    let mut score = vec![0.0; k];
    // One set of buffers for every search, reset where the search reached. The breadth-first
    // order doubles as the queue and, read backwards, as Brandes' stack; a class's
    // predecessors are its neighbours one step nearer the source, so no lists are kept.
    // `sigma` counts the shortest paths to one member of a class, `delta` is one member's
    // dependency.
    let mut order: Vec<u32> = Vec::with_capacity(k);
    let mut sigma = vec![0.0f64; k];
    let mut dist = vec![u32::MAX; k];
    let mut delta = vec![0.0f64; k];
    for s in 0..k {
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        let around = quotient.neighbours(s);
        if around.is_empty() {
            continue;
        }
        // The search starts from one member of `s`: the others are not on its way.
        let member = |v: usize| if v == s { 1.0 } else { members[v] };
        order.clear();
        order.push(s as u32);
        sigma[s] = 1.0;
        dist[s] = 0;
        let mut head = 0;
        while let Some(&v) = order.get(head) {
            head += 1;
            let (v, next) = (v as usize, dist[v as usize] + 1);
            let paths = member(v) * sigma[v];
            for &w in quotient.neighbours(v) {
                let w = w as usize;
                if dist[w] == u32::MAX {
                    dist[w] = next;
                    order.push(w as u32);
                }
                if dist[w] == next {
                    sigma[w] += paths;
                }
            }
        }
        for &w in order.iter().skip(1).rev() {
            let w = w as usize;
            let before = dist[w] - 1;
            let share = members[w] * (1.0 + delta[w]) / sigma[w];
            for &v in quotient.neighbours(w) {
                let v = v as usize;
                if dist[v] == before {
                    delta[v] += sigma[v] * share;
                }
            }
        }
        // The source's twins, two steps away through any of its neighbours, are the ends of
        // one shortest path through each.
        let twins = members[s] - 1.0;
        if twins > 0.0 {
            let paths: f64 = around.iter().map(|&c| members[c as usize]).sum();
            for &c in around {
                delta[c as usize] += twins / paths;
            }
        }
        for &w in order.iter().skip(1) {
            let w = w as usize;
            score[w] += members[s] * delta[w];
        }
        for &w in &order {
            let w = w as usize;
            sigma[w] = 0.0;
            dist[w] = u32::MAX;
            delta[w] = 0.0;
        }
    }
    // Each pair was counted from both ends.
    let pairs = if n > 2 {
        ((n - 1) * (n - 2)) as f64
    } else {
        1.0
    };
    Some(
        class_of
            .iter()
            .map(|&c| score[c as usize] / pairs)
            .collect(),
    )
}

/// PageRank with damping `damping` (0.85 is usual), by power iteration until the total change
/// falls below 1e-10 or 200 rounds pass. Dangling nodes spread their rank evenly. Sums to 1.
///
/// # Complexity
/// O(rounds · (V + E)).
pub fn pagerank(graph: &SimpleGraph, damping: f64) -> Vec<f64> {
    let n = graph.len();
    if n == 0 {
        return Vec::new();
    }
    let dangling_nodes: Vec<usize> = (0..n).filter(|&v| graph.neighbours(v).is_empty()).collect();
    let mut rank = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    for _ in 0..200 {
        let dangling: f64 = dangling_nodes.iter().map(|&v| rank[v]).sum();
        let base = (1.0 - damping) / n as f64 + damping * dangling / n as f64;
        next.fill(base);
        for (v, &r) in rank.iter().enumerate() {
            let out = graph.neighbours(v);
            if out.is_empty() {
                continue;
            }
            let share = damping * r / out.len() as f64;
            for &w in out {
                next[w as usize] += share;
            }
        }
        let change: f64 = next.iter().zip(&rank).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut rank, &mut next);
        if change < 1e-10 {
            break;
        }
    }
    rank
}

/// Betweenness by its definition, for tests elsewhere to compare against: for every pair
/// s < t and every other v, the share of shortest s–t paths through v (σ_sv·σ_vt / σ_st when
/// d(s,v) + d(v,t) = d(s,t)). O(V³).
#[cfg(test)]
pub(crate) fn by_definition(graph: &SimpleGraph) -> Vec<f64> {
    use std::collections::VecDeque;
    let n = graph.len();
    // Distances and shortest-path counts from every node.
    let from: Vec<(Vec<Option<usize>>, Vec<f64>)> = (0..n)
        .map(|s| {
            let mut dist = vec![None; n];
            let mut sigma = vec![0.0; n];
            dist[s] = Some(0);
            sigma[s] = 1.0;
            let mut queue = VecDeque::from([s]);
            while let Some(v) = queue.pop_front() {
                let dv = dist[v].unwrap_or(0);
                for &w in graph.neighbours(v) {
                    let w = w as usize;
                    if dist[w].is_none() {
                        dist[w] = Some(dv + 1);
                        queue.push_back(w);
                    }
                    if dist[w] == Some(dv + 1) {
                        sigma[w] += sigma[v];
                    }
                }
            }
            (dist, sigma)
        })
        .collect();
    let pairs = if n > 2 {
        ((n - 1) * (n - 2)) as f64 / 2.0
    } else {
        1.0
    };
    (0..n)
        .map(|v| {
            let mut total = 0.0;
            for s in 0..n {
                for t in s + 1..n {
                    if v == s || v == t {
                        continue;
                    }
                    let (ds, ss) = &from[s];
                    let (dv, sv) = &from[v];
                    if let (Some(st), Some(sv_d), Some(vt)) = (ds[t], ds[v], dv[t]) {
                        if sv_d + vt == st {
                            total += ss[v] * sv[t] / ss[t];
                        }
                    }
                }
            }
            total / pairs
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A graph of `n` nodes from `(a, b)` edges.
    fn graph(n: usize, edges: &[(usize, usize)]) -> SimpleGraph {
        SimpleGraph::from_edges(n, edges.iter().copied())
    }

    fn between(graph: &SimpleGraph) -> Vec<f64> {
        betweenness(graph, &AtomicBool::new(false)).unwrap_or_default()
    }

    #[test]
    fn a_set_stop_flag_abandons_the_work() {
        let path = graph(3, &[(0, 1), (1, 2)]);
        assert_eq!(betweenness(&path, &AtomicBool::new(true)), None);
    }

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9)
    }

    #[test]
    fn star_centre_is_most_central() {
        // 0 is joined to 1, 2, 3; nothing else.
        let star = graph(4, &[(0, 1), (0, 2), (0, 3)]);
        assert!(close(
            &degree(&star),
            &[1.0, 1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0]
        ));
        // The centre lies on all 3 shortest paths between leaves, out of 3 pairs.
        assert!(close(&between(&star), &[1.0, 0.0, 0.0, 0.0]));
        let pr = pagerank(&star, 0.85);
        assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(pr[0] > pr[1] && (pr[1] - pr[2]).abs() < 1e-12);
    }

    #[test]
    fn path_and_cycle_by_hand() {
        let path = graph(3, &[(0, 1), (1, 2)]);
        assert!(close(&between(&path), &[0.0, 1.0, 0.0]));
        // In a 4-cycle every node is between its two neighbours for half of one pair:
        // (0,2) has two shortest paths, through 1 and through 3.
        let cycle = graph(4, &[(0, 1), (1, 2), (2, 3), (3, 0)]);
        assert!(close(&between(&cycle), &[0.5 / 3.0; 4]));
        assert!(close(&pagerank(&cycle, 0.85), &[0.25; 4]));
    }

    #[test]
    fn parallel_edges_and_isolated_nodes() {
        let g = graph(3, &[(0, 1), (0, 1)]);
        assert!(close(&degree(&g), &[0.5, 0.5, 0.0]));
        let pr = pagerank(&g, 0.85);
        assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(pagerank(&SimpleGraph::default(), 0.85).is_empty());
    }

    #[test]
    fn countries_in_the_same_hubs_by_hand() {
        // Countries A (0) and B (1) belong to hub H1 (4) only, C (2) to H1 and H2 (5), D (3)
        // to H2 only: A and B are twins. Of the 10 pairs of other nodes, H1 lies on the
        // shortest paths of A–B, A–C, A–D, A–H2, B–C, B–D and B–H2; C on those of A–D, A–H2,
        // B–D, B–H2, D–H1 and H1–H2; H2 on those of A–D, B–D, C–D and D–H1.
        let g = graph(6, &[(0, 4), (1, 4), (2, 4), (2, 5), (3, 5)]);
        assert!(close(&between(&g), &[0.0, 0.0, 0.6, 0.0, 0.7, 0.4]));
        assert!(close(&degree(&g), &[0.2, 0.2, 0.4, 0.2, 0.6, 0.4]));
        // Two equal classes of twins around one hub each, the hubs joined through a bridge.
        let twins = graph(7, &[(0, 5), (1, 5), (2, 6), (3, 6), (5, 4), (6, 4)]);
        assert!(close(&between(&twins), &by_definition(&twins)));
    }

    proptest::proptest! {
        #[test]
        fn brandes_agrees_with_the_definition(
            n in 1usize..14,
            edges in proptest::collection::vec((0usize..14, 0usize..14), 0..40),
        ) {
            let edges: Vec<(usize, usize)> =
                edges.into_iter().filter(|&(a, b)| a < n && b < n).collect();
            let g = graph(n, &edges);
            let (fast, slow) = (between(&g), by_definition(&g));
            proptest::prop_assert!(close(&fast, &slow), "{fast:?} vs {slow:?}");
        }

        /// Countries joined only through a few hubs, as in the cooperation network: many share
        /// their hubs, so most searches stand for a class of twins.
        #[test]
        fn brandes_over_twins_agrees_with_the_definition(
            memberships in proptest::collection::vec(proptest::collection::vec(0usize..4, 0..4), 1..16),
            bridges in proptest::collection::vec((0usize..16, 0usize..16), 0..3),
        ) {
            let countries = memberships.len();
            let mut edges: Vec<(usize, usize)> = memberships
                .iter()
                .enumerate()
                .flat_map(|(c, hubs)| hubs.iter().map(move |&h| (c, countries + h)))
                .collect();
            edges.extend(bridges.into_iter().filter(|&(a, b)| a < countries && b < countries));
            let g = graph(countries + 4, &edges);
            let (fast, slow) = (between(&g), by_definition(&g));
            proptest::prop_assert!(close(&fast, &slow), "{fast:?} vs {slow:?}");
        }
    }
}
