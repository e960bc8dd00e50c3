//! Resolving country names to ISO 3166-1 codes.
//!
//! Names come in official long forms ("ISLAMIC REPUBLIC OF PAKISTAN", "Plurinational State of
//! Bolivia", "Korea (Rep. of)", "SUDAN (REPUBLIC OF)"). The `celes` crate supplies the ISO
//! table, names and aliases; this module adds only the prefix stripping, the inversion of a
//! trailing "(… OF)" and the few aliases the table lacks.

use std::sync::LazyLock;

use celes::{Country, LookupTable};

use super::phrases::{PhraseIndex, PhraseMatch};

/// A resolved country.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountryCode {
    /// ISO 3166-1 alpha-2.
    pub iso2: &'static str,
    /// ISO 3166-1 alpha-3.
    pub iso3: &'static str,
    /// A readable short name ("Pakistan", "United Kingdom of Great Britain and Northern Ireland").
    pub name: String,
}

/// Long-form prefixes that do not change which country is meant.
const PREFIXES: &[&str] = &[
    "the",
    "islamicrepublicof",
    "republicof",
    "kingdomof",
    "stateof",
    "federalrepublicof",
    "federaldemocraticrepublicof",
    "democraticrepublicof",
    "federationof",
    "principalityof",
    "commonwealthof",
    "plurinationalstateof",
    "bolivarianrepublicof",
    "unitedrepublicof",
    "independentstateof",
    "sultanateof",
    "hashemitekingdomof",
    "peoplesrepublicof",
    "grandduchyof",
    "orientalrepublicof",
    "socialistrepublicof",
    "arabrepublicof",
    "cooperativerepublicof",
    "federalstatesof",
    "federatedstatesof",
];

/// Names the ISO table does not know, as normalised keys (lower-case letters only).
const ALIASES: &[(&str, &str)] = &[
    ("korearepof", "KR"),
    ("republicofkorea", "KR"),
    ("southkorea", "KR"),
    ("democraticpeoplesrepublicofkorea", "KP"),
    ("northkorea", "KP"),
    ("laopeoplesdemocraticrepublic", "LA"),
    ("laos", "LA"),
    ("hongkong", "HK"),
    ("hongkongchina", "HK"),
    ("hongkongsarchina", "HK"),
    ("cotedivoire", "CI"),
    ("ivorycoast", "CI"),
    ("capeverde", "CV"),
    ("swaziland", "SZ"),
    ("russia", "RU"),
    ("syria", "SY"),
    ("macedonia", "MK"),
    ("formeryugoslavrepublicofmacedonia", "MK"),
    ("democraticrepublicofthecongo", "CD"),
    ("congodrc", "CD"),
    ("congo", "CG"),
    ("vietnam", "VN"),
    ("micronesia", "FM"),
    ("palestine", "PS"),
    // Official long forms that are not "<prefix> of <short name>".
    ("argentinerepublic", "AR"),
    ("kyrgyzrepublic", "KG"),
    ("portugueserepublic", "PT"),
    // "DEMOCRATIC REPUBLIC OF CONGO" must not lose its prefix and become the Republic of the
    // Congo.
    ("democraticrepublicofcongo", "CD"),
    // Abbreviations and short forms texts use for two states: "the US", "U.S.", "the UK".
    ("us", "US"),
    ("usa", "US"),
    ("unitedstatesofamerica", "US"),
    ("uk", "GB"),
    ("britain", "GB"),
    ("greatbritain", "GB"),
];

fn key(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'ô' | 'Ô' => 'o',
            'é' | 'É' => 'e',
            'ç' => 'c',
            'ã' => 'a',
            _ => c,
        })
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

fn by_key(key: &str) -> Option<Country> {
    if let Some((_, iso2)) = ALIASES.iter().find(|(k, _)| *k == key) {
        return Country::from_alpha2(iso2).ok();
    }
    if key.len() > 3 {
        key.parse::<Country>()
            .ok()
            .or_else(|| Country::from_alias(key).ok())
            .or_else(|| Country::from_name(key).ok())
            .or_else(|| Country::from_name(format!("the{key}")).ok())
    } else {
        None
    }
}

