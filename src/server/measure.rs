//! What a parsed query holds, measured without the schema: its aliases, its deepest nesting
//! of fields, how many selections it writes. Each fragment is measured once however often it
//! is spread, so a document of nested spreads costs linear time to measure. Imports only the
//! parser's types.

use std::collections::HashMap;

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

/// What [`measure`] adds up over a selection.
#[derive(Clone, Copy)]
pub(super) enum Measure {
    /// Aliased fields.
    Aliases,
    /// The deepest nesting of fields (`{ a { b } }` is 2).
    Depth,
}

/// Nesting beyond which a selection is not walked further (the schema's recursion limit
/// refuses such a query anyway).
const MAX_LEVEL: usize = 64;

/// Adds `m` up over `set`, following fragments. Each fragment is measured once and its figure
/// reused wherever it is spread, so nested spreads (`F2 { ...F1 ...F1 }`, `F3 { ...F2 ...F2 }`
/// …) cost linear time, not exponential; a fragment spread inside itself counts 0 here and is
/// refused by validation.
fn measure<'d>(
    set: &'d SelectionSet,
    doc: &'d ExecutableDocument,
    m: Measure,
    fragments: &mut HashMap<&'d str, Option<u64>>,
    level: usize,
) -> u64 {
    if level > MAX_LEVEL {
        return 0;
    }
    let mut total = 0u64;
    for item in &set.items {
        let value = match &item.node {
            Selection::Field(f) => {
                let inner = measure(&f.node.selection_set.node, doc, m, fragments, level + 1);
                match m {
                    Measure::Aliases => inner.saturating_add(u64::from(f.node.alias.is_some())),
                    Measure::Depth => inner.saturating_add(1),
                }
            }
            Selection::InlineFragment(f) => {
                measure(&f.node.selection_set.node, doc, m, fragments, level + 1)
            }
            Selection::FragmentSpread(spread) => {
                let name = &spread.node.fragment_name.node;
                match (fragments.get(name.as_str()), doc.fragments.get(name)) {
                    (Some(known), _) => known.unwrap_or(0),
                    (None, None) => 0,
                    (None, Some(fragment)) => {
                        fragments.insert(name.as_str(), None);
                        let value = measure(
                            &fragment.node.selection_set.node,
                            doc,
                            m,
                            fragments,
                            level + 1,
                        );
                        fragments.insert(name.as_str(), Some(value));
                        value
                    }
                }
            }
        };
        total = match m {
            Measure::Depth => total.max(value),
            Measure::Aliases => total.saturating_add(value),
        };
    }
    total
}

/// `m` over the whole document: the largest over its operations (the sum for aliases).
pub(super) fn measure_document(doc: &ExecutableDocument, m: Measure) -> u64 {
    let mut fragments = HashMap::new();
    let per_operation = doc
        .operations
        .iter()
        .map(|(_, op)| measure(&op.node.selection_set.node, doc, m, &mut fragments, 0));
    match m {
        Measure::Aliases => per_operation.fold(0, u64::saturating_add),
        Measure::Depth => per_operation.max().unwrap_or(0),
    }
}

/// Selections written in the document (fragments not expanded): what its parsed form holds.
pub(super) fn written_nodes(set: &SelectionSet) -> u64 {
    set.items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(f) => 1 + written_nodes(&f.node.selection_set.node),
            Selection::InlineFragment(f) => 1 + written_nodes(&f.node.selection_set.node),
            Selection::FragmentSpread(_) => 1,
        })
        .sum()
}
