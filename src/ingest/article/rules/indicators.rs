//! The indicator observations an article's relations imply, so that news can update a
//! country's posture after its profile: each observation is PRESENT, dated by the fact's date
//! (else the publication date) and backed by the relation's evidence.

use serde_json::json;

use crate::model::{IndicatorObservation, IndicatorStatus, PartialDate, RelationKind, Statement};

/// The indicator observations the statements imply, dated by the fact's date, else the
/// publication date: a criminal law → 1.1.1, another law → 1.1.2, a national CERT → 1.2.1, a
/// policy → 1.3.1, a designated agency → 1.3.3, membership of an international body → 1.5.4.
pub(crate) fn indicators(
    statements: &[Statement],
    names: &dyn Fn(&str) -> String,
    country: &str,
    published: Option<PartialDate>,
) -> Vec<IndicatorObservation> {
    let mut out: Vec<IndicatorObservation> = Vec::new();
    let own = |id: &str| id == country || id.split(':').nth(1) == country.strip_prefix("country:");
    for statement in statements {
        let code = match statement.kind {
            RelationKind::Enacted if statement.source == country => {
                let name = names(&statement.target).to_lowercase();
                if ["crime", "criminal", "penal", "cyber"]
                    .iter()
                    .any(|w| name.contains(w))
                {
                    "1.1.1"
                } else {
                    "1.1.2"
                }
            }
            RelationKind::HasCert
                if statement.source == country
                    && statement.qualifiers.get("role") == Some(&json!("NATIONAL")) =>
            {
                "1.2.1"
            }
            RelationKind::Adopted if statement.source == country => "1.3.1",
            RelationKind::HasAgency
                if statement.source == country
                    && statement.qualifiers.get("responsibility")
                        == Some(&json!("cybersecurity")) =>
            {
                "1.3.3"
            }
            RelationKind::MemberOf if own(&statement.source) => "1.5.4",
            _ => continue,
        };
        let entity = statement.target.clone();
        if out
            .iter()
            .any(|o| o.code == code && o.entities.contains(&entity))
        {
            continue;
        }
        out.push(IndicatorObservation {
            country: country.to_string(),
            code: code.to_string(),
            status: IndicatorStatus::Present,
            stage: None,
            date: statement.since.or(published),
            entities: vec![entity],
            evidence: statement.evidence.clone(),
        });
    }
    out
}
