//! The schema as the cost model sees it: each type's fields with their argument defaults and
//! return types (list or not), interfaces and their implementers, enum values, input fields
//! and directives. Read once from the schema's own introspection (the public, stable view of
//! it, which also describes the introspection types themselves).

use std::collections::HashMap;

use async_graphql::{ObjectType, SubscriptionType};
use futures_util::FutureExt;
use serde::Deserialize;

/// A type as a field or argument declares it: a name wrapped in lists and non-null markers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TypeRef {
    /// A named type.
    Named(String),
    /// A list of the inner type.
    List(Box<TypeRef>),
    /// The inner type, never null.
    NonNull(Box<TypeRef>),
}

impl TypeRef {
    /// The named type inside the wrappers.
    pub(crate) fn named(&self) -> &str {
        match self {
            TypeRef::Named(name) => name,
            TypeRef::List(inner) | TypeRef::NonNull(inner) => inner.named(),
        }
    }

    /// Whether the value is a list (under its non-null marker, if any).
    pub(crate) fn is_list(&self) -> bool {
        match self {
            TypeRef::Named(_) => false,
            TypeRef::List(_) => true,
            TypeRef::NonNull(inner) => inner.is_list(),
        }
    }
}

/// An argument or input field.
#[derive(Debug, Clone)]
pub(crate) struct InputShape {
    pub name: String,
    pub ty: TypeRef,
    /// Its default value, parsed from the schema's text of it.
    pub default: Option<async_graphql::Value>,
}

/// A field of an object or interface.
#[derive(Debug, Clone)]
pub(crate) struct FieldShape {
    pub name: String,
    pub ty: TypeRef,
    pub args: Vec<InputShape>,
}

impl FieldShape {
    /// The argument called `name`, if the field has one.
    pub(crate) fn arg(&self, name: &str) -> Option<&InputShape> {
        self.args.iter().find(|a| a.name == name)
    }
}

/// A named type.
#[derive(Debug, Clone, Default)]
pub(crate) struct TypeShape {
    pub fields: Vec<FieldShape>,
    pub interfaces: Vec<String>,
    /// Implementers of an interface, members of a union.
    pub possible: Vec<String>,
    pub enum_values: usize,
    pub input_fields: Vec<InputShape>,
}

/// A directive.
#[derive(Debug, Clone)]
pub(crate) struct DirectiveShape {
    pub args: Vec<InputShape>,
    pub locations: usize,
}

/// The whole schema.
#[derive(Debug, Clone, Default)]
pub(crate) struct Shape {
    pub types: Vec<(String, TypeShape)>,
    index: HashMap<String, usize>,
    pub directives: Vec<DirectiveShape>,
    pub query: String,
    pub mutation: Option<String>,
    pub subscription: Option<String>,
}

impl Shape {
    /// The type called `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&TypeShape> {
        self.index
            .get(name)
            .and_then(|&i| self.types.get(i))
            .map(|(_, t)| t)
    }

    /// The field `field` of type `ty` (an object or an interface).
    pub(crate) fn field(&self, ty: &str, field: &str) -> Option<&FieldShape> {
        self.get(ty)?.fields.iter().find(|f| f.name == field)
    }

    /// Reads the shape of `schema` from its introspection.
    pub(crate) fn of<Q, M, S>(schema: &async_graphql::Schema<Q, M, S>) -> Result<Shape, String>
    where
        Q: ObjectType + 'static,
        M: ObjectType + 'static,
        S: SubscriptionType + 'static,
    {
        // Introspection reads the schema's registry and never waits on anything.
        let response = schema
            .execute(INTROSPECTION)
            .now_or_never()
            .ok_or("the schema's introspection did not complete at once")?;
        if !response.errors.is_empty() {
            return Err(format!("introspection failed: {:?}", response.errors));
        }
        let json = response.data.into_json().map_err(|e| e.to_string())?;
        let found: Introspected = serde_json::from_value(json).map_err(|e| e.to_string())?;
        Ok(found.schema.into_shape())
    }
}

/// What the cost model reads of the schema.
const INTROSPECTION: &str = r#"{ __schema {
  queryType { name } mutationType { name } subscriptionType { name }
  types { name
    fields(includeDeprecated: true) { name type { ...T } args { name type { ...T } defaultValue } }
    inputFields { name type { ...T } defaultValue }
    interfaces { name } possibleTypes { name }
    enumValues(includeDeprecated: true) { name } }
  directives { locations args { name type { ...T } defaultValue } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name
  ofType { kind name ofType { kind name } } } } } }"#;

