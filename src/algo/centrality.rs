//! Centrality of the nodes of an undirected graph: degree, betweenness (Brandes) and PageRank.
//! Parallel edges count once for betweenness and PageRank (they do not make a node more
//! "between"), and once per edge for degree.
use std::sync::atomic::{AtomicBool, Ordering};

use super::Adjacency;

/// Degree centrality: each node's number of distinct neighbours divided by `n - 1`.
///
/// # Complexity
/// O(V + E).
pub fn degree(adj: &Adjacency) -> Vec<f64> {
    let n = adj.len();
    let scale = if n > 1 { 1.0 / (n - 1) as f64 } else { 0.0 };
    simple(adj)
        .iter()
        .map(|nbrs| nbrs.len() as f64 * scale)
        .collect()
}

/// Each node's distinct neighbours, sorted, without self-loops.
fn simple(adj: &Adjacency) -> Vec<Vec<usize>> {
    adj.iter()
        .enumerate()
        .map(|(i, edges)| {
            let mut nbrs: Vec<usize> = edges.iter().map(|&(j, _)| j).filter(|&j| j != i).collect();
            nbrs.sort_unstable();
            nbrs.dedup();
            nbrs
        })
        .collect()
}

/// Betweenness centrality by Brandes' algorithm, normalised to [0, 1] by
/// `(n - 1)(n - 2) / 2` pairs as for undirected graphs.
///
/// # Complexity
/// O(V · E) time, O(V + E) space.
///
/// # Example
/// In a path 0 — 1 — 2, node 1 lies on the only shortest path between 0 and 2: its
/// betweenness is 1.0 and the ends' are 0.0.
///
/// `stop` is read before each source: once it is set the work is abandoned and `None`
/// returned (a caller that gave up, such as a timed-out request, stops paying for it).
pub fn betweenness(adj: &Adjacency, stop: &AtomicBool) -> Option<Vec<f64>> {
    let n = adj.len();
    let nbrs = simple(adj);
    let mut score = vec![0.0; n];
    // One set of buffers for every source, reset where the search reached. The breadth-first
    // order doubles as the queue and, read backwards, as Brandes' stack; a node's
    // predecessors are its neighbours one step nearer the source, so no lists are kept.
    let mut order: Vec<usize> = Vec::with_capacity(n);
    let mut sigma = vec![0.0f64; n];
    let mut dist = vec![usize::MAX; n];
    let mut delta = vec![0.0f64; n];
    for s in 0..n {
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        order.clear();
        order.push(s);
        sigma[s] = 1.0;
        dist[s] = 0;
        let mut head = 0;
        while let Some(&v) = order.get(head) {
            head += 1;
            let next = dist[v] + 1;
            for &w in &nbrs[v] {
                if dist[w] == usize::MAX {
                    dist[w] = next;
                    order.push(w);
                }
                if dist[w] == next {
                    sigma[w] += sigma[v];
                }
            }
        }
        for &w in order.iter().rev() {
            if w == s {
                continue;
            }
            let before = dist[w] - 1;
            for &v in &nbrs[w] {
                if dist[v] == before {
                    delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
                }
            }
            score[w] += delta[w];
        }
        for &w in &order {
            sigma[w] = 0.0;
            dist[w] = usize::MAX;
            delta[w] = 0.0;
        }
    }
    // Each pair was counted from both ends.
    let pairs = if n > 2 {
        ((n - 1) * (n - 2)) as f64
    } else {
        1.0
    };
    Some(score.iter().map(|s| s / pairs).collect())
}

/// PageRank with damping `damping` (0.85 is usual), by power iteration until the total change
/// falls below 1e-10 or 200 rounds pass. Dangling nodes spread their rank evenly. Sums to 1.
///
/// # Complexity
/// O(rounds · (V + E)).
pub fn pagerank(adj: &Adjacency, damping: f64) -> Vec<f64> {
    let n = adj.len();
    if n == 0 {
        return Vec::new();
    }
    let nbrs = simple(adj);
    let mut rank = vec![1.0 / n as f64; n];
    for _ in 0..200 {
        let dangling: f64 = (0..n)
            .filter(|&i| nbrs[i].is_empty())
            .map(|i| rank[i])
            .sum();
        let base = (1.0 - damping) / n as f64 + damping * dangling / n as f64;
        let mut next = vec![base; n];
        for (v, out) in nbrs.iter().enumerate() {
            if out.is_empty() {
                continue;
            }
            let share = damping * rank[v] / out.len() as f64;
            for &w in out {
                next[w] += share;
            }
        }
        let change: f64 = next.iter().zip(&rank).map(|(a, b)| (a - b).abs()).sum();
        rank = next;
        if change < 1e-10 {
            break;
        }
    }
    rank
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use super::super::adjacency;
    use super::*;

    fn between(adj: &Adjacency) -> Vec<f64> {
        betweenness(adj, &AtomicBool::new(false)).unwrap_or_default()
    }

    #[test]
    fn a_set_stop_flag_abandons_the_work() {
        let path = adjacency(3, &[(0, 1, 0), (1, 2, 1)]);
        assert_eq!(betweenness(&path, &AtomicBool::new(true)), None);
    }

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-9)
    }

    #[test]
    fn star_centre_is_most_central() {
        // 0 is joined to 1, 2, 3; nothing else.
        let star = adjacency(4, &[(0, 1, 0), (0, 2, 1), (0, 3, 2)]);
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
        let path = adjacency(3, &[(0, 1, 0), (1, 2, 1)]);
        assert!(close(&between(&path), &[0.0, 1.0, 0.0]));
        // In a 4-cycle every node is between its two neighbours for half of one pair:
        // (0,2) has two shortest paths, through 1 and through 3.
        let cycle = adjacency(4, &[(0, 1, 0), (1, 2, 1), (2, 3, 2), (3, 0, 3)]);
        assert!(close(&between(&cycle), &[0.5 / 3.0; 4]));
        assert!(close(&pagerank(&cycle, 0.85), &[0.25; 4]));
    }

    #[test]
    fn parallel_edges_and_isolated_nodes() {
        let g = adjacency(3, &[(0, 1, 0), (0, 1, 1)]);
        assert!(close(&degree(&g), &[0.5, 0.5, 0.0]));
        let pr = pagerank(&g, 0.85);
        assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!(pagerank(&Vec::new(), 0.85).is_empty());
    }

    /// Betweenness by its definition: for every pair s < t and every other v, the share of
    /// shortest s–t paths through v (σ_sv·σ_vt / σ_st when d(s,v) + d(v,t) = d(s,t)).
    fn by_definition(adj: &Adjacency) -> Vec<f64> {
        let n = adj.len();
        let nbrs = simple(adj);
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
                    for &w in &nbrs[v] {
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

    proptest::proptest! {
        #[test]
        fn brandes_agrees_with_the_definition(
            n in 1usize..14,
            edges in proptest::collection::vec((0usize..14, 0usize..14), 0..40),
        ) {
            let edges: Vec<(usize, usize, usize)> = edges
                .into_iter()
                .filter(|&(a, b)| a < n && b < n)
                .enumerate()
                .map(|(i, (a, b))| (a, b, i))
                .collect();
            let g = adjacency(n, &edges);
            let (fast, slow) = (between(&g), by_definition(&g));
            proptest::prop_assert!(close(&fast, &slow), "{fast:?} vs {slow:?}");
        }
    }
}
