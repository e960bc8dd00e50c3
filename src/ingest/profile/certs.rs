//! Section 1.2.1: the country's CIRTs, each a separate entity with its role ("a government
//! CERT (GovCert.CZ) and a national CSIRT (CSIRT.CZ)"), whether it is officially recognised,
//! and the contact addresses given for it. How names are found is in `cert_names`.

use serde_json::json;

use super::cert_names::{cert_names, emails_in, roles_in, CertName};
use super::cooperation::membership;
use super::items::Item;
use super::reader::{is_negative, KindRule, SectionReader};
use crate::model::{EntityKind, RelationKind};

/// Leading words that do not make a CERT stop opening its sentence.
const OPENERS: [&str; 6] = ["The", "Therefore", "However", "Also", "Currently", "Thus"];

/// What one section says about one CERT.
struct CertFacts {
    name: CertName,
    role: Option<&'static str>,
    recognized: bool,
    item: usize,
    /// Contact addresses given for it.
    emails: Vec<String>,
}

impl SectionReader<'_> {
    pub(super) fn read_certs(&mut self, items: &[Item]) -> Vec<String> {
        let mut facts: Vec<CertFacts> = Vec::new();
        let mut named = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let emails = emails_in(&item.text);
            let names = self.certs_of_item(item);
            if names.is_empty() {
                // "- csirtuk@cpni.gsi.gov.uk" under "-CSIRTUK (Critical Infrastructure)".
                if let Some(last) = facts.last_mut().filter(|_| item.bullet) {
                    last.emails.extend(emails);
                }
                named.extend(self.orgs_named_with_certs(item));
                continue;
            }
            let recognized = format!("{} {}", item.context, item.text)
                .to_lowercase()
                .contains("officially recogni");
            let mut previous: Option<(usize, Option<&'static str>)> = None;
            for cert in names {
                let role = role_for(item, &cert, previous);
                previous = Some((cert.end, role));
                match facts.iter_mut().find(|f| f.name.answers_to(&cert)) {
                    Some(known) => {
                        if known.role.is_none() && role.is_some() {
                            known.role = role;
                            known.item = index;
                        }
                        known.recognized |= recognized;
                    }
                    None => facts.push(CertFacts {
                        name: cert,
                        role,
                        recognized,
                        item: index,
                        emails: Vec::new(),
                    }),
                }
            }
            // An address in the sentence naming one team is that team's.
            if let Some(last) = facts.last_mut() {
                last.emails.extend(emails);
            }
            named.extend(self.orgs_named_with_certs(item));
        }
        for fact in &facts {
            let Some(item) = items.get(fact.item) else {
                continue;
            };
            named.push(self.add_cert(fact, item));
        }
        named
    }

    /// CERT names in an item; for a list entry without a CERT-style name, the entry's name
    /// itself when the list introduces CERTs ("few sectorial CERT: - CYBER-INT (…)").
    fn certs_of_item(&self, item: &Item) -> Vec<CertName> {
        let names: Vec<CertName> = cert_names(&item.text, &item.links)
            .into_iter()
            .filter(|c| self.gazetteer.lookup(&c.name).is_none())
            .filter(|c| !c.name.eq_ignore_ascii_case(&self.country.name))
            .collect();
        if !names.is_empty() || !item.bullet || !cert_names(&item.context, &[]).is_empty() {
            return names;
        }
        let lists_certs = ["CERT", "CIRT", "CSIRT"]
            .iter()
            .any(|w| item.context.contains(w));
        let head = item.text.split('(').next().unwrap_or("").trim();
        let is_a_name = head
            .split_whitespace()
            .all(|w| w.starts_with(char::is_uppercase) || matches!(w, "of" | "and" | "for"));
        if lists_certs && is_a_name && !head.is_empty() && head.split_whitespace().count() <= 4 {
            return vec![CertName {
                name: head.to_string(),
                alias: None,
                start: 0,
                end: head.len(),
            }];
        }
        Vec::new()
    }

    fn add_cert(&mut self, fact: &CertFacts, item: &Item) -> String {
        let aliases: Vec<String> = fact.name.alias.iter().cloned().collect();
        let rule = KindRule::Fixed(EntityKind::Cert);
        let (id, kind) = self.entity_with(&fact.name.name, rule, &aliases, item);
        self.add_emails(&id, &fact.emails);
        let relation = self.country_relation(kind);
        let country_id = self.country_id.clone();
        let statement = self.relate(relation, &country_id, &id, item);
        if relation == RelationKind::HasCert {
            if let Some(role) = fact.role {
                statement.qualifiers.insert("role".into(), json!(role));
            }
            statement
                .qualifiers
                .insert("recognized".into(), json!(fact.recognized));
        }
        id
    }

    /// Records contact addresses on a team's entity (attribute `emails`).
    pub(super) fn add_emails(&mut self, id: &str, emails: &[String]) {
        let Some(entity) = self.out.entities.iter_mut().find(|e| e.id == id) else {
            return;
        };
        for email in emails {
            let list = entity
                .attributes
                .entry("emails")
                .or_insert_with(|| json!([]));
            if let Some(list) = list.as_array_mut() {
                if !list.iter().any(|e| e == email.as_str()) {
                    list.push(json!(email));
                }
            }
        }
    }

    /// Regional teams and networks named beside the country's CERTs ("a member of the
    /// Pacific Regional CIRT (PacCERT)", "RU-CERT is the part of … FIRST"): a membership of
    /// the country or of the CERT the sentence opens with.
    fn orgs_named_with_certs(&mut self, item: &Item) -> Vec<String> {
        let lower = item.text.to_lowercase();
        let belongs = ["member", "part of", "affiliated"]
            .iter()
            .any(|w| lower.contains(w));
        if !belongs || is_negative(&item.text) {
            return Vec::new();
        }
        let Some(relation) = membership(&item.text) else {
            return Vec::new();
        };
        let known: Vec<String> = self
            .known_in(&item.text)
            .into_iter()
            .filter(|k| k.kind == EntityKind::Organization)
            .map(|k| k.id)
            .collect();
        let members = self.members_in(&item.text, item);
        for id in &known {
            self.out.mentions.push((id.clone(), self.evidence(item)));
            for member in &members {
                self.relate(relation, member, id, item);
            }
        }
        known
    }
}

