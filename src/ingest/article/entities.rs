//! Entity resolution inside one article: mentions of one thing across sentences become one
//! draft ("Prevention of Electronic Crime Act (PECA), 2016" … "the PECA"), and each draft gets
//! the id the project's scheme derives from kind, country and acronym + year or name, so the
//! article lands on the node a profile or another article already made.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::coref;
use super::dates::words;
use super::heads;
use super::keys::{bill_became_act, mention_keys, surface, token_country};
use super::mentions::{self, Found, Mention};
use super::source::Sentence;
use crate::ingest::gazetteer::Gazetteer;
use crate::model::{entity_id, slug, EntityKind, PartialDate};

pub(crate) use super::keys::countries_named;

/// "a CERT council will be established": a body named in lower case by the act creating it.
pub(crate) static TO_BE_ESTABLISHED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:an?|the)\s+((?:[A-Z][\w-]*\s+)*(?:council|committee|authority|agency|board|centre|center|unit|team|forum))\s+(?:will|shall|would)\s+be\s+(?:established|set up|created|formed)",
    )
    .ok()
});

/// An entity being assembled from its mentions across the article.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    /// What it is.
    pub kind: EntityKind,
    /// The names it is written with, once per mention (counted for the display name).
    pub surfaces: Vec<String>,
    /// The same, each spelling once.
    spellings: Vec<String>,
    /// The acronym defined for it.
    pub acronym: Option<String>,
    /// The date written with a law or policy (its year goes into the id).
    pub date: Option<PartialDate>,
    /// A period written with it ("2024–2029").
    pub period: Option<String>,
    keys: Vec<String>,
    /// The sentences it is mentioned in.
    pub mentions: Vec<usize>,
    /// Long names with an inner acronym ("Computer Emergency Response Teams Rule 2023").
    pub long_names: Vec<String>,
    /// The gazetteer's id and name, for international bodies.
    pub global: Option<(String, String)>,
    /// The country its own name places it in, when that is not the article's ("CERT-UK").
    pub country: Option<&'static str>,
    /// Made from lower-case words by a rule ("a CERT council will be established").
    pub rule_made: bool,
    /// Written only as a draft or bill in the article: enacted at most with `draft: true`.
    /// A bill also named as an act ("Cyber Security Bill" … "Cyber Security Act 2023") is
    /// not a draft: the act is what it became.
    pub draft: bool,
    /// Named at least once as not a draft.
    named_in_force: bool,
}

impl Draft {
    fn new(kind: EntityKind) -> Self {
        Self {
            kind,
            surfaces: Vec::new(),
            spellings: Vec::new(),
            acronym: None,
            date: None,
            period: None,
            keys: Vec::new(),
            mentions: Vec::new(),
            long_names: Vec::new(),
            global: None,
            country: None,
            rule_made: false,
            draft: false,
            named_in_force: false,
        }
    }

    /// The name written most often; the earliest on a tie. Laws and policies carry their year.
    pub fn display_name(&self) -> String {
        if let Some((_, name)) = &self.global {
            return name.clone();
        }
        let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for (i, s) in self.surfaces.iter().enumerate() {
            counts.entry(s.as_str()).or_insert((0, i)).0 += 1;
        }
        let best = counts
            .iter()
            .max_by_key(|(_, (n, first))| (*n, std::cmp::Reverse(*first)))
            .map(|(s, _)| s.to_string())
            .unwrap_or_default();
        match self.date {
            Some(date) if PartialDate::find_year(&best).is_none() && self.dated_kind() => {
                format!("{best} {}", date.year_value())
            }
            _ => best,
        }
    }

    /// Aliases: the acronym, the other spellings, long forms. A singular spelling is left out
    /// when the plural is written too ("CERT Rule" beside "CERT Rules").
    pub fn aliases(&self) -> Vec<String> {
        let mut out: Vec<String> = self.acronym.iter().cloned().collect();
        for s in self.surfaces.iter().chain(&self.long_names) {
            let plural = format!("{s}s");
            if !self.surfaces.contains(&plural) && !out.contains(s) {
                out.push(s.clone());
            }
        }
        // "Ministry of Electronics and Information Technology of India" is also written
        // without its country.
        let distinct: Vec<String> = self.distinct_surfaces().cloned().collect();
        for s in distinct {
            if let Some((head, country)) = s.rsplit_once(" of ") {
                let whole = countries_named(country).first().is_some_and(|(at, _)| {
                    country
                        .get(..*at)
                        .is_some_and(|t| t.trim().is_empty() || t.trim() == "the")
                });
                if whole && !out.iter().any(|o| o == head) {
                    out.push(head.to_string());
                }
            }
        }
        out
    }

