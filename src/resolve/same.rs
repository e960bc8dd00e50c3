//! One node per thing: deciding when two names of one country's laws, teams or agencies are
//! the same thing.
//!
//! Spelling and format variants ("Cyber Security Policy" / "Cybersecurity Policy", "Defence"
//! / "Defense", "Criminal Code (*)", "Penal Code" / "Criminal Code") share a [`variant_key`]
//! and are merged: one entity whose aliases keep every variant. Pairs that only look alike
//! are not merged but listed by [`candidates`] with a score, for a person to judge (see
//! `judgements`). Works on extractions before the graph is built; knows no GraphQL.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Entity, EntityKind, Extraction};

/// Word spellings that name the same thing, folded to one.
const SPELLINGS: [(&str, &str); 17] = [
    ("defence", "defense"),
    ("centre", "center"),
    ("programme", "program"),
    ("organisation", "organization"),
    ("organisations", "organizations"),
    ("cyber security", "cybersecurity"),
    ("cyber-security", "cybersecurity"),
    ("cyber crime", "cybercrime"),
    ("cyber-crime", "cybercrime"),
    ("cyber crimes", "cybercrimes"),
    ("cyber space", "cyberspace"),
    ("licence", "license"),
    ("communications", "communication"),
    ("transactions", "transaction"),
    ("labour", "labor"),
    // One country has one criminal code, whichever word the text uses for it.
    ("penal code", "criminal code"),
    ("penal law", "criminal code"),
];

/// Words that carry no identity in a name.
const STOP: [&str; 12] = [
    "the", "of", "on", "and", "for", "to", "in", "a", "an", "de", "la", "&",
];

/// A pair of entities that may be one thing, with how alike they are (0 … 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The first entity's id (the smaller one).
    pub left: String,
    /// The second entity's id.
    pub right: String,
    /// How alike their names are, 0 … 1.
    pub score: f64,
    /// What makes them alike.
    pub reason: &'static str,
}

fn fold(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        '’' => '\'',
        c => c,
    }
}

/// The key under which spelling and format variants of one name meet: lower case,
/// diacritics folded, brackets, stars and punctuation gone, British and American spellings
/// and "cyber security"/"cybersecurity" made one, a leading "the" and the country's own name
/// ("Thailand Penal Code", "Criminal Code of Armenia") dropped.
pub fn variant_key(name: &str, country: &str) -> String {
    let lower: String = name.to_lowercase().chars().map(fold).collect();
    let spaced: String = lower
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut key = format!(
        " {} ",
        spaced.split_whitespace().collect::<Vec<_>>().join(" ")
    );
    for (from, to) in SPELLINGS {
        key = key.replace(&format!(" {from} "), &format!(" {to} "));
    }
    let country: String = country.to_lowercase().chars().map(fold).collect();
    if !country.trim().is_empty() {
        for form in [
            format!(" of {country} "),
            format!(" {country} s "),
            format!(" {country} "),
        ] {
            if key.contains(&form) && key.trim() != country {
                key = key.replacen(&form, " ", 1);
            }
        }
    }
    let key = key.trim();
    key.strip_prefix("the ").unwrap_or(key).to_string()
}

/// The words of a key that carry identity.
fn content_words(key: &str) -> BTreeSet<&str> {
    key.split(' ').filter(|w| !STOP.contains(w)).collect()
}

/// How alike two entities of one kind and country are, with the reason, when they may be one.
fn likeness(a: &Entity, b: &Entity, country: &str) -> Option<(f64, &'static str)> {
    let names = |e: &Entity| -> Vec<String> {
        std::iter::once(&e.name)
            .chain(&e.aliases)
            .map(|n| variant_key(n, country))
            .collect()
    };
    // "Statutory Law 1266" and "Statutory Law 1581" are two laws: numbers tell them apart.
    let digits = |e: &Entity| -> BTreeSet<String> {
        e.name
            .split(|c: char| !c.is_ascii_digit())
            .filter(|d| !d.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (da, db) = (digits(a), digits(b));
    if !da.is_empty() && !db.is_empty() && da != db {
        return None;
    }
    let (na, nb) = (names(a), names(b));
    let mut best: Option<(f64, &'static str)> = None;
    for x in &na {
        for y in &nb {
            let (wx, wy) = (content_words(x), content_words(y));
            if wx.is_empty() || wy.is_empty() {
                continue;
            }
            let shared = wx.intersection(&wy).count() as f64;
            let jaccard = shared / wx.union(&wy).count() as f64;
            let contained = shared / wx.len().min(wy.len()) as f64;
            let (score, reason) = if contained >= 1.0 && wx.len().min(wy.len()) >= 2 {
                (0.5 + jaccard / 2.0, "one name holds the other's words")
            } else {
                (jaccard, "shared words")
            };
            if score >= 0.5 && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, reason));
            }
        }
    }
    best
}