/// The role of a CERT: the nearest role word before it in its clause; for a CERT opening the
/// sentence, the first after it ("PISA-CERT is Pakistan's first public CERT"); for the second
/// of "X and Y", X's role; for a list entry, the one role its introduction names.
fn role_for(
    item: &Item,
    cert: &CertName,
    previous: Option<(usize, Option<&'static str>)>,
) -> Option<&'static str> {
    let text = &item.text;
    let from = previous.map_or(0, |(end, _)| end.min(cert.start));
    let before = text.get(from..cert.start).unwrap_or("");
    if let Some(role) = roles_in(before).last() {
        return Some(role);
    }
    let before = before
        .split_whitespace()
        .skip_while(|w| OPENERS.contains(&w.trim_end_matches(',')))
        .collect::<Vec<_>>()
        .join(" ");
    let only_joined = before.split_whitespace().all(|w| {
        matches!(
            w.trim_matches([',', '(', ')']),
            "" | "and" | "&" | "the" | "as" | "well"
        )
    });
    if let (Some((_, role)), true) = (previous, only_joined) {
        return role;
    }
    if before.chars().any(char::is_alphabetic) {
        return None;
    }
    if let Some(role) = roles_in(text.get(cert.end..).unwrap_or("")).first() {
        return Some(role);
    }
    let context_roles = roles_in(&item.context);
    match context_roles.as_slice() {
        [one] if item.bullet => Some(one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cert_gets_the_role_of_its_own_clause() {
        let item = |text: &str| Item {
            line: 1,
            text: text.into(),
            links: vec![],
            bullet: false,
            context: String::new(),
        };
        let roles = |text: &str| {
            let it = item(text);
            let mut previous = None;
            cert_names(text, &[])
                .into_iter()
                .map(|c| {
                    let r = role_for(&it, &c, previous);
                    previous = Some((c.end, r));
                    (c.name, r)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            roles("Israel has an officially recognized national CIRT (CERT GOVIL) and an academic network CERT (IUCC-CERT)."),
            [("CERT GOVIL".to_string(), Some("NATIONAL")), ("IUCC-CERT".to_string(), Some("ACADEMIC"))]
        );
        assert_eq!(
            roles("PISA-CERT is Pakistan's first public CERT."),
            [("PISA-CERT".to_string(), Some("PUBLIC"))]
        );
        assert_eq!(
            roles("The national computer incident response teams are the CERT-GOV-GE and CERT-MOD-GOV."),
            [("CERT-GOV-GE".to_string(), Some("NATIONAL")), ("CERT-MOD-GOV".to_string(), Some("NATIONAL"))]
        );
    }
}
