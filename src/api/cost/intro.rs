//! Introspection priced against the schema itself, type by type: `__schema { types { fields
//! { args { type { … } } } } }` costs what the schema makes it, and a document that would
//! make pricing itself slow (each level multiplying by the number of implementers) stops as
//! soon as its price passes the budget.

use async_graphql::parser::types::{Field, Selection, SelectionSet};

use super::shape::{FieldShape, TypeRef, TypeShape};
use super::{Walk, MAX_LEVEL, PRICELESS};

/// Where the walk is in introspection: which part of the schema a `__Type`, `__Field` …
/// object describes.
#[derive(Clone, Copy)]
pub(super) enum Intro<'s> {
    Schema,
    Type(&'s TypeRef),
    Named(&'s str),
    Field(&'s FieldShape),
    Input(&'s TypeRef),
    Directive(usize),
    Leaf,
}

impl<'a> Walk<'a> {
    /// The price of `set` asked of the introspection object `at`: each list is as long as the
    /// schema makes it, type by type.
    pub(super) fn intro(&mut self, set: &'a SelectionSet, at: Intro<'a>, level: usize) -> u64 {
        if level > MAX_LEVEL {
            return PRICELESS;
        }
        let mut total = 0u64;
        for item in &set.items {
            let cost = match &item.node {
                Selection::Field(field) => self.intro_field(&field.node, at, level),
                Selection::InlineFragment(fragment) => {
                    self.intro(&fragment.node.selection_set.node, at, level + 1)
                }
                Selection::FragmentSpread(spread) => {
                    match self.doc.fragments.get(&spread.node.fragment_name.node) {
                        Some(fragment) => {
                            self.intro(&fragment.node.selection_set.node, at, level + 1)
                        }
                        None => 0,
                    }
                }
            };
            total = total.saturating_add(cost);
            self.walked = self.walked.saturating_add(1);
            if total > self.budget || self.walked > self.budget {
                return PRICELESS;
            }
        }
        total
    }

    /// The price of one field of an introspection object.
    fn intro_field(&mut self, field: &'a Field, at: Intro<'a>, level: usize) -> u64 {
        let shape = &self.model.shape;
        let sel = &field.selection_set.node;
        let name = field.name.node.as_str();
        // Sums `each` over `parts`, one plus the part's own price each.
        let over = |walk: &mut Self, parts: Vec<Intro<'a>>| -> u64 {
            let mut total = 1u64;
            for part in parts {
                total = total
                    .saturating_add(1)
                    .saturating_add(walk.intro(sel, part, level + 1));
                if total > walk.budget {
                    return PRICELESS;
                }
            }
            total
        };
        let named_type = |at: Intro<'a>| -> Option<(&'a str, &'a TypeShape)> {
            let name = match at {
                Intro::Named(n) => n,
                Intro::Type(TypeRef::Named(n)) => n.as_str(),
                _ => return None,
            };
            shape
                .types
                .iter()
                .find(|(n, _)| n == name)
                .map(|(n, t)| (n.as_str(), t))
        };
        match (at, name) {
            (_, "__typename") => 1,
            (Intro::Schema, "types") => {
                let parts = shape
                    .types
                    .iter()
                    .map(|(n, _)| Intro::Named(n.as_str()))
                    .collect();
                over(self, parts)
            }
            (Intro::Schema, "queryType") => over(self, vec![Intro::Named(shape.query.as_str())]),
            (Intro::Schema, "mutationType") => over(
                self,
                shape
                    .mutation
                    .iter()
                    .map(|m| Intro::Named(m.as_str()))
                    .collect(),
            ),
            (Intro::Schema, "subscriptionType") => over(
                self,
                shape
                    .subscription
                    .iter()
                    .map(|s| Intro::Named(s.as_str()))
                    .collect(),
            ),
            (Intro::Schema, "directives") => over(
                self,
                (0..shape.directives.len()).map(Intro::Directive).collect(),
            ),
            (Intro::Type(TypeRef::List(inner) | TypeRef::NonNull(inner)), "ofType") => {
                over(self, vec![Intro::Type(inner)])
            }
            (Intro::Type(_) | Intro::Named(_), "fields") => match named_type(at) {
                Some((_, t)) => over(self, t.fields.iter().map(Intro::Field).collect()),
                None => 1,
            },
            (Intro::Type(_) | Intro::Named(_), "interfaces") => match named_type(at) {
                Some((_, t)) => over(
                    self,
                    t.interfaces
                        .iter()
                        .map(|i| Intro::Named(i.as_str()))
                        .collect(),
                ),
                None => 1,
            },
            (Intro::Type(_) | Intro::Named(_), "possibleTypes") => match named_type(at) {
                Some((_, t)) => over(
                    self,
                    t.possible
                        .iter()
                        .map(|p| Intro::Named(p.as_str()))
                        .collect(),
                ),
                None => 1,
            },
            (Intro::Type(_) | Intro::Named(_), "enumValues") => match named_type(at) {
                Some((_, t)) => over(self, vec![Intro::Leaf; t.enum_values]),
                None => 1,
            },
            (Intro::Type(_) | Intro::Named(_), "inputFields") => match named_type(at) {
                Some((_, t)) => over(
                    self,
                    t.input_fields.iter().map(|f| Intro::Input(&f.ty)).collect(),
                ),
                None => 1,
            },
            (Intro::Field(f), "args") => {
                over(self, f.args.iter().map(|a| Intro::Input(&a.ty)).collect())
            }
            (Intro::Field(f), "type") => over(self, vec![Intro::Type(&f.ty)]),
            (Intro::Input(ty), "type") => over(self, vec![Intro::Type(ty)]),
            (Intro::Directive(d), "args") => match shape.directives.get(d) {
                Some(directive) => over(
                    self,
                    directive.args.iter().map(|a| Intro::Input(&a.ty)).collect(),
                ),
                None => 1,
            },
            (Intro::Directive(d), "locations") => {
                1 + shape.directives.get(d).map_or(0, |x| x.locations as u64)
            }
            _ if sel.items.is_empty() => 1,
            // An object field this walk does not follow (none in the spec): priced by its
            // selection once.
            _ => over(self, vec![Intro::Leaf]),
        }
    }
}
