//! Where a service token names its org.

use serde_json::Value;

/// The JWT claim whose `orgId` member names the token's org (Dfns's TypeScript SDK checks it
/// against the org it is given; the server writes it and checks it).
pub const APP_METADATA_CLAIM: &str = "https://custom/app_metadata";

/// The org a token's (decoded) JWT payload names: `payload["https://custom/app_metadata"].orgId`,
/// if it is a string.
pub fn org_claim(payload: &Value) -> Option<&str> {
    payload
        .get(APP_METADATA_CLAIM)
        .and_then(|m| m.get("orgId"))
        .and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_org_is_the_app_metadata_org_id() {
        let p = json!({"sub": "us-1", APP_METADATA_CLAIM: {"orgId": "or-1", "userId": "us-1"}});
        assert_eq!(org_claim(&p), Some("or-1"));
        for bad in [
            json!({}),
            json!({"orgId": "or-1"}),
            json!({APP_METADATA_CLAIM: {"orgId": 1}}),
            json!({APP_METADATA_CLAIM: "or-1"}),
            json!(["or-1"]),
        ] {
            assert_eq!(org_claim(&bad), None, "{bad}");
        }
    }
}