    /// Each spelling once (surfaces hold one per mention), so per-spelling work stays linear
    /// in the article.
    fn distinct_surfaces(&self) -> impl Iterator<Item = &String> {
        self.spellings.iter()
    }

    fn dated_kind(&self) -> bool {
        matches!(
            self.kind,
            EntityKind::Law | EntityKind::Policy | EntityKind::Standard
        )
    }

    /// The id: acronym + year, acronym, or display name, scoped to `iso2` for country-scoped
    /// kinds: `law:PK:peca-2016`, `agency:PK:moitt`, `cert:BN:brucert`, `org:first`.
    pub fn id(&self, iso2: Option<&str>) -> String {
        if let Some((id, _)) = &self.global {
            return id.clone();
        }
        let year = self.date.filter(|_| self.dated_kind());
        let base = match (&self.acronym, year) {
            (Some(acronym), Some(year)) => format!("{acronym} {}", year.year_value()),
            (Some(acronym), None) => acronym.clone(),
            _ => self.display_name(),
        };
        let scope = self
            .kind
            .is_country_scoped()
            .then_some(self.country.or(iso2))
            .flatten();
        match scope {
            Some(_) => entity_id(self.kind, scope, &base),
            None => format!("{}:{}", self.kind.id_prefix(), slug(&base)),
        }
    }

    fn matches(&self, mention: &Mention) -> bool {
        if let Some((id, _)) = &mention.global {
            return self.global.as_ref().is_some_and(|(g, _)| g == id);
        }
        if self.global.is_some() || self.kind != mention.kind {
            return false;
        }
        // "Strategy 2011" and "Strategy 2016" are two instruments.
        if let (Some(a), Some(b)) = (self.date, mention.date) {
            if a.year_value() != b.year_value() {
                return false;
            }
        }
        let keys = mention_keys(mention);
        self.keys.iter().any(|k| keys.contains(k))
            || mention.acronym.is_some() && self.acronym == mention.acronym
            || self.kind == EntityKind::Law
                && self
                    .distinct_surfaces()
                    .any(|s| bill_became_act(s, &mention.name) || bill_became_act(&mention.name, s))
    }

    fn absorb(&mut self, mention: &Mention, sentence: usize) {
        let spelling = surface(mention);
        if !self.spellings.contains(&spelling) {
            self.spellings.push(spelling.clone());
        }
        self.surfaces.push(spelling);
        if mention.short_form.is_some() && !self.long_names.contains(&mention.name) {
            self.long_names.push(mention.name.clone());
        }
        if self.acronym.is_none() {
            self.acronym = mention.acronym.clone();
        }
        self.named_in_force |= !mention.draft;
        self.draft = (self.draft || mention.draft) && !self.named_in_force;
        self.date = self.date.or(mention.date);
        self.period = self.period.clone().or(mention.period.clone());
        if self.global.is_none() {
            self.global = mention.global.clone();
        }
        for key in mention_keys(mention) {
            if !self.keys.contains(&key) {
                self.keys.push(key);
            }
        }
        if self.mentions.last() != Some(&sentence) {
            self.mentions.push(sentence);
        }
        if self.country.is_none() && self.kind.is_country_scoped() {
            self.country = countries_named(&mention.name)
                .first()
                .map(|(_, c)| *c)
                .or_else(|| token_country(&mention.name));
        }
    }
}

/// A mention resolved to a draft, where it stands in its sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Placed {
    /// Index into the drafts.
    pub draft: usize,
    /// Byte offset of the name.
    pub start: usize,
    /// Byte offset after the name with its acronym and date.
    pub extent: usize,
}

/// The article's entities and where each sentence mentions them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolution {
    /// One per entity.
    pub drafts: Vec<Draft>,
    /// Per sentence, its mentions left to right.
    pub placed: Vec<Vec<Placed>>,
}

