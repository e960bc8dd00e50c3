//! The one cost model: what a query may cost on a snapshot, priced from its parsed form
//! before anything runs.
//!
//! Each field costs 1 plus its selection; a list multiplies what each item costs by how long
//! it can be — its page (`first`, with the schema's default when omitted), its `limit`, the
//! number of `ids`, or the stated bound of [`bounds`] measured on the snapshot (no list of
//! neighbours is longer than the largest degree in the graph). Every copy of a field counts,
//! arguments given as variables are read from the request or from the variables' defaults,
//! and traversals add what they can touch. Introspection is priced against the schema itself,
//! type by type. Imports `graph` (for the snapshot's sizes) and the schema; nothing of HTTP.

mod bounds;
mod intro;
mod shape;

use std::collections::HashMap;

use async_graphql::parser::types::{
    ExecutableDocument, Field, OperationDefinition, Selection, SelectionSet,
};
use async_graphql::{Name, Value, Variables};

pub(crate) use bounds::list_bound;
use intro::Intro;
use shape::{FieldShape, Shape, TypeShape};

use super::connection::{DEFAULT_PAGE, MAX_PAGE};
use crate::graph::Sizes;
use crate::query::ExploreLimits;

/// A price too high for any budget: what a walk that gave up reports.
pub const PRICELESS: u64 = u64::MAX / 4;

/// Nesting of selections and fragments beyond which pricing gives up (the depth limit and
/// the text's nesting limit refuse such queries anyway).
const MAX_LEVEL: usize = 64;

/// The largest `ids` list `nodes` accepts.
pub const MAX_IDS: u64 = 1_000;

/// Prices queries against one schema.
#[derive(Debug, Clone)]
pub struct CostModel {
    shape: Shape,
    explore: ExploreLimits,
}

impl CostModel {
    /// The cost model of this crate's schema served with `limits` (read from a copy of the
    /// schema without depth limits, which reading it needs).
    pub fn of_api(limits: crate::api::Limits) -> Result<CostModel, String> {
        let unlimited = crate::api::Limits {
            depth: usize::MAX,
            ..limits
        };
        Self::new(&crate::api::build_schema(unlimited, None), limits.explore)
    }

    /// The cost model of `schema`, whose traversals are capped by `explore`.
    pub fn new<Q, M, S>(
        schema: &async_graphql::Schema<Q, M, S>,
        explore: ExploreLimits,
    ) -> Result<CostModel, String>
    where
        Q: async_graphql::ObjectType + 'static,
        M: async_graphql::ObjectType + 'static,
        S: async_graphql::SubscriptionType + 'static,
    {
        Ok(CostModel {
            shape: shape::Shape::of(schema)?,
            explore,
        })
    }

    /// What `doc` costs with `variables` on a snapshot of `sizes`: the most any of its
    /// operations costs. Data fields are priced in time linear in the document (each fragment
    /// once); introspection, priced type by type, stops as soon as it passes `budget` (the
    /// price is then [`PRICELESS`]), so a document built to make pricing slow cannot.
    pub fn price(
        &self,
        doc: &ExecutableDocument,
        variables: &Variables,
        sizes: &Sizes,
        budget: u64,
    ) -> u64 {
        let mut most = 0;
        for (_, operation) in doc.operations.iter() {
            let root = match operation.node.ty {
                async_graphql::parser::types::OperationType::Query => Some(&self.shape.query),
                async_graphql::parser::types::OperationType::Mutation => {
                    self.shape.mutation.as_ref()
                }
                async_graphql::parser::types::OperationType::Subscription => {
                    self.shape.subscription.as_ref()
                }
            };
            let Some(root) = root else { continue };
            let mut walk = Walk {
                model: self,
                doc,
                sizes,
                variables,
                defaults: defaults(&operation.node),
                fragments: HashMap::new(),
                budget,
                walked: 0,
            };
            let cost = walk.set(&operation.node.selection_set.node, root, 0);
            most = most.max(cost);
        }
        most
    }

    /// The list fields of the schema (not introspection's) that have neither a paging
    /// argument nor a stated bound: empty when every list is priced.
    pub fn unbounded_lists(&self) -> Vec<String> {
        let sizes = Sizes::default();
        let mut missing = Vec::new();
        for (name, ty) in &self.shape.types {
            if name.starts_with("__") {
                continue;
            }
            for field in &ty.fields {
                let paged = ["first", "limit", "ids"]
                    .iter()
                    .any(|a| field.arg(a).is_some());
                if field.ty.is_list() && !paged && self.bound(name, &field.name, &sizes).is_none() {
                    missing.push(format!("{name}.{}", field.name));
                }
            }
        }
        missing
    }