#[derive(Deserialize)]
struct Introspected {
    #[serde(rename = "__schema")]
    schema: SchemaJson,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SchemaJson {
    query_type: Named,
    mutation_type: Option<Named>,
    subscription_type: Option<Named>,
    types: Vec<TypeJson>,
    directives: Vec<DirectiveJson>,
}

#[derive(Deserialize)]
struct Named {
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TypeJson {
    name: String,
    fields: Option<Vec<FieldJson>>,
    input_fields: Option<Vec<InputJson>>,
    interfaces: Option<Vec<Named>>,
    possible_types: Option<Vec<Named>>,
    enum_values: Option<Vec<Named>>,
}

#[derive(Deserialize)]
struct FieldJson {
    name: String,
    #[serde(rename = "type")]
    ty: RefJson,
    args: Vec<InputJson>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InputJson {
    name: String,
    #[serde(rename = "type")]
    ty: RefJson,
    default_value: Option<String>,
}

#[derive(Deserialize)]
struct DirectiveJson {
    locations: Vec<serde_json::Value>,
    args: Vec<InputJson>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RefJson {
    kind: String,
    name: Option<String>,
    of_type: Option<Box<RefJson>>,
}

impl RefJson {
    fn into_ref(self) -> TypeRef {
        let inner = |of: Option<Box<RefJson>>| {
            Box::new(of.map_or(TypeRef::Named(String::new()), |t| t.into_ref()))
        };
        match self.kind.as_str() {
            "LIST" => TypeRef::List(inner(self.of_type)),
            "NON_NULL" => TypeRef::NonNull(inner(self.of_type)),
            _ => TypeRef::Named(self.name.unwrap_or_default()),
        }
    }
}

impl InputJson {
    fn into_shape(self) -> InputShape {
        InputShape {
            name: self.name,
            ty: self.ty.into_ref(),
            default: self.default_value.and_then(|text| parse_value(&text)),
        }
    }
}

/// A default value as the schema writes it (GraphQL literal text), parsed.
fn parse_value(text: &str) -> Option<async_graphql::Value> {
    // A default is a constant: read it as the argument of a throwaway query.
    let doc = async_graphql::parser::parse_query(format!("{{ f(v: {text}) }}")).ok()?;
    let (_, operation) = doc.operations.iter().next()?;
    let item = operation.node.selection_set.node.items.first()?;
    let async_graphql::parser::types::Selection::Field(field) = &item.node else {
        return None;
    };
    let (_, value) = field.node.arguments.first()?;
    value.node.clone().into_const()
}

impl SchemaJson {
    fn into_shape(self) -> Shape {
        let names = |list: Option<Vec<Named>>| {
            list.unwrap_or_default()
                .into_iter()
                .map(|n| n.name)
                .collect()
        };
        let types: Vec<(String, TypeShape)> = self
            .types
            .into_iter()
            .map(|t| {
                let shape = TypeShape {
                    fields: t
                        .fields
                        .unwrap_or_default()
                        .into_iter()
                        .map(|f| FieldShape {
                            name: f.name,
                            ty: f.ty.into_ref(),
                            args: f.args.into_iter().map(InputJson::into_shape).collect(),
                        })
                        .collect(),
                    interfaces: names(t.interfaces),
                    possible: names(t.possible_types),
                    enum_values: t.enum_values.map_or(0, |v| v.len()),
                    input_fields: t
                        .input_fields
                        .unwrap_or_default()
                        .into_iter()
                        .map(InputJson::into_shape)
                        .collect(),
                };
                (t.name, shape)
            })
            .collect();
        let index = types
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (name.clone(), i))
            .collect();
        Shape {
            types,
            index,
            directives: self
                .directives
                .into_iter()
                .map(|d| DirectiveShape {
                    locations: d.locations.len(),
                    args: d.args.into_iter().map(InputJson::into_shape).collect(),
                })
                .collect(),
            query: self.query_type.name,
            mutation: self.mutation_type.map(|t| t.name),
            subscription: self.subscription_type.map(|t| t.name),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shape_knows_lists_defaults_and_implementers() {
        let schema = crate::api::build_schema(crate::api::Limits::default(), None);
        let shape = Shape::of(&schema).unwrap_or_default();
        assert_eq!(shape.query, "Query");
        let neighbors = shape.field("Entity", "neighbors");
        assert!(neighbors.is_some_and(|f| f.ty.is_list() && f.ty.named() == "Entity"));
        let search = shape.field("Query", "search");
        let first = search
            .and_then(|f| f.arg("first"))
            .and_then(|a| a.default.clone());
        assert_eq!(first, Some(async_graphql::Value::from(10)));
        let relations = shape.field("Country", "relations");
        assert!(
            relations.is_some_and(|f| !f.ty.is_list()),
            "a connection, not a list"
        );
        let entity = shape.get("Entity").map(|t| t.possible.len());
        assert_eq!(entity, Some(10), "one type per entity kind");
        // The introspection types describe themselves too.
        assert!(shape
            .field("__Type", "fields")
            .is_some_and(|f| f.ty.is_list()));
        assert!(!shape.directives.is_empty());
    }
}
