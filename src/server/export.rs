//! File downloads for visualizers: `/export/graph.EXT` (the whole graph) and
//! `/export/neighborhood.EXT?id=…&depth=…` in every export format, with the right content type
//! and open CORS. Query parameters: `id`, `depth` (default 1), `kinds` (comma-separated
//! relation kinds), `direction` (OUT, IN, BOTH), `asOf`, `knownAt`.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::AppState;
use crate::export::{self, ExportFormat};
use crate::graph::{Direction, KnowledgeGraph};
use crate::model::{PartialDate, RelationKind};
use crate::query::{self, ExploreError, ExploreLimits, View};

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
    headers: HeaderMap,
) -> Response {
    let Some((version, graph)) = state.store.versioned_snapshot() else {
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
    // The same URL on the same snapshot is the same file: a client that has it already is
    // told so without it being rendered again.
    let tag = entity_tag(version);
    if already_has(&headers, &tag) {
        return (
            StatusCode::NOT_MODIFIED,
            [
                (header::ETAG, tag),
                (header::CACHE_CONTROL, "no-cache".into()),
            ],
        )
            .into_response();
    }
    // Rendering the whole graph takes long on a large data set: off the async workers, one
    // per core at a time.
    let Ok(_turn) = crate::query::limits::heavy_computations().acquire().await else {
        return bad(
            StatusCode::SERVICE_UNAVAILABLE,
            "the export could not be scheduled".into(),
        );
    };
    let limits = state.limits.explore;
    let (name, ext) = (name.to_string(), ext.to_string());
    let rendered =
        tokio::task::spawn_blocking(move || render(&graph, &name, &ext, format, &params, limits))
            .await;
    match rendered {
        Ok(mut response) => {
            if response.status() == StatusCode::OK {
                let headers = response.headers_mut();
                if let Ok(value) = HeaderValue::from_str(&tag) {
                    headers.insert(header::ETAG, value);
                }
                headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            }
            response
        }
        Err(error) => {
            tracing::error!("export failed: {error}");
            bad(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the export failed on the server".into(),
            )
        }
    }
}

/// The entity tag of every export of snapshot `version` in this process: the process's tag
/// (versions restart at 1 with each start, perhaps on other data) and the version.
fn entity_tag(version: u64) -> String {
    format!("\"{}-{version}\"", super::observe::process_tag())
}

/// Whether `If-None-Match` names `tag` (weak or strong). `*` is not honoured: the tag is
/// checked before the parameters, so only a tag this server gave is taken as proof.
fn already_has(headers: &HeaderMap, tag: &str) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == tag)
}

/// The export `name`.`ext` of `graph` with the request's parameters, as a response.
fn render(
    graph: &KnowledgeGraph,
    name: &str,
    ext: &str,
    format: ExportFormat,
    params: &HashMap<String, String>,
    limits: ExploreLimits,
) -> Response {
    let parsed = (|| -> Result<_, String> {
        let view = View {
            as_of: date(params, "asOf")?,
            known_at: date(params, "knownAt")?,
        };
        Ok((view, kinds(params)?, direction(params)?))
    })();
    let (view, kinds, direction) = match parsed {
        Ok(p) => p,
        Err(message) => return bad(StatusCode::BAD_REQUEST, message),
    };
    let subgraph = match name {
        "graph" => Ok(query::whole(graph, kinds.as_deref(), view)),
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
            let around = query::Around {
                id,
                depth,
                kinds: kinds.as_deref(),
                direction,
            };
            // A download is bounded by the traversal's node cap, like the whole graph.
            query::neighborhood(
                graph,
                around,
                view,
                limits,
                &query::limits::Work::unlimited(),
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
