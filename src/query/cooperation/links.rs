//! The country–country projection of the cooperation network: pairs of countries sharing a hub
//! (an organization or convention) or a direct agreement, with what links them. Countries and
//! hubs are numbered in id order, so the pairs (as many as the square of a hub's members) are
//! found, ordered and kept as a few integers each; what two countries share is read from
//! their own hub lists when asked for. Imports nothing from GraphQL.

use std::cmp::Ordering as Order;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::graph::KnowledgeGraph;
use crate::model::Entity;

/// A country pair by number, smaller first, and the position of its direct agreements in
/// [`CountryLinks::agreements`] (`NONE` when it has none).
#[derive(Debug, Clone, Copy)]
struct Pair {
    a: u32,
    b: u32,
    agreements: u32,
}

/// `Pair::agreements` of a pair linked only through hubs.
const NONE: u32 = u32::MAX;

/// Country pairs sharing a hub or a direct agreement, heaviest first, then by the two ids.
/// Read them with [`CountryLinks::iter`].
#[derive(Debug, Clone, Default)]
pub struct CountryLinks<'g> {
    /// The countries, in id order: their positions are the numbers in `Pair`.
    countries: Vec<&'g Entity>,
    /// The hubs, in id order.
    hubs: Vec<&'g Entity>,
    /// Each country's hubs, by number, ascending.
    hubs_of: Vec<Vec<u32>>,
    /// Direct agreements (relation ids) of the pairs that have some.
    agreements: Vec<Vec<&'g str>>,
    /// The pairs of each weight (the index), each list in pair order.
    by_weight: Vec<Vec<Pair>>,
}

/// A pair of countries and what links them, read from [`CountryLinks`].
#[derive(Debug, Clone, Copy)]
pub struct CountryLink<'n, 'g> {
    links: &'n CountryLinks<'g>,
    pair: Pair,
    weight: usize,
}

impl<'n, 'g> CountryLink<'n, 'g> {
    /// One country (the smaller id).
    pub fn a(&self) -> &'g Entity {
        self.links.countries[self.pair.a as usize]
    }

    /// The other.
    pub fn b(&self) -> &'g Entity {
        self.links.countries[self.pair.b as usize]
    }

    /// Shared organizations and conventions, in id order.
    pub fn via(&self) -> impl Iterator<Item = &'g Entity> + 'n {
        let links = self.links;
        let (a, b) = (self.pair.a as usize, self.pair.b as usize);
        shared(&links.hubs_of[a], &links.hubs_of[b]).map(|hub| links.hubs[hub as usize])
    }

    /// Ids of direct cooperation relations between the two (joint declarations, MoUs).
    pub fn agreements(&self) -> &'n [&'g str] {
        self.links
            .agreements
            .get(self.pair.agreements as usize)
            .map_or(&[], Vec::as_slice)
    }

    /// Number of shared entities plus one per direct agreement.
    pub fn weight(&self) -> f64 {
        self.weight as f64
    }
}

impl<'g> CountryLinks<'g> {
    /// Number of pairs.
    pub fn len(&self) -> usize {
        self.by_weight.iter().map(Vec::len).sum()
    }

    /// Whether no two countries are linked.
    pub fn is_empty(&self) -> bool {
        self.by_weight.iter().all(Vec::is_empty)
    }

    /// The pairs, heaviest first, then by the two ids.
    pub fn iter(&self) -> impl Iterator<Item = CountryLink<'_, 'g>> + '_ {
        self.by_weight
            .iter()
            .enumerate()
            .rev()
            .flat_map(move |(weight, pairs)| {
                pairs.iter().map(move |&pair| CountryLink {
                    links: self,
                    pair,
                    weight,
                })
            })
    }
}

/// The hubs two countries share, ascending, from their own hubs, ascending.
fn shared<'s>(x: &'s [u32], y: &'s [u32]) -> impl Iterator<Item = u32> + 's {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        while let (Some(&p), Some(&q)) = (x.get(i), y.get(j)) {
            match p.cmp(&q) {
                Order::Less => i += 1,
                Order::Greater => j += 1,
                Order::Equal => {
                    i += 1;
                    j += 1;
                    return Some(p);
                }
            }
        }
        None
    })
}

/// Each country's hubs as bits, so that what two countries share is counted with a few
/// `and`s instead of a merge of their lists, whose branches the processor cannot predict.
struct HubBits {
    /// Words per country.
    words: usize,
    /// Every country's words, country after country.
    bits: Vec<u64>,
}

impl HubBits {
    fn new(hubs_of: &[Vec<u32>], hubs: usize) -> HubBits {
        let words = hubs.div_ceil(64);
        let mut bits = vec![0u64; words * hubs_of.len()];
        for (row, mine) in bits.chunks_exact_mut(words.max(1)).zip(hubs_of) {
            for &hub in mine {
                row[hub as usize / 64] |= 1 << (hub % 64);
            }
        }
        HubBits { words, bits }
    }

