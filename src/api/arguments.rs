//! Lists and texts given as arguments, bounded before any work is done with them: a client
//! may send a list as long as its request body, and work done per item of it (per relation
//! looked at, per name searched) would multiply by its length. Kinds are sets (duplicates
//! dropped), lists of countries or organizations at most as long as the graph has them, a
//! search text a few words. Each refusal names the argument.

use super::error::ApiError;
use super::scalars::{EntityKind, RelationKind};
use crate::model;

/// Longest search text, in characters.
pub const MAX_SEARCH_CHARS: usize = 200;

/// Relation kinds as a set, in the vocabulary's order.
pub(super) fn relation_kinds(kinds: Option<Vec<RelationKind>>) -> Option<Vec<model::RelationKind>> {
    kinds.map(|kinds| {
        let mut kinds: Vec<model::RelationKind> = kinds.into_iter().map(Into::into).collect();
        kinds.sort_unstable();
        kinds.dedup();
        kinds
    })
}

/// Entity kinds as a set, in the vocabulary's order.
pub(super) fn entity_kinds(kinds: Option<Vec<EntityKind>>) -> Option<Vec<model::EntityKind>> {
    kinds.map(|kinds| {
        let mut kinds: Vec<model::EntityKind> = kinds.into_iter().map(Into::into).collect();
        kinds.sort_unstable();
        kinds.dedup();
        kinds
    })
}

/// Refuses a list argument longer than `most` (at least 1).
pub(super) fn at_most<T>(argument: &str, items: &[T], most: usize) -> Result<(), ApiError> {
    let most = most.max(1);
    if items.len() > most {
        return Err(ApiError::BadUserInput(format!(
            "argument '{argument}' holds {} items; at most {most} (as many as the graph has)",
            items.len()
        )));
    }
    Ok(())
}

/// Refuses a search text longer than [`MAX_SEARCH_CHARS`].
pub(super) fn search_text(text: &str) -> Result<(), ApiError> {
    let chars = text.chars().count();
    if chars > MAX_SEARCH_CHARS {
        return Err(ApiError::BadUserInput(format!(
            "argument 'text' is {chars} characters long; at most {MAX_SEARCH_CHARS}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_sets_and_long_lists_are_refused_naming_the_argument() {
        let kinds = relation_kinds(Some(vec![RelationKind::MemberOf; 100_000]));
        assert_eq!(kinds.map(|k| k.len()), Some(1));
        let twice = entity_kinds(Some(vec![
            EntityKind::Law,
            EntityKind::Cert,
            EntityKind::Law,
        ]));
        assert_eq!(twice.map(|k| k.len()), Some(2));
        assert!(at_most("countries", &[1, 2, 3], 3).is_ok());
        let refused = at_most("countries", &[1, 2, 3, 4], 3);
        assert!(
            matches!(refused, Err(ApiError::BadUserInput(m)) if m.contains("'countries' holds 4"))
        );
        assert!(search_text(&"x".repeat(MAX_SEARCH_CHARS)).is_ok());
        assert!(search_text(&"x".repeat(MAX_SEARCH_CHARS + 1)).is_err());
    }
}
