//! GraphiQL served from files embedded in the binary (`assets/graphiql/`), so the page works
//! with no network. The files are vendored with `scripts/refresh-graphiql.sh`.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use rust_embed::RustEmbed;

/// The built GraphiQL, React and React DOM files and their licences.
#[derive(RustEmbed)]
#[folder = "assets/graphiql/dist/"]
struct GraphiqlDist;

const GRAPHIQL_PAGE: &str = include_str!("../../assets/graphiql/index.html");

pub(super) async fn graphiql_page() -> Html<&'static str> {
    Html(GRAPHIQL_PAGE)
}

pub(super) async fn graphiql_asset(Path(file): Path<String>) -> Response {
    match GraphiqlDist::get(&file) {
        Some(content) => {
            let mime = mime_guess::from_path(&file).first_or_octet_stream();
            (
                [
                    (header::CONTENT_TYPE, mime.as_ref().to_string()),
                    (header::CACHE_CONTROL, "public, max-age=86400".to_string()),
                ],
                content.data.into_owned(),
            )
                .into_response()
        }
        None => (StatusCode::NOT_FOUND, format!("no asset '{file}'\n")).into_response(),
    }
}
