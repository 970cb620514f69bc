//! The kind of key behind a user-action credential.

use core::fmt;
use core::str::FromStr;

use crate::error::Error;

/// The kind of key behind a user-action credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CredentialKind {
    /// Ed25519 (RFC 8032): raw 64-byte signatures over `clientData`.
    Ed25519,
    /// ECDSA on P-256 over SHA-256: DER-encoded signatures over `clientData`.
    P256,
}

impl CredentialKind {
    /// Every kind.
    pub const ALL: [CredentialKind; 2] = [CredentialKind::Ed25519, CredentialKind::P256];

    /// `ed25519` or `p256`: the name on the command line and in the server's database.
    pub const fn as_str(self) -> &'static str {
        match self {
            CredentialKind::Ed25519 => "ed25519",
            CredentialKind::P256 => "p256",
        }
    }
}

impl fmt::Display for CredentialKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CredentialKind {
    type Err = Error;

    /// A name of [`CredentialKind::as_str`]; anything else is [`Error::UnknownKind`].
    fn from_str(s: &str) -> Result<Self, Error> {
        CredentialKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(Error::UnknownKind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_are_not_echoed() {
        for kind in CredentialKind::ALL {
            assert_eq!(kind.as_str().parse::<CredentialKind>(), Ok(kind));
            assert_eq!(kind.to_string(), kind.as_str());
        }
        for bad in ["", "Ed25519", "P256", "rsa", "secp256k1", "p256 "] {
            assert_eq!(bad.parse::<CredentialKind>(), Err(Error::UnknownKind));
        }
        let e = "SECRETKEYMATERIAL".parse::<CredentialKind>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown credential kind; use ed25519 or p256"
        );
    }
}