/// Replaces entity id `from` by `into` everywhere in an extraction: statements, mentions,
/// indicator observations; the entity `from` is folded into `into` (its names become
/// aliases).
pub fn merge_into(x: &mut Extraction, from: &str, into: &str) {
    if from == into {
        return;
    }
    let taken = x.entities.iter().position(|e| e.id == from);
    if let Some(at) = taken {
        let gone = x.entities.remove(at);
        match x.entities.iter_mut().find(|e| e.id == into) {
            Some(kept) => kept.merge(gone),
            None => {
                let mut moved = gone.clone();
                moved.id = into.to_string();
                moved.aliases.clear();
                moved.merge(gone);
                x.entities.push(moved);
            }
        }
    }
    for s in &mut x.statements {
        if s.source == from {
            s.source = into.to_string();
        }
        if s.target == from {
            s.target = into.to_string();
        }
    }
    // A statement that became a loop ("Article 5 of the Code" PART_OF the Code) or a copy of
    // another says nothing new.
    x.statements.retain(|s| s.source != s.target);
    let mut seen = BTreeSet::new();
    x.statements.retain(|s| {
        seen.insert((
            s.kind,
            s.source.clone(),
            s.target.clone(),
            format!("{:?}", s.evidence),
        ))
    });
    for (id, _) in &mut x.mentions {
        if id == from {
            *id = into.to_string();
        }
    }
    for observation in &mut x.indicators {
        for id in &mut observation.entities {
            if id == from {
                *id = into.to_string();
            }
        }
        observation.entities.dedup();
    }
}

/// Merges the variants of one name among a document's own entities (same kind, same
/// [`variant_key`], or one's acronym alias equal to the other's name); the first one read
/// keeps its id and name. A pair for which `kept_apart` holds (a person judged them
/// different) stays two entities. Returns the merged pairs, `(from, into)`.
pub fn merge_variants(
    x: &mut Extraction,
    country: &str,
    kept_apart: impl Fn(&str, &str) -> bool,
) -> Vec<(String, String)> {
    let mut keys: BTreeMap<(EntityKind, String), String> = BTreeMap::new();
    let mut merges = Vec::new();
    for e in &x.entities {
        if !e.kind.is_country_scoped() || e.kind == EntityKind::Country {
            continue;
        }
        let own: Vec<String> = std::iter::once(&e.name)
            .chain(&e.aliases)
            .map(|n| variant_key(n, country))
            .filter(|k| !k.is_empty())
            .collect();
        let hit = own
            .iter()
            .find_map(|k| keys.get(&(e.kind, k.clone())).cloned());
        match hit {
            Some(into) if into != e.id && !kept_apart(&e.id, &into) => {
                merges.push((e.id.clone(), into.clone()))
            }
            _ => {
                for k in own {
                    keys.entry((e.kind, k)).or_insert_with(|| e.id.clone());
                }
            }
        }
    }
    for (from, into) in &merges {
        merge_into(x, from, into);
    }
    merges
}

/// Pairs of entities of one kind and country that may be one thing but were not merged,
/// best first. `country_name` gives each country's name by ISO2, so "Thailand Penal Code"
/// compares as "Penal Code".
pub fn candidates<'a>(
    entities: impl IntoIterator<Item = &'a Entity>,
    country_name: impl Fn(&str) -> String,
) -> Vec<Candidate> {
    let mut groups: BTreeMap<(String, EntityKind), Vec<&Entity>> = BTreeMap::new();
    for e in entities {
        if let Some(country) = e.country.as_ref().filter(|_| e.kind != EntityKind::Country) {
            groups.entry((country.clone(), e.kind)).or_default().push(e);
        }
    }
    let mut out = Vec::new();
    for ((country, _), members) in &groups {
        let name = country_name(country);
        for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                if let Some((score, reason)) = likeness(a, b, &name) {
                    let (left, right) = if a.id < b.id { (a, b) } else { (b, a) };
                    out.push(Candidate {
                        left: left.id.clone(),
                        right: right.id.clone(),
                        score: (score * 100.0).round() / 100.0,
                        reason,
                    });
                }
            }
        }
    }
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.left.cmp(&b.left))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_share_a_key() {
        let k = |n: &str| variant_key(n, "Thailand");
        assert_eq!(
            k("National Cyber Security Policy"),
            k("National Cybersecurity Policy")
        );
        assert_eq!(
            k("Ministry of Defence (MoD )"),
            k("Ministry of Defense (MoD)")
        );
        assert_eq!(k("Thailand Penal Code"), k("Criminal Code"));
        assert_eq!(k("The Criminal Code"), k("criminal code"));
        assert_ne!(k("Computer Crime Act"), k("Act on Computer Crime"));
    }

    #[test]
    fn variants_merge_and_look_alikes_are_candidates() {
        let law = |id: &str, name: &str| {
            let mut e = Entity::new(id, EntityKind::Law, name);
            e.country = Some("TH".into());
            e
        };
        let mut x = Extraction {
            entities: vec![
                law("law:TH:penal-code", "Penal Code"),
                law("law:TH:thailand-penal-code", "Thailand Penal Code"),
                law("law:TH:computer-crime-act", "Computer Crime Act"),
                law(
                    "law:TH:act-on-computer-crime",
                    "Act on Computer Crime B.E.2550",
                ),
            ],
            ..Extraction::default()
        };
        let merged = merge_variants(&mut x.clone(), "Thailand", |_, _| false);
        let apart = |a: &str, b: &str| a.contains("thailand-penal") || b.contains("thailand-penal");
        assert!(merge_variants(&mut x.clone(), "Thailand", apart).is_empty());
        let merged_again = merge_variants(&mut x, "Thailand", |_, _| false);
        assert_eq!(merged, merged_again);
        assert_eq!(
            merged,
            vec![(
                "law:TH:thailand-penal-code".to_string(),
                "law:TH:penal-code".to_string()
            )]
        );
        assert!(x.entities[0]
            .aliases
            .contains(&"Thailand Penal Code".to_string()));
        let found = candidates(&x.entities, |_| "Thailand".to_string());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].left, "law:TH:act-on-computer-crime");
        assert!(found[0].score >= 0.5);
    }
}
