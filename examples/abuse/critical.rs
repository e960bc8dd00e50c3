//! Audit sections 1 and 2, the critical ones: documents nested deep enough to overflow the
//! parser's stack, and documents that fan out into far more work than their text suggests.
//! Each is sent over HTTP and over the WebSocket, which has its own path to the executor.

use futures_util::FutureExt;
use serde_json::{json, Value};

use crate::probe::{Budget, Observed, Probe};
use crate::queries;
use crate::server::{Config, Target};
use crate::{http, ws};

/// What the server should answer a document with.
#[derive(Clone, Copy)]
enum Outcome {
    /// An error with this `extensions.code`.
    Code(&'static str),
    /// Anything quick: data, or an error with a code.
    AnyQuickly,
    /// Priced by all it asks for: refused as too expensive, or, where the bounds of the (small)
    /// seed data allow it, answered quickly within every limit.
    Priced,
}

/// One document of the audit.
struct Attack {
    name: &'static str,
    query: fn() -> String,
    variables: fn() -> Value,
    outcome: Outcome,
}

fn no_variables() -> Value {
    json!({})
}

const PARSE_FAILED: Outcome = Outcome::Code("GRAPHQL_PARSE_FAILED");
const TOO_EXPENSIVE: Outcome = Outcome::Code("QUERY_TOO_EXPENSIVE");

static ATTACKS: [Attack; 9] = [
    Attack {
        name: "1 list argument 2000 deep",
        query: queries::deep_list_argument,
        variables: no_variables,
        outcome: PARSE_FAILED,
    },
    Attack {
        name: "1 object argument 1250 deep",
        query: queries::deep_object_argument,
        variables: no_variables,
        outcome: PARSE_FAILED,
    },
    Attack {
        name: "1 variable default 2000 deep",
        query: queries::deep_variable_default,
        variables: no_variables,
        outcome: PARSE_FAILED,
    },
    Attack {
        name: "1 directive argument 1250 deep",
        query: queries::deep_directive_argument,
        variables: no_variables,
        outcome: PARSE_FAILED,
    },
    Attack {
        name: "2 neighbors nested 8 levels",
        query: queries::neighbors_chain,
        variables: no_variables,
        outcome: TOO_EXPENSIVE,
    },
    Attack {
        name: "2 fragment with neighborhood(4) x3000",
        query: queries::fragment_spread,
        variables: no_variables,
        outcome: TOO_EXPENSIVE,
    },
    Attack {
        name: "2 nodes(1000 ids) { neighbors }",
        query: queries::many_ids,
        variables: queries::many_ids_variables,
        outcome: Outcome::Priced,
    },
    Attack {
        name: "2 entities(1000) relations(1000) evidence",
        query: queries::entities_relations,
        variables: no_variables,
        outcome: Outcome::Priced,
    },
    Attack {
        name: "2 2000 aliased small lists",
        query: queries::aliased_small_lists,
        variables: no_variables,
        outcome: Outcome::AnyQuickly,
    },
];

impl Outcome {
    fn describe(self) -> String {
        match self {
            Outcome::Code(code) => code.to_string(),
            Outcome::AnyQuickly => "answered or refused, quickly".to_string(),
            Outcome::Priced => "QUERY_TOO_EXPENSIVE, or answered quickly".to_string(),
        }
    }

    /// Whether an answer with this code (`None`: data, or an error without one) fits.
    fn fits(self, code: Option<&str>, answered: bool) -> bool {
        match self {
            Outcome::Code(expected) => code == Some(expected),
            Outcome::AnyQuickly => code.is_some() || answered,
            Outcome::Priced => code == Some("QUERY_TOO_EXPENSIVE") || (code.is_none() && answered),
        }
    }
}

/// Every attack, over HTTP and then over the WebSocket.
pub fn probes() -> Vec<Probe> {
    let mut probes = Vec::new();
    for attack in &ATTACKS {
        let expect = attack.outcome.describe();
        probes.push(Probe::new(
            format!("{} (HTTP)", attack.name),
            expect.clone(),
            Config::Defaults,
            Budget::Answer,
            move |t| over_http(t, attack).boxed_local(),
        ));
        probes.push(Probe::new(
            format!("{} (WS)", attack.name),
            expect,
            Config::Defaults,
            Budget::Answer,
            move |t| over_ws(t, attack).boxed_local(),
        ));
    }
    probes
}

async fn over_http(target: &Target, attack: &Attack) -> Observed {
    let query = (attack.query)();
    let result = http::post_graphql(target, &query, &(attack.variables)()).await;
    let fits = |answer: &http::Answer| attack.outcome.fits(answer.code(), answer.has_data());
    http::observe(result, fits, &format!("{} (HTTP)", attack.name))
}

async fn over_ws(target: &Target, attack: &Attack) -> Observed {
    let query = (attack.query)();
    let answer = ws::operation(target, &query, &(attack.variables)()).await;
    // A message over the WebSocket's size cap closes the connection: a refusal too.
    let closed_for_size = query.len() > 16 * 1024 && answer.code.is_none() && !answer.data;
    let fits = attack.outcome.fits(answer.code.as_deref(), answer.data)
        || (closed_for_size && matches!(attack.outcome, Outcome::AnyQuickly));
    let observed = Observed::new(answer.summary, answer.elapsed, fits);
    match answer.message {
        Some(message) if !fits => {
            let short: String = message.chars().take(110).collect();
            observed.noted(format!("{} (WS): \"{short}\"", attack.name))
        }
        _ => observed,
    }
}
