//! Key input: [`KeyFormat`], [`ParseOptions`] and [`parse_key`].

use alloc::string::String;
use core::fmt;
use core::str::FromStr;

use zeroize::Zeroizing;

use super::bip32::ExtendedPrivateKey;
use super::detect::detect_format;
use super::ed25519_seed::parse_ed25519_seed;
use super::hex_text::decode_hex32;
use super::mnemonic::parse_mnemonic;
use super::parsed::ParsedKey;
use super::path::DerivationPath;
use super::solana::parse_solana_keypair;
use super::stark::parse_stark_key;
use super::wif::parse_wif;
use crate::curve::CurveId;
use crate::error::{Error, Result};

/// The input formats keyport reads. See the [module docs](super) for what each one is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyFormat {
    /// 64 hex digits (optional `0x`): a scalar on the curve given in the options
    /// (secp256k1 or stark; ed25519 needs [`KeyFormat::Ed25519Seed`] or
    /// [`KeyFormat::Ed25519Scalar`], see [`Error::Ed25519FormatRequired`]).
    Hex,
    /// Bitcoin WIF (secp256k1).
    Wif,
    /// 32-byte RFC 8032 seed, hex or base58 (ed25519).
    Ed25519Seed,
    /// 64 hex digits (optional `0x`): the ed25519 signing scalar, big-endian and reduced mod L,
    /// as an export returns it (not a seed).
    Ed25519Scalar,
    /// 64-byte Solana keypair, base58 or JSON array (ed25519).
    Solana,
    /// Stark private key, hex (stark).
    Stark,
    /// BIP-39 mnemonic (secp256k1 via BIP-32, ed25519 via SLIP-10).
    Mnemonic,
    /// BIP-32 extended private key (secp256k1).
    Xprv,
    /// Detect the format, only when the text can be one format alone.
    Auto,
}

impl KeyFormat {
    /// Every format, `auto` last.
    pub const ALL: [KeyFormat; 9] = [
        KeyFormat::Hex,
        KeyFormat::Wif,
        KeyFormat::Ed25519Seed,
        KeyFormat::Ed25519Scalar,
        KeyFormat::Solana,
        KeyFormat::Stark,
        KeyFormat::Mnemonic,
        KeyFormat::Xprv,
        KeyFormat::Auto,
    ];

    /// The format's name (as on the command line).
    pub const fn as_str(self) -> &'static str {
        match self {
            KeyFormat::Hex => "hex",
            KeyFormat::Wif => "wif",
            KeyFormat::Ed25519Seed => "ed25519-seed",
            KeyFormat::Ed25519Scalar => "ed25519-scalar",
            KeyFormat::Solana => "solana",
            KeyFormat::Stark => "stark",
            KeyFormat::Mnemonic => "mnemonic",
            KeyFormat::Xprv => "xprv",
            KeyFormat::Auto => "auto",
        }
    }

    /// The one curve this format's keys are on, if it fixes one.
    pub const fn fixed_curve(self) -> Option<CurveId> {
        match self {
            KeyFormat::Wif | KeyFormat::Xprv => Some(CurveId::Secp256k1),
            KeyFormat::Ed25519Seed | KeyFormat::Ed25519Scalar | KeyFormat::Solana => {
                Some(CurveId::Ed25519)
            }
            KeyFormat::Stark => Some(CurveId::Stark),
            KeyFormat::Hex | KeyFormat::Mnemonic | KeyFormat::Auto => None,
        }
    }
}

impl fmt::Display for KeyFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for KeyFormat {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        KeyFormat::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| Error::UnknownFormat(s.into()))
    }
}

/// What [`parse_key`] needs besides the text.
#[derive(Clone, Default)]
pub struct ParseOptions {
    /// The curve. Required for `hex` and `mnemonic` (a 32-byte scalar and a mnemonic are
    /// valid on more than one curve, and give different keys on each, so keyport does not
    /// guess); must match the format's own curve otherwise.
    pub curve: Option<CurveId>,
    /// BIP-39 passphrase (`mnemonic` only; empty when `None`).
    pub passphrase: Option<Zeroizing<String>>,
    /// Derivation path (`mnemonic`: from the seed, defaults per curve; `xprv`: below the
    /// given key, default none).
    pub path: Option<String>,
}

impl fmt::Debug for ParseOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ParseOptions")
            .field("curve", &self.curve)
            .field(
                "passphrase",
                &format_args!(
                    "{}",
                    if self.passphrase.is_some() {
                        "<redacted>"
                    } else {
                        "None"
                    }
                ),
            )
            .field("path", &self.path)
            .finish()
    }
}

