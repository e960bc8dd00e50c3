//! Graphviz DOT: a `digraph` with quoted ids, labels and attributes, every string escaped.

use std::fmt::Write as _;

use super::{EdgeAttributes, NodeAttributes};

/// A DOT double-quoted string: backslashes, quotes and line breaks escaped, tabs as spaces,
/// other control characters left out (a label cannot show them).
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

fn shape(kind: &str) -> &'static str {
    match kind {
        "COUNTRY" => "doubleoctagon",
        "LAW" | "POLICY" | "STANDARD" => "note",
        "AGENCY" => "box",
        "CERT" => "hexagon",
        "CONVENTION" => "tab",
        "ORGANIZATION" => "ellipse",
        "DOCUMENT" => "folder",
        _ => "box",
    }
}

pub(super) fn write(nodes: &[NodeAttributes], edges: &[EdgeAttributes]) -> String {
    let mut out = String::from(
        "digraph cyberkg {\n  graph [rankdir=LR];\n  node [fontname=\"Helvetica\"];\n",
    );
    for n in nodes {
        let _ = writeln!(
            out,
            "  {} [label={}, kind={}, shape={}];",
            quote(n.id),
            quote(n.label),
            quote(n.kind),
            shape(n.kind)
        );
    }
    for e in edges {
        let _ = writeln!(
            out,
            "  {} -> {} [id={}, label={}, kind={}, since={}, evidence={}, documents={}];",
            quote(e.source),
            quote(e.target),
            quote(e.id),
            quote(e.kind),
            quote(e.kind),
            quote(e.since.as_deref().unwrap_or("")),
            e.evidence_count,
            quote(&e.documents)
        );
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_escape_everything_dot_treats_specially() {
        assert_eq!(quote(r#"a "b" \c"#), r#""a \"b\" \\c""#);
        assert_eq!(quote("line\r\nnext"), "\"line\\nnext\"");
        assert_eq!(quote("bell\u{7}\tnul\u{0}"), "\"bell nul\"");
    }
}
