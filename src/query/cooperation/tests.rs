//! The cooperation network against plain references computed here from its own subgraph:
//! every pair of countries checked for shared hubs and agreements, and betweenness by its
//! definition, on the seed data and on 200 synthetic countries.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::AtomicBool;

use super::*;
use crate::algo::centrality::by_definition;

/// A link as compared: weight, the two ids, the hubs' ids, the agreements' ids sorted.
type Expected = (f64, String, String, Vec<String>, Vec<String>);

/// Every pair of countries in `net`, with the hubs both relate to and their direct
/// agreements, heaviest first, then by the two ids.
fn links_by_every_pair(net: &CooperationNetwork<'_>) -> Vec<Expected> {
    let mut hubs_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut agreements: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for r in &net.subgraph.relations {
        let s = &r.relation.statement;
        if s.kind == RelationKind::CooperatesWith {
            let pair = (
                s.source.as_str().min(&s.target),
                s.source.as_str().max(&s.target),
            );
            agreements
                .entry(pair)
                .or_default()
                .push(r.relation.id.clone());
        } else {
            hubs_of.entry(&s.source).or_default().insert(&s.target);
        }
    }
    let countries: Vec<&str> = net.countries.iter().map(|c| c.id.as_str()).collect();
    let none = BTreeSet::new();
    let mut expected = Vec::new();
    for (i, a) in countries.iter().enumerate() {
        for b in &countries[i + 1..] {
            let (x, y) = (
                hubs_of.get(a).unwrap_or(&none),
                hubs_of.get(b).unwrap_or(&none),
            );
            let via: Vec<String> = x.intersection(y).map(|h| h.to_string()).collect();
            let mut agreed = agreements.get(&(*a, *b)).cloned().unwrap_or_default();
            agreed.sort();
            if via.is_empty() && agreed.is_empty() {
                continue;
            }
            let weight = (via.len() + agreed.len()) as f64;
            expected.push((weight, a.to_string(), b.to_string(), via, agreed));
        }
    }
    expected.sort_by(|x, y| {
        y.0.total_cmp(&x.0)
            .then_with(|| (&x.1, &x.2).cmp(&(&y.1, &y.2)))
    });
    expected
}

fn as_computed(net: &CooperationNetwork<'_>) -> Vec<Expected> {
    net.links
        .iter()
        .map(|l| {
            let mut agreements: Vec<String> =
                l.agreements().iter().map(|id| id.to_string()).collect();
            agreements.sort();
            (
                l.weight(),
                l.a().id.clone(),
                l.b().id.clone(),
                l.via().map(|e| e.id.clone()).collect(),
                agreements,
            )
        })
        .collect()
}

/// Checks links and centralities of the network of `graph` through `organizations` (every
/// organization when `None`) against the references.
fn check(graph: &KnowledgeGraph, organizations: Option<&[String]>) {
    let stop = AtomicBool::new(false);
    let net = cooperation_network(
        graph,
        None,
        organizations,
        View::default(),
        Parts::ALL,
        &stop,
    );
    let Ok(net) = net else {
        panic!("the cooperation network failed: {net:?}");
    };
    assert!(!net.links.is_empty(), "no links to compare");
    assert_eq!(as_computed(&net), links_by_every_pair(&net));

    // Betweenness by its definition on the subgraph, node by node.
    let position: BTreeMap<&str, usize> = net
        .subgraph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let edges = net.subgraph.relations.iter().filter_map(|r| {
        let s = &r.relation.statement;
        Some((
            *position.get(s.source.as_str())?,
            *position.get(s.target.as_str())?,
        ))
    });
    let simple = SimpleGraph::from_edges(position.len(), edges);
    let reference = by_definition(&simple);
    assert_eq!(net.centrality.len(), position.len());
    for c in &net.centrality {
        let i = position[c.entity.id.as_str()];
        assert!(
            (c.betweenness - reference[i]).abs() < 1e-9,
            "{}: {} against {}",
            c.entity.id,
            c.betweenness,
            reference[i]
        );
        let degree = simple.neighbours(i).len() as f64 / (position.len() - 1) as f64;
        assert!((c.degree - degree).abs() < 1e-12, "{}", c.entity.id);
    }
}

#[test]
fn the_seed_network_matches_every_pair_and_brandes_by_definition() {
    check(&crate::api::seed_graph(), None);
}

#[test]
fn a_synthetic_network_matches_every_pair_and_brandes_by_definition() {
    let dir = std::env::temp_dir().join(format!("cyberkg-coop-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let written = crate::synth::write_profiles(200, &dir, 11).unwrap_or(0);
    assert!(written >= 200, "synthetic profiles written: {written}");
    let graph = crate::store::load(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    match graph {
        Ok(graph) => {
            check(&graph, None);
            // Through one organization, many countries are linked to a few others only, by
            // their agreements: their partners are gathered rather than swept.
            check(&graph, Some(&["org:first".to_string()]));
        }
        Err(errors) => panic!("the synthetic profiles do not load: {errors:?}"),
    }
}