fn display_name(country: &Country) -> String {
    let name = country
        .long_name
        .strip_prefix("The ")
        .unwrap_or(country.long_name);
    name.split(' ')
        .enumerate()
        .map(|(i, w)| match w {
            "Of" | "And" | "The" if i > 0 => w.to_ascii_lowercase(),
            _ => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn code(country: Country) -> CountryCode {
    CountryCode {
        iso2: country.alpha2,
        iso3: country.alpha3,
        name: display_name(&country),
    }
}

/// Resolves an ISO2 or ISO3 code, or any name, short or official, to a country.
pub fn resolve(name: &str) -> Option<CountryCode> {
    resolve_exactly(name).or_else(|| resolve_exactly(&inverted(name)?))
}

/// A name in reading order: "SUDAN (REPUBLIC OF)" → "REPUBLIC OF SUDAN"; other names as they
/// are.
pub fn natural_order(name: &str) -> String {
    inverted(name).unwrap_or_else(|| name.to_string())
}

/// "SUDAN (REPUBLIC OF)" → "REPUBLIC OF SUDAN": a form of indexes and lists.
fn inverted(name: &str) -> Option<String> {
    let (head, rest) = name.trim().split_once('(')?;
    let inner = rest.trim().strip_suffix(')')?.trim();
    let ends_with_of = inner
        .rsplit(' ')
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("of"));
    ends_with_of.then(|| format!("{inner} {}", head.trim()))
}

fn resolve_exactly(name: &str) -> Option<CountryCode> {
    let trimmed = name.trim();
    let upper = trimmed.to_ascii_uppercase();
    match trimmed.len() {
        // Not a code ("UK"): maybe an abbreviation, looked up below.
        2 => {
            if let Ok(country) = Country::from_alpha2(&upper) {
                return Some(code(country));
            }
        }
        3 if trimmed.chars().all(|c| c.is_ascii_alphabetic()) => {
            if let Ok(country) = Country::from_alpha3(&upper) {
                return Some(code(country));
            }
        }
        _ => {}
    }
    let mut k = key(trimmed);
    loop {
        if let Some(country) = by_key(&k) {
            return Some(code(country));
        }
        let stripped = PREFIXES
            .iter()
            .find_map(|p| k.strip_prefix(p).filter(|rest| rest.len() > 3));
        match stripped {
            Some(rest) => k = rest.to_string(),
            None => return None,
        }
    }
}

/// Whether `code` is one ISO 3166-1 leaves to users (`AA`, `QM`–`QZ`, `XA`–`XZ`, `ZZ`, as
/// Kosovo's `XK`), or the benchmark generator's `X` and four digits.
fn is_user_assigned(code: &str) -> bool {
    let b = code.as_bytes();
    match b {
        [b'A', b'A'] | [b'Z', b'Z'] => true,
        [b'Q', c] => (b'M'..=b'Z').contains(c),
        [b'X', c] => c.is_ascii_uppercase(),
        [b'X', rest @ ..] => rest.len() == 4 && rest.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

/// A country outside ISO 3166 named by a side-car: a user-assigned `code` and its `name`.
///
/// Codes are interned once each (a handful per data set), so the same `&'static str` type
/// serves ISO and user-assigned codes alike.
pub fn user_assigned(code: &str, name: &str) -> Option<CountryCode> {
    static INTERNED: std::sync::OnceLock<
        std::sync::Mutex<std::collections::BTreeSet<&'static str>>,
    > = std::sync::OnceLock::new();
    let code = code.trim().to_ascii_uppercase();
    if !is_user_assigned(&code) || name.trim().is_empty() {
        return None;
    }
    let mut set = INTERNED.get_or_init(Default::default).lock().ok()?;
    let interned: &'static str = match set.get(code.as_str()) {
        Some(existing) => existing,
        None => {
            let leaked: &'static str = Box::leak(code.into_boxed_str());
            set.insert(leaked);
            leaked
        }
    };
    Some(CountryCode {
        iso2: interned,
        iso3: interned,
        name: name.trim().to_string(),
    })
}

/// Every country by its readable names, for finding countries named in prose.
static NAMES: LazyLock<PhraseIndex<&'static str>> = LazyLock::new(|| {
    let mut entries = Vec::new();
    let names: Vec<String> = Country::get_countries()
        .iter()
        .map(|c| display_name(c).to_lowercase())
        .collect();
    for country in Country::get_countries() {
        entries.push((display_name(&country), country.alpha2));
        for alias in country.aliases.iter() {
            // An alias that is another state's own name ("Samoa" for American Samoa) would
            // shadow that state; the name wins.
            let alias = split_camel(alias);
            let own = display_name(&country).to_lowercase();
            if alias.to_lowercase() != own && names.contains(&alias.to_lowercase()) {
                continue;
            }
            entries.push((alias, country.alpha2));
        }
    }
    for (name, iso2) in [
        ("Korea", "KR"),
        ("Republic of Korea", "KR"),
        ("Russia", "RU"),
        ("Iran", "IR"),
        ("Syria", "SY"),
        ("Vietnam", "VN"),
        ("Viet Nam", "VN"),
        ("Laos", "LA"),
        ("Bolivia", "BO"),
        ("Venezuela", "VE"),
        ("Tanzania", "TZ"),
        ("Moldova", "MD"),
        ("United States", "US"),
        ("United Kingdom", "GB"),
        ("Czech Republic", "CZ"),
        ("US", "US"),
        ("U.S.", "US"),
        ("U.S.A.", "US"),
        ("USA", "US"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("Britain", "GB"),
        ("Great Britain", "GB"),
    ] {
        entries.push((name.to_string(), iso2));
    }
    PhraseIndex::new(entries)
});

fn split_camel(alias: &str) -> String {
    let mut out = String::new();
    for (i, c) in alias.chars().enumerate() {
        if i > 0 && c.is_uppercase() {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// The countries named in `text`, as ISO2 codes with the matched words, left to right.
pub fn find_in(text: &str) -> Vec<PhraseMatch<'_, &'static str>> {
    NAMES.find_all(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_codes_and_official_long_forms() {
        let iso2 = |n: &str| resolve(n).map(|c| c.iso2);
        assert_eq!(iso2("ISLAMIC REPUBLIC OF PAKISTAN"), Some("PK"));
        assert_eq!(iso2("REPUBLIC OF TAJIKISTAN"), Some("TJ"));
        assert_eq!(iso2("pk"), Some("PK"));
        assert_eq!(iso2("TJK"), Some("TJ"));
        assert_eq!(iso2("Plurinational State of Bolivia"), Some("BO"));
        assert_eq!(iso2("Korea (Rep. of)"), Some("KR"));
        assert_eq!(iso2("Democratic People's Republic of Korea"), Some("KP"));
        assert_eq!(iso2("Côte d'Ivoire"), Some("CI"));
        assert_eq!(iso2("Hong Kong"), Some("HK"));
        assert_eq!(iso2("SUDAN (REPUBLIC OF)"), Some("SD"));
        assert_eq!(iso2("MICRONESIA (FEDERAL STATES OF)"), Some("FM"));
        assert_eq!(iso2("CO-OPERATIVE REPUBLIC OF GUYANA"), Some("GY"));
        assert_eq!(iso2("DEMOCRATIC REPUBLIC OF CONGO"), Some("CD"));
        assert_eq!(iso2("REPUBLIC OF CONGO"), Some("CG"));
        assert_eq!(iso2("KYRGYZ REPUBLIC"), Some("KG"));
        assert_eq!(iso2("Atlantis"), None);
        assert_eq!(resolve("PK").map(|c| c.name), Some("Pakistan".to_string()));
    }

    #[test]
    fn user_assigned_codes_need_a_name_and_a_reserved_range() {
        assert_eq!(
            user_assigned("XK", "Kosovo").map(|c| (c.iso2, c.name)),
            Some(("XK", "Kosovo".to_string()))
        );
        assert_eq!(
            user_assigned("X0042", "Synthetica 42").map(|c| c.iso2),
            Some("X0042")
        );
        assert!(user_assigned("FR", "Not France").is_none());
        assert!(user_assigned("XK", " ").is_none());
        assert!(user_assigned("X12", "Short").is_none());
    }

    #[test]
    fn a_state_is_not_shadowed_by_another_territory_alias() {
        let found: Vec<&str> = find_in("safety campaigns in Samoa")
            .iter()
            .map(|m| *m.value)
            .collect();
        assert_eq!(found, vec!["WS"]);
        let found: Vec<&str> = find_in("American Samoa").iter().map(|m| *m.value).collect();
        assert_eq!(found, vec!["AS"]);
    }

    #[test]
    fn finds_countries_named_in_prose() {
        let found: Vec<&str> = find_in("China and Tajikistan, in a joint declaration, agreed")
            .iter()
            .map(|m| *m.value)
            .collect();
        assert_eq!(found, vec!["CN", "TJ"]);
        let found: Vec<&str> = find_in("partners with the US, Israel and the UK; U.S. and Britain")
            .iter()
            .map(|m| *m.value)
            .collect();
        assert_eq!(found, vec!["US", "IL", "GB", "US", "GB"]);
        assert_eq!(resolve("UK").map(|c| c.iso2), Some("GB"));
        assert_eq!(resolve("U.S.").map(|c| c.iso2), Some("US"));
    }
}
