//! Entity resolution inside one article: mentions of one thing across sentences become one
//! draft ("Prevention of Electronic Crime Act (PECA), 2016" … "the PECA"), and each draft gets
//! the id the project's scheme derives from kind, country and acronym + year or name, so the
//! article lands on the node a profile or another article already made.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::dates::words;
use super::heads;
use super::mentions::{self, Found, Mention};
use super::source::Sentence;
use crate::ingest::gazetteer::Gazetteer;
use crate::model::{entity_id, slug, EntityKind, PartialDate};
use crate::resolve::country;

/// "a CERT council will be established": a body named in lower case by the act creating it.
pub(crate) static TO_BE_ESTABLISHED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:an?|the)\s+((?:[A-Z][\w-]*\s+)*(?:council|committee|authority|agency|board|centre|center|unit|team|forum))\s+(?:will|shall|would)\s+be\s+(?:established|set up|created|formed)",
    )
    .ok()
});

/// Short forms of country names common in news that the ISO table lacks, matched as written.
const SHORT_FORMS: [(&str, &str); 7] = [
    ("UK", "GB"),
    ("U.K.", "GB"),
    ("Britain", "GB"),
    ("Great Britain", "GB"),
    ("USA", "US"),
    ("U.S.", "US"),
    ("UAE", "AE"),
];

/// The countries named in `text` as `(start, iso2)`, left to right: ISO names and aliases, plus
/// a few short forms ("UK").
pub(crate) fn countries_named(text: &str) -> Vec<(usize, &'static str)> {
    let mut out: Vec<(usize, &'static str)> = country::find_in(text)
        .iter()
        .map(|m| (m.start, *m.value))
        .collect();
    for (form, iso2) in SHORT_FORMS {
        let mut from = 0;
        while let Some(at) = text.get(from..).and_then(|rest| rest.find(form)) {
            let start = from + at;
            let end = start + form.len();
            let before = text.get(..start).and_then(|t| t.chars().next_back());
            let after = text.get(end..).and_then(|t| t.chars().next());
            if before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric())
            {
                out.push((start, iso2));
            }
            from = end;
        }
    }
    out.sort();
    // `country::find_in` knows some of these short forms too.
    out.dedup();
    out
}

/// The country an ISO code set off inside a CERT acronym names: "CERT-RO", "AZ-CERT",
/// "CERT.br", "GovCERT.AT". Codes glued to the acronym ("GNCIRT" is Guyana's, not Guinea's)
/// are not read.
fn token_country(token: &str) -> Option<&'static str> {
    if token.contains(' ') {
        return None;
    }
    // "/CC" is a coordination centre ("CNCERT/CC"), not the Cocos Islands.
    let token = token.split('/').next().unwrap_or(token);
    let parts: Vec<&str> = token.split(['-', '.']).collect();
    if parts.len() < 2 {
        return None;
    }
    parts
        .iter()
        .filter(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()))
        .find_map(|p| {
            let upper = p.to_ascii_uppercase();
            SHORT_FORMS
                .iter()
                .find(|(form, _)| *form == upper)
                .map(|(_, iso2)| *iso2)
                .or_else(|| country::resolve(&upper).map(|c| c.iso2))
        })
}