    /// The stated bound of list `field` of type `ty`: its own, else the one stated for the
    /// `Entity` interface when `ty` implements it.
    fn bound(&self, ty: &str, field: &str, sizes: &Sizes) -> Option<u64> {
        let implements = |t: &TypeShape| t.interfaces.iter().any(|i| i == "Entity");
        list_bound(ty, field, sizes, &self.explore).or_else(|| {
            self.shape
                .get(ty)
                .filter(|t| implements(t))
                .and_then(|_| list_bound("Entity", field, sizes, &self.explore))
        })
    }
}

/// The default values of an operation's variables.
fn defaults(operation: &OperationDefinition) -> HashMap<Name, Value> {
    operation
        .variable_definitions
        .iter()
        .filter_map(|v| {
            let default = v.node.default_value.as_ref()?;
            Some((v.node.name.node.clone(), default.node.clone()))
        })
        .collect()
}

/// One operation being priced.
struct Walk<'a> {
    model: &'a CostModel,
    doc: &'a ExecutableDocument,
    sizes: &'a Sizes,
    variables: &'a Variables,
    defaults: HashMap<Name, Value>,
    /// Fragments already priced (on data types, where a fragment's price does not depend on
    /// where it is spread), so nested spreads cost linear time.
    fragments: HashMap<&'a str, u64>,
    budget: u64,
    /// Steps of the walk itself, bounded by `budget`.
    walked: u64,
}

impl<'a> Walk<'a> {
    /// The value of argument `name` of `field`: as written, with variables read from the
    /// request or their defaults; else the schema's default.
    fn argument(&self, field: &Field, def: &FieldShape, name: &str) -> Option<Value> {
        let given = self.given(field, name);
        given.or_else(|| def.arg(name).and_then(|a| a.default.clone()))
    }

    /// The value of argument `name` as `field` gives it, variables read from the request or
    /// their defaults.
    fn given(&self, field: &Field, name: &str) -> Option<Value> {
        field.get_argument(name).and_then(|v| {
            v.node
                .clone()
                .into_const_with(|var| {
                    self.variables
                        .get(&var)
                        .or_else(|| self.defaults.get(&var))
                        .cloned()
                        .ok_or(())
                })
                .ok()
        })
    }

    fn int_argument(&self, field: &Field, def: &FieldShape, name: &str) -> Option<u64> {
        match self.argument(field, def, name) {
            Some(Value::Number(n)) => Some(n.as_u64().unwrap_or(0)),
            _ => None,
        }
    }

    /// How many items field `def` of `parent` yields at most, as asked by `field`: its page
    /// (never more than the field's bound, when it has one), else its bound.
    fn multiplier(&self, parent: &str, field: &Field, def: &FieldShape) -> u64 {
        let asked = self.asked(field, def);
        let bound = self.model.bound(parent, &def.name, self.sizes);
        match (asked, bound) {
            (Some(asked), Some(bound)) => asked.min(bound),
            (Some(asked), None) => asked,
            (None, Some(bound)) => bound,
            (None, None) if def.ty.is_list() => {
                // A list this model does not know is priced as long as the graph (and a
                // test fails until it has a bound of its own).
                self.sizes.entities.max(1) as u64
            }
            (None, None) => 1,
        }
        .max(1)
    }

    /// The page size `field` asks of a paged field (`first`, `limit`, `ids`); `None` when the
    /// field is not paged.
    fn asked(&self, field: &Field, def: &FieldShape) -> Option<u64> {
        if def.arg("first").is_some() {
            let first = self.int_argument(field, def, "first");
            return Some(
                first
                    .unwrap_or(DEFAULT_PAGE as u64)
                    .clamp(1, MAX_PAGE as u64),
            );
        }
        if def.arg("limit").is_some() {
            let limit = self.int_argument(field, def, "limit").unwrap_or(1);
            return Some(limit.clamp(1, self.model.explore.max_paths as u64));
        }
        if def.arg("ids").is_some() {
            let ids = match self.argument(field, def, "ids") {
                Some(Value::List(ids)) => ids.len() as u64,
                _ => 1,
            };
            return Some(ids.clamp(1, MAX_IDS));
        }
        None
    }

