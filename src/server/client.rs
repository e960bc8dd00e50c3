//! Who a client is, for the limits kept per client (request rate, execution share,
//! connections).
//!
//! The client is the peer address, unless the peer is a trusted proxy: then the nearest
//! address the proxy's forwarding header names that is not itself a trusted proxy. Headers
//! from anyone else are ignored, and only the one header the proxies are said to write is
//! read (`--forwarded-header`), so a client cannot pick its own address. An entry that does
//! not parse stops the walk at the proxy that wrote it. IPv6 clients are counted by their /64
//! network, which one subscriber usually holds whole: more addresses do not buy more share.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

use axum::http::HeaderMap;
use ipnet::IpNet;

/// Which header trusted proxies write the client's address in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ForwardedHeader {
    /// `X-Forwarded-For: client, proxy1, proxy2` (nginx, HAProxy, most load balancers).
    #[default]
    XForwardedFor,
    /// RFC 7239 `Forwarded: for=client, for=proxy1`.
    Forwarded,
}

/// How the server tells clients apart.
#[derive(Debug, Clone, Default)]
pub(super) struct Clients {
    /// Proxies whose forwarding header names the client.
    pub trusted: Vec<IpNet>,
    /// The header they write.
    pub header: ForwardedHeader,
}

/// The peer of a connection, when the router is served with its connection info (as
/// [`super::run`] does); an embedder that serves it without gets one shared address for all.
pub(super) fn peer(
    info: Option<axum::Extension<axum::extract::ConnectInfo<SocketAddr>>>,
) -> SocketAddr {
    info.map_or(SocketAddr::from(([0, 0, 0, 0], 0)), |info| info.0 .0)
}

/// The key the per-client limits count `ip` under: an IPv4 address (IPv4-mapped IPv6
/// included) as it is, an IPv6 address by its /64 network.
pub(super) fn key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

impl Clients {
    /// The client behind a request from `peer` with `headers`, as a per-client key.
    pub(super) fn of(&self, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
        key(self.address(peer.ip(), headers))
    }

    fn trusts(&self, ip: &IpAddr) -> bool {
        self.trusted.iter().any(|net| net.contains(ip))
    }

    /// The client's address (before keying).
    fn address(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(&peer) {
            return peer;
        }
        // Each proxy appends the address it got the request from: read from the right, the
        // first address no trusted proxy vouches for is the client.
        let entries = match self.header {
            ForwardedHeader::XForwardedFor => x_forwarded_for(headers),
            ForwardedHeader::Forwarded => forwarded_for(headers),
        };
        let mut client = peer;
        for entry in entries.iter().rev() {
            match entry {
                // Something the proxy wrote that is not an address: trust nothing before it.
                None => return client,
                Some(ip) if self.trusts(ip) => client = *ip,
                Some(ip) => return *ip,
            }
        }
        client
    }
}

/// The entries of `X-Forwarded-For` headers, in order (`None` for one that is no address).
fn x_forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("?").split(','))
        .map(|a| a.trim().parse().ok())
        .collect()
}

/// The `for=` entries of RFC 7239 `Forwarded` headers, in order (`None` for one that is no
/// address, such as `unknown` or an obfuscated name).
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    headers
        .get_all("forwarded")
        .iter()
        .flat_map(|v| v.to_str().unwrap_or("for=?").split(','))
        .flat_map(|element| element.split(';'))
        .filter_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            if !key.trim().eq_ignore_ascii_case("for") {
                return None;
            }
            let value = value.trim().trim_matches('"');
            // `[2001:db8::1]:4711` or `192.0.2.1:4711` or a bare address.
            let host = match value.strip_prefix('[') {
                Some(rest) => rest.split(']').next().unwrap_or(rest),
                None => match value.rsplit_once(':') {
                    Some((host, port)) if !host.contains(':') && port.parse::<u16>().is_ok() => {
                        host
                    }
                    _ => value,
                },
            };
            Some(host.parse().ok())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    fn at(text: &str) -> SocketAddr {
        SocketAddr::new(ip(text), 4000)
    }

    fn clients(nets: &[&str], header: ForwardedHeader) -> Clients {
        Clients {
            trusted: nets.iter().filter_map(|n| n.parse().ok()).collect(),
            header,
        }
    }

    fn headers(name: &'static str, value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_static(value));
        headers
    }

    #[test]
    fn forwarding_headers_count_only_from_trusted_proxies() {
        let proxies = clients(&["10.0.0.0/8"], ForwardedHeader::XForwardedFor);
        let xff = headers("x-forwarded-for", "1.2.3.4, 10.0.0.2");
        // From an untrusted peer the header is ignored: the peer is the client.
        assert_eq!(proxies.of(at("203.0.113.9"), &xff), ip("203.0.113.9"));
        // Through two trusted proxies, the first untrusted address from the right.
        assert_eq!(proxies.of(at("10.0.0.1"), &xff), ip("1.2.3.4"));
        // A trusted proxy without a header is the client itself.
        assert_eq!(
            proxies.of(at("10.0.0.1"), &HeaderMap::new()),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn a_client_cannot_pick_its_address_through_what_the_proxy_does_not_check() {
        let proxies = clients(&["10.0.0.0/8"], ForwardedHeader::XForwardedFor);
        // The proxy appended `unknown` for the real client: the client's own left-most value
        // is not believed, the proxy is.
        let garbled = headers("x-forwarded-for", "6.6.6.6, unknown");
        assert_eq!(proxies.of(at("10.0.0.1"), &garbled), ip("10.0.0.1"));
        // A proxy said to write X-Forwarded-For: a client's own Forwarded header is ignored.
        let forged = headers("forwarded", "for=6.6.6.6");
        assert_eq!(proxies.of(at("10.0.0.1"), &forged), ip("10.0.0.1"));
        let rfc = clients(&["10.0.0.0/8"], ForwardedHeader::Forwarded);
        let forwarded = headers(
            "forwarded",
            "for=\"[2001:db8::7]:4711\";proto=https, for=198.51.100.3:80",
        );
        assert_eq!(rfc.of(at("10.0.0.1"), &forwarded), ip("198.51.100.3"));
        let unknown = headers("forwarded", "for=6.6.6.6, for=unknown");
        assert_eq!(rfc.of(at("10.0.0.1"), &unknown), ip("10.0.0.1"));
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_network() {
        assert_eq!(key(ip("2001:db8:1:2:aaaa::1")), ip("2001:db8:1:2::"));
        assert_eq!(key(ip("2001:db8:1:2:bbbb::9")), key(ip("2001:db8:1:2::5")));
        assert_ne!(key(ip("2001:db8:1:3::1")), key(ip("2001:db8:1:2::1")));
        assert_eq!(key(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
        assert_eq!(key(ip("192.0.2.1")), ip("192.0.2.1"));
    }
}
