//! A readable account of what was read from a document: its date, entities, relations with
//! their evidence, indicators and the lines nothing read (`cyberkg ingest` prints it).

use crate::model::{count_by_kind, Extraction};

/// Appends a readable account of one extraction to `out`.
pub fn summarize(x: &Extraction, out: &mut String) {
    use std::fmt::Write as _;
    if let Some(doc) = &x.document {
        let date = doc
            .published
            .map(|d| d.to_string())
            .unwrap_or_else(|| "undated".into());
        let _ = writeln!(
            out,
            "{} ({}, {}, {date}{})",
            doc.id,
            doc.path.as_deref().unwrap_or("-"),
            doc.format.as_str(),
            if doc.published_inferred {
                " inferred"
            } else {
                ""
            }
        );
    }
    let counts: Vec<String> = count_by_kind(&x.entities)
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    let _ = writeln!(out, "  entities: {}", counts.join(", "));
    for e in &x.entities {
        let _ = writeln!(
            out,
            "    {} {:?}{}",
            e.id,
            e.name,
            if e.aliases.is_empty() {
                String::new()
            } else {
                format!(" aka {}", e.aliases.join(", "))
            }
        );
    }
    let _ = writeln!(out, "  relations: {}", x.statements.len());
    for s in &x.statements {
        let since = s.since.map(|d| format!(" since {d}")).unwrap_or_default();
        let q = if s.qualifiers.is_empty() {
            String::new()
        } else {
            format!(" {}", serde_json::Value::Object(s.qualifiers.clone()))
        };
        let _ = writeln!(out, "    {}{since}{q}", s.id());
        for ev in &s.evidence {
            let at = ev
                .section
                .as_deref()
                .map(|s| format!("§{s} "))
                .unwrap_or_default();
            let rule = ev
                .rule
                .as_deref()
                .map(|r| format!(" [{r} {:.2}]", ev.confidence))
                .unwrap_or_default();
            let _ = writeln!(out, "      {at}\"{}\"{rule}", ev.excerpt);
        }
    }
    if !x.indicators.is_empty() {
        let _ = writeln!(out, "  indicators:");
        for i in &x.indicators {
            let date = i.date.map(|d| d.to_string()).unwrap_or_default();
            let _ = writeln!(
                out,
                "    {:<6} {:?} {date} {}",
                i.code,
                i.status,
                i.entities.join(", ")
            );
        }
    }
    if x.statements.is_empty() && x.indicators.is_empty() {
        let _ = writeln!(out, "  nothing recognised: no named laws, policies, agencies, CERTs, memberships or dated events");
    }
    if x.unparsed.is_empty() {
        let _ = writeln!(out, "  unparsed lines: none");
    } else {
        let _ = writeln!(out, "  unparsed lines: {}", x.unparsed.len());
        for u in &x.unparsed {
            let _ = writeln!(out, "    line {}: {}", u.line, u.text);
        }
    }
}