    /// The number of hubs countries `a` and `b` share.
    fn shared(&self, a: usize, b: usize) -> usize {
        let row = |c: usize| self.bits.get(c * self.words..(c + 1) * self.words);
        match (row(a), row(b)) {
            (Some(x), Some(y)) => x
                .iter()
                .zip(y)
                .map(|(p, q)| (p & q).count_ones() as usize)
                .sum(),
            _ => 0,
        }
    }
}

/// Country pairs sharing a hub or a direct agreement. `memberships` are (hub, country)
/// positions in the graph, `direct` each pair's (smaller position first) agreement relations.
/// Positions that name no entity are left out. `None` once `stop` is set.
///
/// Pairs are met country by country, the partners of each in number order, and dropped into
/// a list per weight: read from the heaviest list down, they come out in the order asked for,
/// without a sort. Weights are small integers (shared hubs plus agreements), so the lists are
/// few.
pub(super) fn country_links<'g>(
    graph: &'g KnowledgeGraph,
    mut memberships: Vec<(usize, usize)>,
    direct: BTreeMap<(usize, usize), Vec<&'g str>>,
    stop: &AtomicBool,
) -> Option<CountryLinks<'g>> {
    // Grouped by hub, each hub's members ascending; positions sort as ids do.
    memberships.sort_unstable();
    memberships.dedup();
    let mut positions: Vec<usize> = memberships
        .iter()
        .map(|&(_, c)| c)
        .chain(direct.keys().flat_map(|&(a, b)| [a, b]))
        .collect();
    positions.sort_unstable();
    positions.dedup();
    let (positions, countries): (Vec<usize>, Vec<&'g Entity>) = positions
        .into_iter()
        .filter_map(|at| Some((at, graph.entity_at(at)?)))
        .unzip();
    let n = countries.len();
    let number = |at: usize| positions.binary_search(&at).ok().map(|c| c as u32);
    // Each hub's members and each country's hubs, both ascending.
    let mut hubs: Vec<&'g Entity> = Vec::new();
    let mut hubs_of: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut members_of: Vec<Vec<u32>> = Vec::new();
    for group in memberships.chunk_by(|x, y| x.0 == y.0) {
        let Some(hub) = group.first().and_then(|&(at, _)| graph.entity_at(at)) else {
            continue;
        };
        let list: Vec<u32> = group.iter().filter_map(|&(_, c)| number(c)).collect();
        for &c in &list {
            hubs_of[c as usize].push(hubs.len() as u32);
        }
        hubs.push(hub);
        members_of.push(list);
    }
    let bits = HubBits::new(&hubs_of, hubs.len());
    // Each country's agreements with countries numbered after it, ascending (the map's keys
    // are in order, smaller first), as (partner, position in `agreements`).
    let mut agreed: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
    let mut agreements: Vec<Vec<&'g str>> = Vec::new();
    for ((a, b), list) in direct {
        if let (Some(a), Some(b)) = (number(a), number(b)) {
            agreed[a as usize].push((b, agreements.len() as u32));
            agreements.push(list);
        }
    }
    let mut by_weight: Vec<Vec<Pair>> = Vec::new();
    // `mark[b] == a` once `b` is among the partners of `a`, so nothing is cleared per country.
    let mut mark = vec![u32::MAX; n];
    let mut partners: Vec<u32> = Vec::new();
    for (a, mine) in hubs_of.iter().enumerate() {
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        let a32 = a as u32;
        let later_members: Vec<&[u32]> = mine
            .iter()
            .map(|&hub| {
                let list = &members_of[hub as usize];
                &list[list.partition_point(|&b| b <= a32)..]
            })
            .collect();
        let met: usize = later_members.iter().map(|l| l.len()).sum::<usize>() + agreed[a].len();
        partners.clear();
        if met * 2 >= n - a {
            // Linked to a good share of the countries after it: each of those is checked
            // (a few `and`s), which is cheaper than gathering and sorting the partners.
            partners.extend(a32 + 1..n as u32);
        } else {
            for &b in later_members
                .iter()
                .copied()
                .flatten()
                .chain(agreed[a].iter().map(|(b, _)| b))
            {
                if mark[b as usize] != a32 {
                    mark[b as usize] = a32;
                    partners.push(b);
                }
            }
            partners.sort_unstable();
        }
        let mut agreed_later = agreed[a].iter().peekable();
        for &b in &partners {
            let (agreed_on, at) = match agreed_later.next_if(|&&(p, _)| p == b) {
                Some(&(_, at)) => (agreements[at as usize].len(), at),
                None => (0, NONE),
            };
            let weight = agreed_on + bits.shared(a, b as usize);
            if weight == 0 {
                continue;
            }
            if by_weight.len() <= weight {
                by_weight.resize_with(weight + 1, Vec::new);
            }
            by_weight[weight].push(Pair {
                a: a32,
                b,
                agreements: at,
            });
        }
    }
    Some(CountryLinks {
        countries,
        hubs,
        hubs_of,
        agreements,
        by_weight,
    })
}