/// Parse a secret key given as text.
///
/// Surrounding whitespace is ignored everywhere. With [`KeyFormat::Auto`] the format is
/// detected first ([`detect_format`]). Errors never contain input bytes.
///
/// Bare [`KeyFormat::Hex`] is refused on ed25519 ([`Error::Ed25519FormatRequired`]): 32 hex
/// bytes there are either an RFC 8032 seed or a signing scalar, two different keys, and
/// reading one as the other imports the wrong key without any error.
pub fn parse_key(input: &str, format: KeyFormat, options: &ParseOptions) -> Result<ParsedKey> {
    let format = match format {
        KeyFormat::Auto => detect_format(input, options.curve)?,
        f => f,
    };
    check_options(format, options)?;
    match format {
        KeyFormat::Hex => {
            let curve = options.curve.ok_or(Error::CurveRequired {
                format: KeyFormat::Hex.as_str(),
            })?;
            if curve == CurveId::Ed25519 {
                return Err(Error::Ed25519FormatRequired);
            }
            ParsedKey::from_scalar(curve, decode_hex32(input, "hex key")?)
        }
        KeyFormat::Ed25519Scalar => {
            ParsedKey::from_scalar(CurveId::Ed25519, decode_hex32(input, "ed25519 scalar")?)
        }
        KeyFormat::Wif => Ok(parse_wif(input)?.key),
        KeyFormat::Ed25519Seed => parse_ed25519_seed(input),
        KeyFormat::Solana => parse_solana_keypair(input),
        KeyFormat::Stark => parse_stark_key(input),
        KeyFormat::Mnemonic => {
            let curve = options.curve.ok_or(Error::CurveRequired {
                format: KeyFormat::Mnemonic.as_str(),
            })?;
            let passphrase = options.passphrase.as_ref().map_or("", |p| p.as_str());
            parse_mnemonic(input, curve, passphrase, options.path.as_deref())
        }
        KeyFormat::Xprv => {
            let path: DerivationPath = match &options.path {
                Some(p) => p.parse()?,
                None => DerivationPath::master(),
            };
            let (key, _network) = ExtendedPrivateKey::from_base58(input)?;
            key.derive_path(&path)?.to_parsed_key()
        }
        KeyFormat::Auto => Err(Error::UnrecognizedFormat),
    }
}

/// [`parse_key`] on bytes (a key file or stdin), which must be UTF-8 text.
pub fn parse_key_bytes(
    input: &[u8],
    format: KeyFormat,
    options: &ParseOptions,
) -> Result<ParsedKey> {
    let text = core::str::from_utf8(input).map_err(|_| Error::InvalidEncoding {
        what: "key input",
        expected: "UTF-8 text",
    })?;
    parse_key(text, format, options)
}

/// A raw 32-byte private key given as bytes, not text (a `Uint8Array` in WASM, `bytes` in
/// Python): with `Auto` or `Hex` a big-endian scalar on `options.curve`, which is required and
/// may not be ed25519 (32 ed25519 bytes are a seed or a scalar, two different keys); with
/// `Ed25519Seed` an RFC 8032 seed; with `Ed25519Scalar` an ed25519 scalar. Every other format
/// is text: use [`parse_key`].
///
/// # Errors
/// [`Error::OptionNotApplicable`] for a passphrase or path, [`Error::KeyFormatIsText`] for a
/// text format, [`Error::KeyLength`] for other than 32 bytes, [`Error::CurveRequired`],
/// [`Error::Ed25519FormatRequired`], [`Error::CurveMismatch`], and the scalar checks of
/// [`ParsedKey::from_scalar`].
pub fn parse_raw_key(bytes: &[u8], format: KeyFormat, options: &ParseOptions) -> Result<ParsedKey> {
    const RAW: &str = "raw key bytes";
    for (given, option) in [
        (options.passphrase.is_some(), "passphrase"),
        (options.path.is_some(), "path"),
    ] {
        if given {
            return Err(Error::OptionNotApplicable {
                option,
                format: RAW,
            });
        }
    }
    if !matches!(
        format,
        KeyFormat::Auto | KeyFormat::Hex | KeyFormat::Ed25519Seed | KeyFormat::Ed25519Scalar
    ) {
        return Err(Error::KeyFormatIsText {
            format: format.as_str(),
        });
    }
    check_options(format, options)?;
    let raw: Zeroizing<[u8; 32]> =
        Zeroizing::new(bytes.try_into().map_err(|_| Error::KeyLength {
            what: "private key bytes",
            expected: 32,
            actual: bytes.len(),
        })?);
    match format {
        KeyFormat::Ed25519Seed => ParsedKey::from_ed25519_seed(raw),
        KeyFormat::Ed25519Scalar => ParsedKey::from_scalar(CurveId::Ed25519, raw),
        _ => match options.curve {
            None => Err(Error::CurveRequired { format: RAW }),
            Some(CurveId::Ed25519) => Err(Error::Ed25519FormatRequired),
            Some(curve) => ParsedKey::from_scalar(curve, raw),
        },
    }
}

/// Reject options the format does not use, and curves it cannot hold.
fn check_options(format: KeyFormat, options: &ParseOptions) -> Result<()> {
    if let (Some(fixed), Some(asked)) = (format.fixed_curve(), options.curve)
        && fixed != asked
    {
        return Err(Error::CurveMismatch {
            format: format.as_str(),
            curve: asked.as_str(),
        });
    }
    if options.passphrase.is_some() && format != KeyFormat::Mnemonic {
        return Err(Error::OptionNotApplicable {
            option: "passphrase",
            format: format.as_str(),
        });
    }
    if options.path.is_some() && !matches!(format, KeyFormat::Mnemonic | KeyFormat::Xprv) {
        return Err(Error::OptionNotApplicable {
            option: "path",
            format: format.as_str(),
        });
    }
    Ok(())
}
