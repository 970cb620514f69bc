//! The `clientData` a credential signs: JSON naming the challenge, signed over its exact bytes.

use serde_json::Value;

use crate::error::{Error, Result};

/// The `type` of a user-action `clientData`.
pub const CLIENT_DATA_TYPE: &str = "key.get";

/// The `clientData` for `challenge`: `{"type":"key.get","challenge":"..."}`, compact, members
/// in the order Dfns's TypeScript SDK writes them (type first). A credential signs exactly
/// these bytes.
pub fn client_data(challenge: &str) -> String {
    // Written by hand for the member order (serde_json's map sorts its keys); serde_json
    // escapes the challenge.
    format!(
        "{{\"type\":\"{CLIENT_DATA_TYPE}\",\"challenge\":{}}}",
        Value::String(challenge.into())
    )
}

/// Check a (base64-decoded) `clientData` against the challenge it answers: JSON, an object
/// whose `type` is `key.get` (anything else, an array included, is [`Error::ClientDataType`])
/// and whose `challenge` is `challenge`. Other members (`origin` and
/// `crossOrigin`, as Dfns's Python SDK adds them) are allowed, and member order does not
/// matter: the signature covers the exact bytes, this check their meaning.
pub fn check_client_data(client_data: &[u8], challenge: &str) -> Result<()> {
    let v: Value = serde_json::from_slice(client_data).map_err(|_| Error::ClientDataNotJson)?;
    if v.get("type").and_then(Value::as_str) != Some(CLIENT_DATA_TYPE) {
        return Err(Error::ClientDataType);
    }
    if v.get("challenge").and_then(Value::as_str) != Some(challenge) {
        return Err(Error::ClientDataChallenge);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_client_writes_the_typescript_sdks_bytes() {
        assert_eq!(
            client_data("c-1"),
            r#"{"type":"key.get","challenge":"c-1"}"#
        );
        assert_eq!(
            client_data("a\"b\\c\n"),
            r#"{"type":"key.get","challenge":"a\"b\\c\n"}"#
        );
    }

    #[test]
    fn the_check_needs_the_type_and_the_challenge() {
        let ok = [
            &br#"{"type":"key.get","challenge":"c"}"#[..],
            br#"{"challenge":"c","type":"key.get"}"#,
            br#"{"type":"key.get","challenge":"c","origin":"https://app.dfns.io","crossOrigin":false}"#,
            br#" { "type" : "key.get" , "challenge" : "\u0063" } "#,
        ];
        for data in ok {
            assert_eq!(check_client_data(data, "c"), Ok(()));
        }
        let bad: [(&[u8], Error); 9] = [
            (b"nope", Error::ClientDataNotJson),
            (b"", Error::ClientDataNotJson),
            (br#""key.get""#, Error::ClientDataType),
            (br#"["key.get","c"]"#, Error::ClientDataType),
            (
                br#"{"type":"key.create","challenge":"c"}"#,
                Error::ClientDataType,
            ),
            (br#"{"challenge":"c"}"#, Error::ClientDataType),
            (
                br#"{"type":["key.get"],"challenge":"c"}"#,
                Error::ClientDataType,
            ),
            (
                br#"{"type":"key.get","challenge":"d"}"#,
                Error::ClientDataChallenge,
            ),
            (br#"{"type":"key.get"}"#, Error::ClientDataChallenge),
        ];
        for (data, e) in bad {
            assert_eq!(
                check_client_data(data, "c"),
                Err(e.clone()),
                "{}",
                String::from_utf8_lossy(data)
            );
            assert!(!e.to_string().contains("key.create"));
        }
    }

    proptest! {
        /// Whatever the challenge (quotes, backslashes, control characters, any Unicode), the
        /// client's clientData passes the server's check for it and for no other challenge.
        #[test]
        fn what_the_client_writes_the_server_accepts(c in any::<String>(), d in any::<String>()) {
            let data = client_data(&c);
            prop_assert_eq!(check_client_data(data.as_bytes(), &c), Ok(()));
            if c != d {
                prop_assert_eq!(
                    check_client_data(data.as_bytes(), &d),
                    Err(Error::ClientDataChallenge)
                );
            }
        }
    }
}
