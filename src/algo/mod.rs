//! Graph algorithms as free functions over small, plain structures: an undirected adjacency
//! list of `usize` nodes whose edges carry a `usize` label, and the same graph without labels,
//! loops or repeated edges in compressed rows ([`SimpleGraph`]). Nothing here knows entities,
//! GraphQL or petgraph, so each algorithm is tested on graphs small enough to check by hand.
//!
//! - [`paths`]: breadth-first distances, k shortest simple paths (Yen).
//! - [`centrality`]: degree, betweenness (Brandes), PageRank, over a [`SimpleGraph`].

pub mod centrality;
pub mod paths;
mod simple;

pub use simple::SimpleGraph;

/// An undirected multigraph: for each node, its `(neighbour, edge label)` pairs. An edge
/// between `a` and `b` appears in both lists.
pub type Adjacency = Vec<Vec<(usize, usize)>>;

/// Builds an [`Adjacency`] of `n` nodes from `(a, b, label)` edges.
pub fn adjacency(n: usize, edges: &[(usize, usize, usize)]) -> Adjacency {
    let mut adj = vec![Vec::new(); n];
    for &(a, b, label) in edges {
        if a < n && b < n {
            adj[a].push((b, label));
            if a != b {
                adj[b].push((a, label));
            }
        }
    }
    adj
}