/// A normalised key for matching mentions of one instrument: lower-case words, plural "s"
/// dropped, years, "the" and punctuation ignored ("CERT Rules – 2023" ~ "CERTs Rule").
pub(crate) fn match_key(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .filter(|w| w != "the" && !(w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())))
        .map(|w| w.strip_suffix('s').map(str::to_string).unwrap_or(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An entity being assembled from its mentions across the article.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    /// What it is.
    pub kind: EntityKind,
    /// The names it is written with, once per mention (counted for the display name).
    pub surfaces: Vec<String>,
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
    /// Written as a draft or bill somewhere in the article: never enacted or adopted by a
    /// dated or approval rule.
    pub draft: bool,
}

impl Draft {
    fn new(kind: EntityKind) -> Self {
        Self {
            kind,
            surfaces: Vec::new(),
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
        out
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
    }

    fn absorb(&mut self, mention: &Mention, sentence: usize) {
        self.surfaces.push(surface(mention));
        if mention.short_form.is_some() && !self.long_names.contains(&mention.name) {
            self.long_names.push(mention.name.clone());
        }
        if self.acronym.is_none() {
            self.acronym = mention.acronym.clone();
        }
        self.draft |= mention.draft;
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

fn mention_keys(mention: &Mention) -> Vec<String> {
    let mut keys = vec![match_key(&mention.name)];
    // "Infocomm Development Authority of Singapore" is also written without its country.
    if let Some((head, country)) = mention.name.rsplit_once(" of ") {
        if countries_named(country)
            .first()
            .is_some_and(|(at, _)| *at == 0)
        {
            keys.push(match_key(head));
        }
    }
    if let Some(short) = &mention.short_form {
        keys.push(match_key(short));
    }
    keys.retain(|k| !k.is_empty());
    keys
}

/// How a mention reads as a name: the year left out (it is kept apart), and a short form with
/// an inner plural acronym made singular ("CERTs Rule 2023" → "CERT Rule").
fn surface(mention: &Mention) -> String {
    let without_year = |s: &str| match PartialDate::find_year(s) {
        Some(y) => s
            .replace(&y.year_value().to_string(), "")
            .trim_end_matches([' ', '-', '–'])
            .trim()
            .to_string(),
        None => s.to_string(),
    };
    match &mention.short_form {
        Some(short) => {
            let mut words: Vec<String> = short.split_whitespace().map(str::to_string).collect();
            if let Some(first) = words.first_mut() {
                let singular = first
                    .strip_suffix('s')
                    .filter(|s| s.len() >= 2 && s.chars().all(|c| !c.is_lowercase()));
                if let Some(s) = singular {
                    *first = s.to_string();
                }
            }
            without_year(&words.join(" "))
        }
        None => without_year(&mention.name),
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
    let name = title_case(m.as_str());
    let kind = match heads::kind_of_name(&name) {
        Some(EntityKind::Cert) | None => EntityKind::Agency,
        Some(kind) => kind,
    };
    Some(Mention {
        start: m.start(),
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
            let word = words(&sentence.text).into_iter().find(|w| {
                let bare = w.bare.trim_end_matches("'s").trim_end_matches("’s");
                bare == acronym
                    && !placed
                        .iter()
                        .any(|p| p.start <= w.start && w.start < p.extent)
            });
            if let Some(word) = word {
                placed.push(Placed {
                    draft: at,
                    start: word.start,
                    extent: word.end,
                });
                if draft.mentions.last() != Some(&si) {
                    draft.mentions.push(si);
                }
            }
        }
        placed.sort_by_key(|p| p.start);
        placed_all.push(placed);
    }
    Resolution {
        drafts,
        placed: placed_all,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_keys_join_spellings_of_one_instrument() {
        assert_eq!(match_key("CERT Rules – 2023"), match_key("CERTs Rule"));
        assert_ne!(match_key("CERT Rules"), match_key("CERT Council"));
    }

    #[test]
    fn short_forms_of_countries_are_whole_words() {
        let found: Vec<&str> = countries_named("CERT-UK and the UK's Pakistan; UKTV")
            .iter()
            .map(|(_, c)| *c)
            .collect();
        assert_eq!(found, vec!["GB", "GB", "PK"]);
    }

    #[test]
    fn iso_codes_set_off_in_cert_acronyms_name_their_country() {
        assert_eq!(token_country("CERT-RO"), Some("RO"));
        assert_eq!(token_country("CERT.br"), Some("BR"));
        assert_eq!(token_country("KE-CIRT/CC"), Some("KE"));
        assert_eq!(token_country("CERT-UK"), Some("GB"));
        assert_eq!(token_country("GNCIRT"), None);
        assert_eq!(token_country("CNCERT/CC"), None);
        assert_eq!(token_country("Nam-CSIRT"), None);
    }
}
