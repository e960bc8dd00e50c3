//! Web pages served from files embedded in the binary, so they work with no network:
//! GraphiQL (`assets/graphiql/`, refreshed by `scripts/refresh-graphiql.sh`) and the explorer
//! (`assets/explore/`, Cytoscape.js refreshed by `scripts/refresh-explore.sh`).

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use rust_embed::RustEmbed;

/// GraphiQL, React and React DOM built files and their licences.
#[derive(RustEmbed)]
#[folder = "assets/graphiql/dist/"]
struct GraphiqlDist;

/// The explorer's script and style, Cytoscape.js and its licence.
#[derive(RustEmbed)]
#[folder = "assets/explore/dist/"]
struct ExploreDist;

const GRAPHIQL_PAGE: &str = include_str!("../../assets/graphiql/index.html");
const EXPLORE_PAGE: &str = include_str!("../../assets/explore/index.html");

pub(super) async fn graphiql_page() -> Html<&'static str> {
    Html(GRAPHIQL_PAGE)
}

pub(super) async fn explore_page() -> Html<&'static str> {
    Html(EXPLORE_PAGE)
}

fn asset(file: &str, content: Option<rust_embed::EmbeddedFile>) -> Response {
    match content {
        Some(content) => {
            let mime = mime_guess::from_path(file).first_or_octet_stream();
            (
                [
                    (header::CONTENT_TYPE, mime.as_ref().to_string()),
                    (header::CACHE_CONTROL, "public, max-age=3600".to_string()),
                ],
                content.data.into_owned(),
            )
                .into_response()
        }
        None => (StatusCode::NOT_FOUND, format!("no asset '{file}'\n")).into_response(),
    }
}

pub(super) async fn graphiql_asset(Path(file): Path<String>) -> Response {
    asset(&file, GraphiqlDist::get(&file))
}

pub(super) async fn explore_asset(Path(file): Path<String>) -> Response {
    asset(&file, ExploreDist::get(&file))
}
