//! File downloads for visualizers: `/export/graph.EXT` (the whole graph) and
//! `/export/neighborhood.EXT?id=…&depth=…` in every export format, with the right content type
//! and open CORS. Query parameters: `id`, `depth` (default 1), `kinds` (comma-separated
//! relation kinds), `direction` (OUT, IN, BOTH), `asOf`, `knownAt`.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::AppState;
use crate::export::{self, ExportFormat};
use crate::graph::Direction;
use crate::model::{PartialDate, RelationKind};
use crate::query::{self, ExploreError, View};

fn bad(status: StatusCode, message: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{message}\n"),
    )
        .into_response()
}

fn date(params: &HashMap<String, String>, name: &str) -> Result<Option<PartialDate>, String> {
    params
        .get(name)
        .map(|v| {
            v.parse::<PartialDate>()
                .map_err(|e| format!("parameter '{name}': {e}"))
        })
        .transpose()
}

fn kinds(params: &HashMap<String, String>) -> Result<Option<Vec<RelationKind>>, String> {
    let Some(list) = params.get("kinds") else {
        return Ok(None);
    };
    list.split(',')
        .filter(|k| !k.trim().is_empty())
        .map(|k| {
            serde_json::from_value::<RelationKind>(serde_json::Value::String(
                k.trim().to_ascii_uppercase(),
            ))
            .map_err(|_| format!("parameter 'kinds': '{k}' is not a relation kind"))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn direction(params: &HashMap<String, String>) -> Result<Direction, String> {
    match params
        .get("direction")
        .map(|d| d.to_ascii_uppercase())
        .as_deref()
    {
        None | Some("BOTH") => Ok(Direction::Both),
        Some("OUT") => Ok(Direction::Out),
        Some("IN") => Ok(Direction::In),
        Some(other) => Err(format!(
            "parameter 'direction': '{other}' is not OUT, IN or BOTH"
        )),
    }
}

pub(super) async fn export_file(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let Some(graph) = state.store.snapshot() else {
        return bad(
            StatusCode::SERVICE_UNAVAILABLE,
            "the knowledge graph is still loading".into(),
        );
    };
    let (name, ext) = file.split_once('.').unwrap_or((file.as_str(), ""));
    let Some(format) = ExportFormat::from_extension(ext) else {
        let known: Vec<String> = ExportFormat::ALL
            .iter()
            .map(|f| format!("{name}.{}", f.extension()))
            .collect();
        return bad(
            StatusCode::NOT_FOUND,
            format!("no export '{file}'; try one of: {}", known.join(", ")),
        );
    };
    let parsed = (|| -> Result<_, String> {
        let view = View {
            as_of: date(&params, "asOf")?,
            known_at: date(&params, "knownAt")?,
        };
        Ok((view, kinds(&params)?, direction(&params)?))
    })();
    let (view, kinds, direction) = match parsed {
        Ok(p) => p,
        Err(message) => return bad(StatusCode::BAD_REQUEST, message),
    };
    let subgraph = match name {
        "graph" => Ok(query::whole(&graph, kinds.as_deref(), view)),
        "neighborhood" => {
            let Some(id) = params.get("id") else {
                return bad(
                    StatusCode::BAD_REQUEST,
                    "parameter 'id' is required, e.g. ?id=country:PK".into(),
                );
            };
            let depth = match params.get("depth").map(|d| d.parse::<usize>()) {
                None => 1,
                Some(Ok(d)) => d,
                Some(Err(_)) => {
                    return bad(
                        StatusCode::BAD_REQUEST,
                        "parameter 'depth' must be a whole number".into(),
                    )
                }
            };
            query::neighborhood(
                &graph,
                id,
                depth,
                kinds.as_deref(),
                direction,
                view,
                state.limits.explore,
            )
        }
        _ => {
            return bad(
                StatusCode::NOT_FOUND,
                format!("no export '{name}': use graph.{ext} or neighborhood.{ext}"),
            )
        }
    };
    match subgraph {
        Ok(sub) => (
            [
                (header::CONTENT_TYPE, format.content_type().to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("inline; filename=\"cyberkg-{name}.{ext}\""),
                ),
            ],
            export::render(format, &sub),
        )
            .into_response(),
        Err(ExploreError::UnknownId(id)) => {
            bad(StatusCode::NOT_FOUND, format!("no entity with id '{id}'"))
        }
        Err(ExploreError::OutOfRange(m)) => bad(StatusCode::BAD_REQUEST, m),
        Err(ExploreError::TooLarge(m)) => bad(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("result too large: {m}"),
        ),
        // Exports never pass a stop flag; kept for completeness.
        Err(ExploreError::Stopped) => bad(
            StatusCode::SERVICE_UNAVAILABLE,
            "the export was stopped".into(),
        ),
    }
}
