//! An origin allowed to call the API from another site (`--cors-origin`), checked when the
//! server starts: exactly what a browser sends in `Origin`, `scheme://host[:port]`.

use std::fmt;
use std::net::Ipv6Addr;
use std::str::FromStr;

/// A web origin, as a browser writes it in the `Origin` header: `http` or `https`, a host in
/// lower case, a port only where it is not the scheme's default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorsOrigin(String);

impl CorsOrigin {
    /// The origin as a browser sends it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CorsOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a text is no origin to allow, as a sentence that says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadOrigin(String);

impl fmt::Display for BadOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadOrigin {}

fn bad(why: impl Into<String>) -> BadOrigin {
    BadOrigin(why.into())
}

impl FromStr for CorsOrigin {
    type Err = BadOrigin;

    fn from_str(text: &str) -> Result<Self, BadOrigin> {
        let example = "write it as scheme://host[:port], such as https://app.lev.example";
        if text == "null" {
            return Err(bad(
                "`null` is the origin of sandboxed frames and local files: allowing it would let any of them read answers, a new key's secret included",
            ));
        }
        if text.contains('*') {
            return Err(bad(
                "a wildcard cannot be allowed with credentials: name each origin, such as https://app.lev.example",
            ));
        }
        if !text.is_ascii() {
            return Err(bad(
                "the origin must be ASCII: write an internationalized host in its xn-- form, as browsers send it",
            ));
        }
        let lower = text.to_ascii_lowercase();
        let (scheme, rest) = lower
            .split_once("://")
            .ok_or_else(|| bad(format!("no scheme: {example}")))?;
        let default_port = match scheme {
            "http" => "80",
            "https" => "443",
            _ => {
                return Err(bad(format!(
                    "the scheme must be http or https, not `{scheme}`"
                )))
            }
        };
        if rest.ends_with('/') && !rest[..rest.len() - 1].contains(['/', '?', '#']) {
            return Err(bad(
                "drop the trailing slash: browsers send the origin without one, so it would never match",
            ));
        }
        if rest.contains(['/', '?', '#', '@', '\\'])
            || rest
                .chars()
                .any(|c| c.is_ascii_whitespace() || c.is_ascii_control())
        {
            return Err(bad(format!(
                "an origin has no path, query, user or spaces: {example}"
            )));
        }
        let (host, port) = split_port(rest)?;
        check_host(host)?;
        match port {
            Some(port) if port == default_port => Ok(Self(format!("{scheme}://{host}"))),
            Some(port) => Ok(Self(format!("{scheme}://{host}:{port}"))),
            None => Ok(Self(format!("{scheme}://{host}"))),
        }
    }
}

/// `host[:port]` (an IPv6 host in brackets) into its parts, the port checked.
fn split_port(rest: &str) -> Result<(&str, Option<&str>), BadOrigin> {
    let (host, port) = if rest.starts_with('[') {
        let end = rest
            .find(']')
            .ok_or_else(|| bad("an IPv6 host needs its closing bracket: http://[::1]:8080"))?;
        let after = &rest[end + 1..];
        let port = match after.strip_prefix(':') {
            Some(port) => Some(port),
            None if after.is_empty() => None,
            None => return Err(bad("after an IPv6 host only :port may follow")),
        };
        (&rest[..=end], port)
    } else {
        match rest.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (rest, None),
        }
    };
    if let Some(port) = port {
        let valid = !port.is_empty()
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u16>().is_ok_and(|p| p > 0);
        if !valid {
            return Err(bad(format!("`{port}` is not a port (1 to 65535)")));
        }
    }
    Ok((host, port))
}

fn check_host(host: &str) -> Result<(), BadOrigin> {
    if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        return inner
            .parse::<Ipv6Addr>()
            .map(|_| ())
            .map_err(|_| bad(format!("`{inner}` is not an IPv6 address")));
    }
    if is_host_name(host) {
        Ok(())
    } else {
        Err(bad(format!("`{host}` is not a host name")))
    }
}

/// Whether `host` is a DNS host name: dot-separated labels of ASCII letters, digits and
/// hyphens, each 1–63 long and neither starting nor ending with a hyphen.
pub(crate) fn is_host_name(host: &str) -> bool {
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<String, String> {
        text.parse::<CorsOrigin>()
            .map(|o| o.to_string())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn origins_as_browsers_send_them() {
        assert_eq!(
            parsed("https://app.lev.example"),
            Ok("https://app.lev.example".into())
        );
        assert_eq!(
            parsed("HTTP://LocalHost:8080"),
            Ok("http://localhost:8080".into())
        );
        assert_eq!(
            parsed("https://app.lev.example:443"),
            Ok("https://app.lev.example".into())
        );
        assert_eq!(
            parsed("http://127.0.0.1:5173"),
            Ok("http://127.0.0.1:5173".into())
        );
        assert_eq!(parsed("http://[::1]:8080"), Ok("http://[::1]:8080".into()));
        assert_eq!(
            parsed("https://xn--bcher-kva.example"),
            Ok("https://xn--bcher-kva.example".into())
        );
    }

    #[test]
    fn what_is_no_origin_is_refused_with_a_reason() {
        for (text, says) in [
            ("null", "sandboxed"),
            ("*", "wildcard"),
            ("https://*.lev.example", "wildcard"),
            ("https://app.lev.example/", "trailing slash"),
            ("https://app.lev.example/settings", "no path"),
            ("https://app.lev.example?x=1", "no path"),
            ("https://user@app.lev.example", "no path"),
            ("https://bücher.example", "ASCII"),
            ("app.lev.example", "no scheme"),
            ("ftp://app.lev.example", "http or https"),
            ("https://app.lev.example:0", "port"),
            ("https://app.lev.example:99999", "port"),
            ("https://app.lev.example:", "port"),
            ("https://", "host name"),
            ("https://app..example", "host name"),
            ("https://app lev", "no path"),
            ("http://[::1", "closing bracket"),
            ("http://[nope]", "IPv6"),
        ] {
            let error = parsed(text).expect_err(text);
            assert!(error.contains(says), "{text}: {error}");
        }
    }
}
