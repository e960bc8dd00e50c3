//! Synthetic ITU Cyberwellness Profiles for benchmarks: fictional but well-formed documents
//! in the real layout (title, background, sections 1.1.1 … 2.4, "Last updated on …").
//!
//! The first countries generated are the real ISO 3166 states (so their cooperation and
//! membership sentences resolve as in real profiles); past those, fictional states get codes
//! from the ranges ISO 3166-1 leaves to users (`XA`…, written `X` + four digits) and a side-car
//! naming them. Output is deterministic for a given seed. Imports only `model`-free std.

use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic generator (SplitMix64): reproducible data without a dependency whose
/// output could change between versions.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// A country to write a profile for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntheticCountry {
    /// ISO2 for real states; `X` + four digits for fictional ones.
    pub code: String,
    /// The name written in the title.
    pub name: String,
    /// Whether the code is a user-assigned one that needs a side-car.
    pub fictional: bool,
}

/// The first `n` countries: real ISO 3166 states first, then fictional ones.
pub fn countries(n: usize) -> Vec<SyntheticCountry> {
    let mut real: Vec<SyntheticCountry> = celes::Country::get_countries()
        .iter()
        .filter_map(|c| crate::resolve::country::resolve(c.alpha2))
        .map(|c| SyntheticCountry {
            code: c.iso2.to_string(),
            name: c.name.to_uppercase(),
            fictional: false,
        })
        .collect();
    real.sort_by(|a, b| a.code.cmp(&b.code));
    real.dedup_by(|a, b| a.code == b.code);
    let mut out: Vec<SyntheticCountry> = real.into_iter().take(n).collect();
    let mut i = 1;
    while out.len() < n {
        out.push(SyntheticCountry {
            code: format!("X{i:04}"),
            name: format!("REPUBLIC OF SYNTHETICA {i}"),
            fictional: true,
        });
        i += 1;
    }
    out
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const ORGS: [&str; 6] = [
    "ITU-IMPACT",
    "FIRST",
    "APCERT",
    "OIC-CERT",
    "AfricaCERT",
    "Trusted Introducer",
];
const LAWS: [&str; 8] = [
    "Computer Misuse Act",
    "Cybercrime Law",
    "Electronic Transactions Act",
    "Data Protection Act",
    "Penal Code",
    "Telecommunications Act",
    "Electronic Signatures Law",
    "Access to Information Act",
];

fn section(out: &mut String, code: &str, heading: &str, body: &str) {
    let _ = write!(out, "{code} {heading}\n\n{body}\n\n");
}

/// The text of one synthetic profile. `others` are the countries it may cooperate with.
pub fn profile_text(
    country: &SyntheticCountry,
    others: &[SyntheticCountry],
    rng_seed: u64,
) -> String {
    let mut rng = SplitMix(rng_seed);
    let short = country
        .name
        .split_whitespace()
        .last()
        .unwrap_or("STATE")
        .to_string();
    let display = title_case(&country.name);
    let mut out = format!(
        "CYBERWELLNESS PROFILE\n\n{}\n\nBACKGROUND\n\n",
        country.name
    );
    let population = 100_000 + rng.below(200_000_000);
    let _ = write!(
        out,
        "Total Population: {population}\n\n(data source: United Nations Statistics Division, December 2012)\n\n\
         Internet users, percentage of population: {}.{:02}%\n\n(data source: ITU Statistics, December 2013)\n\n",
        rng.below(99),
        rng.below(100)
    );
    out.push_str("1. CYBERSECURITY\n\n1.1 LEGAL MEASURES\n\n");
    let law =
        |rng: &mut SplitMix| format!("{} {}", LAWS[rng.below(LAWS.len())], 1995 + rng.below(20));
    let laws_or_none = |rng: &mut SplitMix, k: usize| -> String {
        if rng.chance(30) {
            "- None.".to_string()
        } else {
            (0..k)
                .map(|_| format!("- {}", law(rng)))
                .collect::<Vec<_>>()
                .join("\n")
        }
    };
    let criminal = laws_or_none(&mut rng, 1);
    section(&mut out, "1.1.1", "CRIMINAL LEGISLATION", &format!("Specific legislation on cybercrime has been enacted through the following instrument:\n\n{criminal}"));
    let k = 1 + rng.below(4);
    let regulation = laws_or_none(&mut rng, k);
    section(&mut out, "1.1.2", "REGULATION AND COMPLIANCE", &format!("Specific legislation and regulation related to cybersecurity has been enacted through the following instruments:\n\n{regulation}"));
    out.push_str("1.2 TECHNICAL MEASURES\n\n");
    let cirt = if rng.chance(60) {
        let team = format!("{}-CERT", &short.chars().take(4).collect::<String>());
        let mut text =
            format!("{display} has an officially recognized national CIRT known as {team}.");
        if rng.chance(30) {
            let _ = write!(
                text,
                " {}-GovCERT is the government CERT of {display}.",
                short.chars().take(3).collect::<String>()
            );
        }
        text
    } else {
        format!("{display} does not have any officially recognized national CIRT.")
    };
    section(&mut out, "1.2.1", "CIRT", &cirt);
    for (code, heading, yes, no) in [
        ("1.2.2", "STANDARDS", "has an officially approved national cybersecurity framework (NCSF) for implementing internationally recognized standards", "does not have any officially approved national or sector specific cybersecurity framework"),
        ("1.2.3", "CERTIFICATION", "has a framework for the certification of public sector professionals", "does not have any cybersecurity framework for the certification and accreditation of national agencies"),
    ] {
        let body = if rng.chance(30) { format!("{display} {yes}.") } else { format!("{display} {no}.") };
        section(&mut out, code, heading, &body);
    }
    out.push_str("1.3 ORGANIZATION MEASURES\n\n");
    let policy = if rng.chance(40) {
        format!(
            "{display} has an officially recognized National Cybersecurity Strategy {}.",
            2005 + rng.below(10)
        )
    } else {
        format!("{display} does not have an officially recognized national or sector-specific cybersecurity strategy.")
    };
    section(&mut out, "1.3.1", "POLICY", &policy);
    section(
        &mut out,
        "1.3.2",
        "ROADMAP FOR GOVERNANCE",
        &format!("There is no national governance roadmap for cybersecurity in {display}."),
    );
    let agency = if rng.chance(50) {
        format!("The Ministry of Information and Communications is the officially recognized agency responsible for cybersecurity in {display}.")
    } else {
        format!("There is no recognized agency for cybersecurity in {display}.")
    };
    section(&mut out, "1.3.3", "RESPONSIBLE AGENCY", &agency);
    section(&mut out, "1.3.4", "NATIONAL BENCHMARKING", &format!("{display} does not have any officially recognized national benchmarking or referential for measuring cybersecurity."));
    out.push_str("1.4 CAPACITY BUILDING\n\n");
    section(&mut out, "1.4.1", "STANDARDISATION DEVELOPMENT", "There is no officially recognized national or sector-specific research and development program or project for cybersecurity standards, best practices and guidelines.");
    let manpower = if rng.chance(40) {
        format!("The National Cyber Awareness Programme of {display} organizes seminars for the public sector.")
    } else {
        format!("There are no educational and professional training programs for raising awareness in {display}.")
    };
    section(&mut out, "1.4.2", "MANPOWER DEVELOPMENT", &manpower);
    section(&mut out, "1.4.3", "PROFESSIONAL CERTIFICATION", &format!("{display} does not have the exact number of public sector professionals certified under internationally recognized certification programs in cybersecurity."));
    section(&mut out, "1.4.4", "AGENCY CERTIFICATION", &format!("{display} does not have any certified government and public sector agencies certified under internationally recognized standards in cybersecurity."));
    out.push_str("1.5 COOPERATION\n\n");
    let partner = others
        .iter()
        .filter(|o| o.code != country.code && !o.fictional)
        .nth(
            rng.below(others.len().max(1))
                .min(others.len().saturating_sub(2)),
        );
    let cooperation = match partner {
        Some(p) if rng.chance(50) => format!(
            "{} and {display}, in a {}, agreed to strengthen cooperation between the law enforcement authorities of the two countries.",
            title_case(&p.name),
            rng.pick(&["joint declaration", "memorandum of understanding"])
        ),
        _ => "There is no framework to facilitate sharing of cybersecurity assets across borders or with other nation states.".to_string(),
    };
    section(&mut out, "1.5.1", "INTRA-STATE COOPERATION", &cooperation);
    section(&mut out, "1.5.2", "INTRA-AGENCY COOPERATION", &format!("{display} does not have an officially recognized national or sector-specific program for sharing cybersecurity assets within the public sector."));
    section(&mut out, "1.5.3", "PUBLIC SECTOR PARTNERSHIP", &format!("There is no officially recognized national or sector-specific program for sharing cybersecurity assets within the public and private sector in {display}."));
    let members: Vec<&str> = ORGS.iter().copied().filter(|_| rng.chance(35)).collect();
    let international = if members.is_empty() {
        format!("{display} is a member of the ITU-IMPACT initiative and has access to relevant cybersecurity services.")
    } else {
        format!("{display} is a member of {}.", members.join(" and "))
    };
    section(
        &mut out,
        "1.5.4",
        "INTERNATIONAL COOPERATION",
        &international,
    );
    out.push_str("2. CHILD ONLINE PROTECTION\n\n");
    let child = if rng.chance(40) {
        format!("- Section {} of the Penal Code.", 100 + rng.below(300))
    } else {
        "- None.".to_string()
    };
    section(&mut out, "2.1", "NATIONAL LEGISLATION", &format!("Specific legislation on child online protection has been enacted through the following instrument:\n\n{child}"));
    let mode = rng.pick(&["acceded", "ratified"]);
    section(
        &mut out,
        "2.2",
        "UN CONVENTION AND PROTOCOL",
        &format!(
            "{display} has {mode}, with no declarations or reservations to articles 16, 17(e) and 34(c), to the Convention on the Rights of the Child.\n\n\
             {display} has {mode}, with no declarations or reservations to articles 2 and 3, to the Optional Protocol to The Convention on the Rights of the Child on the Sale of Children, Child Prostitution and Child Pornography."
        ),
    );
    section(
        &mut out,
        "2.3",
        "INSTITUTIONAL SUPPORT",
        &format!("There is no agency responsible for child online protection in {display}."),
    );
    section(
        &mut out,
        "2.4",
        "REPORTING MECHANISM",
        &format!(
            "There is no website or hotline dedicated to child online protection in {display}."
        ),
    );
    let _ = writeln!(
        out,
        "Last updated on {}th {} {}",
        1 + rng.below(27),
        MONTHS[rng.below(12)],
        2014 + rng.below(2)
    );
    out
}

fn title_case(upper: &str) -> String {
    upper
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if i > 0 && matches!(lower.as_str(), "of" | "and" | "the") {
                lower
            } else {
                let mut c = lower.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Writes `n` profiles (and side-cars for fictional states) into `out`; returns the files written.
pub fn write_profiles(n: usize, out: &Path, seed: u64) -> std::io::Result<usize> {
    std::fs::create_dir_all(out)?;
    let all = countries(n);
    let mut written = 0;
    for (i, country) in all.iter().enumerate() {
        let file = out.join(format!("{:05}-{}.txt", i + 1, country.code.to_lowercase()));
        let text = profile_text(country, &all, seed.wrapping_add(i as u64));
        std::fs::write(&file, text)?;
        // A side-car where the title alone would not resolve: fictional states, and the few
        // real ones whose display name the resolver reads differently ("TÜRKIYE").
        let resolves =
            crate::resolve::country::resolve(&country.name).is_some_and(|c| c.iso2 == country.code);
        if country.fictional || !resolves {
            let meta = serde_json::json!({
                "country": country.code,
                "countryName": title_case(&country.name),
                "note": if country.fictional { "Fictional state generated for benchmarks." } else { "Generated for benchmarks." },
            });
            let mut side = file.clone().into_os_string();
            side.push(".meta.json");
            std::fs::write(
                side,
                serde_json::to_string_pretty(&meta).unwrap_or_default(),
            )?;
        }
        written += 1;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_states_come_first_then_fictional_ones() {
        let list = countries(260);
        assert_eq!(list.len(), 260);
        assert!(!list[0].fictional);
        assert_eq!(list.last().map(|c| c.fictional), Some(true));
        let mut codes: Vec<&str> = list.iter().map(|c| c.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 260, "codes are unique");
    }

    #[test]
    fn output_is_deterministic_for_a_seed() {
        let list = countries(3);
        assert_eq!(
            profile_text(&list[0], &list, 7),
            profile_text(&list[0], &list, 7)
        );
        assert_ne!(
            profile_text(&list[0], &list, 7),
            profile_text(&list[0], &list, 8)
        );
    }
}