fn title_case(words: &str) -> String {
    words
        .split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "a CERT council will be established" as a mention of "CERT Council".
fn to_be_established(sentence: &str) -> Option<Mention> {
    let caps = TO_BE_ESTABLISHED.as_ref()?.captures(sentence)?;
    let m = caps.get(1)?;
    // The body's own words follow the last article or conjunction ("the gazette mentions that
    // the agency will be formed"); "the agency" alone refers to a body already named.
    let phrase = m.as_str();
    let stops = ["the", "a", "an", "that", "which", "this", "its"];
    let mut offset = 0;
    for word in words(phrase) {
        if stops.contains(&word.bare.to_lowercase().as_str()) {
            offset = word.end;
        }
    }
    let own = phrase.get(offset..).unwrap_or(phrase).trim();
    if !own.contains(char::is_whitespace) {
        return None;
    }
    let start = m.start() + (m.as_str().len() - own.len());
    let name = title_case(own);
    let kind = match heads::kind_of_name(&name) {
        Some(EntityKind::Cert) | None => EntityKind::Agency,
        Some(kind) => kind,
    };
    Some(Mention {
        start,
        end: m.end(),
        extent: m.end(),
        name,
        kind,
        acronym: None,
        short_form: None,
        global: None,
        date: None,
        period: None,
        found: Found::Rule,
        draft: false,
    })
}

/// Resolves the mentions of every sentence to drafts.
pub(crate) fn resolve(
    sentences: &[Sentence],
    gazetteer: &Gazetteer,
    published: Option<PartialDate>,
) -> Resolution {
    let mut drafts: Vec<Draft> = Vec::new();
    let mut placed_all = Vec::new();
    for (si, sentence) in sentences.iter().enumerate() {
        let (mut found, same) = mentions::find(&sentence.text, gazetteer, published);
        if let Some(made) = to_be_established(&sentence.text) {
            if !found
                .iter()
                .any(|m| m.start < made.end && made.start < m.end)
            {
                found.push(made);
            }
        }
        let mut placed: Vec<Placed> = Vec::new();
        let mut assigned: Vec<Option<usize>> = vec![None; found.len()];
        for (mi, mention) in found.iter().enumerate() {
            let same_as = same
                .iter()
                .find(|(_, b)| *b == mi)
                .and_then(|(a, _)| assigned.get(*a).copied().flatten());
            let at = match same_as.or_else(|| drafts.iter().position(|d| d.matches(mention))) {
                Some(at) => at,
                None => {
                    let mut draft = Draft::new(mention.kind);
                    draft.rule_made = mention.found == Found::Rule;
                    drafts.push(draft);
                    drafts.len() - 1
                }
            };
            assigned[mi] = Some(at);
            drafts[at].absorb(mention, si);
            placed.push(Placed {
                draft: at,
                start: mention.start,
                extent: mention.extent,
            });
        }
        // Bare acronyms defined earlier ("the PECA").
        for (at, draft) in drafts.iter_mut().enumerate() {
            let Some(acronym) = draft.acronym.clone() else {
                continue;
            };
            if placed.iter().any(|p| p.draft == at) {
                continue;
            }
            let free = |start: usize| !placed.iter().any(|p| p.start <= start && start < p.extent);
            // An acronym of several words ("BGD e-Gov CIRT") is found as written.
            let span = if acronym.contains(' ') {
                sentence
                    .text
                    .match_indices(acronym.as_str())
                    .map(|(at, _)| (at, at + acronym.len()))
                    .find(|(at, _)| free(*at))
            } else {
                words(&sentence.text)
                    .into_iter()
                    .find(|w| {
                        let bare = w.bare.trim_end_matches("'s").trim_end_matches("’s");
                        bare == acronym && free(w.start)
                    })
                    .map(|w| (w.start, w.end))
            };
            if let Some((start, end)) = span {
                placed.push(Placed {
                    draft: at,
                    start,
                    extent: end,
                });
                if draft.mentions.last() != Some(&si) {
                    draft.mentions.push(si);
                }
            }
        }
        // "the Act", "this decree", "the university": the entity named last with that head.
        placed.sort_by_key(|p| p.start);
        for r in coref::references(&sentence.text, si, &placed, &placed_all, &drafts) {
            if let Some(draft) = drafts.get_mut(r.draft) {
                if draft.mentions.last() != Some(&si) {
                    draft.mentions.push(si);
                }
            }
            placed.push(r);
        }
        placed.sort_by_key(|p| p.start);
        placed_all.push(placed);
    }
    Resolution {
        drafts,
        placed: placed_all,
    }
}