    /// What a traversal can touch before it answers: the nodes and relations it may visit.
    fn traversal(&self, parent: &str, field: &Field, def: &FieldShape) -> u64 {
        let sizes = self.sizes;
        let degree = sizes.max_degree.max(1) as u64;
        let reach = |steps: u64| {
            // 1 + d + d² + … nodes within `steps`, at most the whole graph or the cap.
            let cap = sizes.entities.min(self.model.explore.max_nodes) as u64;
            let mut total = 1u64;
            let mut ring = 1u64;
            for _ in 0..steps.min(16) {
                ring = ring.saturating_mul(degree);
                total = total.saturating_add(ring);
            }
            total.min(cap)
        };
        let touched = |nodes: u64| {
            nodes.saturating_add(nodes.saturating_mul(degree).min(sizes.relations as u64))
        };
        match (parent, def.name.as_str()) {
            ("Query", "neighborhood") => {
                touched(reach(self.int_argument(field, def, "depth").unwrap_or(1)))
            }
            // Each path is one search from the start, as far as `maxLength` allows.
            ("Query", "paths") => touched(reach(
                self.int_argument(field, def, "maxLength").unwrap_or(1),
            )),
            ("Query", "cooperationNetwork") => (sizes.entities + sizes.relations) as u64,
            ("Subgraph", "export") => {
                (sizes.entities.min(self.model.explore.max_nodes) + sizes.relations) as u64
            }
            _ => 0,
        }
    }

    /// The price of `set`, asked of an object of type `ty`.
    fn set(&mut self, set: &'a SelectionSet, ty: &str, level: usize) -> u64 {
        if level > MAX_LEVEL {
            return PRICELESS;
        }
        let mut total = 0u64;
        for item in &set.items {
            let cost = match &item.node {
                Selection::Field(field) => self.field(&field.node, ty, level),
                Selection::InlineFragment(fragment) => {
                    let on = fragment
                        .node
                        .type_condition
                        .as_ref()
                        .map_or(ty, |c| c.node.on.node.as_str())
                        .to_string();
                    self.set(&fragment.node.selection_set.node, &on, level + 1)
                }
                Selection::FragmentSpread(spread) => {
                    self.spread(&spread.node.fragment_name.node, level)
                }
            };
            total = total.saturating_add(cost);
        }
        total
    }

    /// The price of a spread of fragment `name` (on a data type): priced once, reused.
    fn spread(&mut self, name: &'a Name, level: usize) -> u64 {
        if let Some(&known) = self.fragments.get(name.as_str()) {
            return known;
        }
        let Some(fragment) = self.doc.fragments.get(name) else {
            return 0;
        };
        // A fragment spread inside itself is refused by validation; meanwhile it costs 0.
        self.fragments.insert(name.as_str(), 0);
        let on = fragment.node.type_condition.node.on.node.to_string();
        let cost = self.set(&fragment.node.selection_set.node, &on, level + 1);
        self.fragments.insert(name.as_str(), cost);
        cost
    }

    /// The price of one field asked of an object of type `ty`.
    fn field(&mut self, field: &'a Field, ty: &str, level: usize) -> u64 {
        let name = field.name.node.as_str();
        let model = self.model;
        match name {
            "__typename" => return 1,
            "__schema" => {
                return 1u64.saturating_add(self.intro(
                    &field.selection_set.node,
                    Intro::Schema,
                    level + 1,
                ))
            }
            "__type" => {
                let wanted = match self.given(field, "name") {
                    Some(Value::String(s)) => s,
                    _ => String::new(),
                };
                let Some((named, _)) = model.shape.types.iter().find(|(n, _)| *n == wanted) else {
                    return 1;
                };
                return 1u64.saturating_add(self.intro(
                    &field.selection_set.node,
                    Intro::Named(named),
                    level + 1,
                ));
            }
            _ => {}
        }
        // Unknown fields are refused by validation; priced as one meanwhile.
        let Some(def) = model.shape.field(ty, name) else {
            return 1;
        };
        let items = &field.selection_set.node;
        let inner = if items.items.is_empty() {
            0
        } else {
            self.set(items, def.ty.named(), level + 1)
        };
        let each = inner.saturating_add(1);
        let multiplier = self.multiplier(ty, field, def);
        multiplier
            .saturating_mul(each)
            .saturating_add(self.traversal(ty, field, def))
    }
}

#[cfg(test)]
mod tests;
