//! The HTTP surface besides GraphQL itself: GraphiQL and its embedded assets, the redirect,
//! the schema, health, GET queries and CORS for browser visualizers.

mod common;

use common::{seed_data, TestServer};

#[tokio::test]
async fn graphiql_is_served_with_local_assets_only() {
    let server = TestServer::start(&seed_data()).await;
    let page = server
        .client
        .get(format!("{}/graphiql", server.base))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("/graphiql/assets/graphiql.min.js"));
    assert!(
        !html.contains("https://") && !html.contains("http://"),
        "the page must not load anything remote"
    );
    for (file, mime) in [
        ("graphiql.min.js", "text/javascript"),
        ("graphiql.min.css", "text/css"),
        ("react.production.min.js", "text/javascript"),
        ("react-dom.production.min.js", "text/javascript"),
    ] {
        let asset = server
            .client
            .get(format!("{}/graphiql/assets/{file}", server.base))
            .send()
            .await
            .expect("asset");
        assert_eq!(asset.status(), 200, "{file}");
        let content_type = asset.headers()["content-type"]
            .to_str()
            .unwrap_or("")
            .to_string();
        assert!(content_type.starts_with(mime), "{file}: {content_type}");
        assert!(
            asset.bytes().await.map(|b| b.len()).unwrap_or(0) > 1000,
            "{file}"
        );
    }
    let missing = server
        .client
        .get(format!("{}/graphiql/assets/nope.js", server.base))
        .send()
        .await
        .expect("404");
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn root_redirects_to_graphiql_and_health_and_schema_answer() {
    let server = TestServer::start(&seed_data()).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let root = client
        .get(format!("{}/", server.base))
        .send()
        .await
        .expect("root");
    assert!(root.status().is_redirection());
    assert_eq!(root.headers()["location"], "/graphiql");
    let health = server
        .client
        .get(format!("{}/healthz", server.base))
        .send()
        .await
        .expect("health");
    assert_eq!(health.status(), 200);
    let sdl = server
        .client
        .get(format!("{}/schema.graphql", server.base))
        .send()
        .await
        .expect("sdl")
        .text()
        .await
        .expect("text");
    assert_eq!(sdl, cyberkg::api::sdl());
}

#[tokio::test]
async fn get_queries_work_and_cors_is_open_for_reads() {
    let server = TestServer::start(&seed_data()).await;
    let response = server
        .client
        .get(format!("{}/graphql", server.base))
        .query(&[("query", "{ country(code: \"TJ\") { name } }")])
        .header("origin", "http://example.org")
        .send()
        .await
        .expect("get");
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["data"]["country"]["name"], "Tajikistan");
    let preflight = server
        .client
        .request(reqwest::Method::OPTIONS, format!("{}/graphql", server.base))
        .header("origin", "http://example.org")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .expect("preflight");
    assert!(preflight.status().is_success());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
    let allowed = preflight.headers()["access-control-allow-methods"]
        .to_str()
        .expect("text");
    assert!(allowed.contains("POST"), "{allowed}");
    // The same CORS headers for every origin: nothing for a cache to vary on.
    assert!(preflight.headers().get("vary").is_none());
}
