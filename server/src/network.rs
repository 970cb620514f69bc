//! The signer network: the only module that calls the keyport library.
//!
//! It holds the cluster's reference signers (`keyport::signer::Signer`), has each of them open
//! and verify its share of an import, checks that they all saw the same dealing, answers
//! exports, and derives wallet addresses from public keys (`keyport::keys`). Everything it
//! returns is either public or zeroizing.

use keyport::api::{
    KeyExportRequest, KeyExportResponse, KeyImportRequest, ListSignersResponse, SignerCluster,
};
use keyport::keys::{Addresses, Network as BitcoinNetwork};
use keyport::signer::{Signer, StoredShare, check_same_commitments};
use keyport::{
    CurveId, DecryptionKey, EnvelopeKind, Manifest, ManifestSigningKey, Protocol, SignerId,
    SignerSet,
};
use zeroize::Zeroizing;

use crate::error::{ApiError, ServeError};

/// The public manifest key of `seed` as `manifest.pub` holds it: hex and a newline.
pub fn manifest_public_hex(seed: &[u8; 32]) -> String {
    let key = ManifestSigningKey::ed25519_from_seed(seed).public_key();
    format!("{}\n", hex::encode(key.to_bytes()))
}

/// The most signers a cluster may have (keyport's share limit).
pub const MAX_SIGNERS: usize = keyport::signer::MAX_CLUSTER_SIGNERS;

/// One cluster of reference signers.
pub struct Cluster {
    id: String,
    signers: Vec<Signer>,
    envelope: EnvelopeKind,
}

impl std::fmt::Debug for Cluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cluster")
            .field("id", &self.id)
            .field("signers", &self.signers.len())
            .field("envelope", &self.envelope.as_str())
            .finish()
    }
}

/// An import every signer accepted: its public description and each signer's share, ready to
/// seal.
pub struct Accepted {
    /// Curve API name.
    pub curve: String,
    /// Protocol API name.
    pub protocol: String,
    /// ECDSA, EdDSA, Schnorr or DH.
    pub scheme: &'static str,
    /// Threshold.
    pub min_signers: u32,
    /// Compressed group public key, hex.
    pub public_key: String,
    /// Name from the request.
    pub name: Option<String>,
    /// `masterKey` from the request.
    pub master_key: Option<bool>,
    /// (signer id, the signer's stored share as JSON), in signer order.
    pub shares: Vec<(String, Zeroizing<Vec<u8>>)>,
}

impl Cluster {
    /// `n` fresh signers speaking `envelope`.
    pub fn generate(id: String, n: usize, envelope: EnvelopeKind) -> Result<Self, ServeError> {
        if keyport::signer::check_cluster_size(n).is_err() {
            return Err(ServeError::Usage(format!(
                "--signers must be between {} and {MAX_SIGNERS}",
                keyport::signer::MIN_CLUSTER_SIGNERS
            )));
        }
        let mut rng =
            keyport::os_rng().map_err(|e| ServeError::Crypto(format!("no randomness: {e}")))?;
        let signers = (0..n)
            .map(|_| Signer::generate(envelope, &mut rng))
            .collect();
        Ok(Self {
            id,
            signers,
            envelope,
        })
    }

    /// The signers from their ids and decryption keys, as [`Cluster::signer_keys`] gave them.
    pub fn from_keys(
        id: String,
        keys: &[(String, Zeroizing<Vec<u8>>)],
    ) -> Result<Self, ServeError> {
        let mut signers = Vec::with_capacity(keys.len());
        for (signer_id, key) in keys {
            let bad = |e: keyport::Error| ServeError::Crypto(format!("signer {signer_id}: {e}"));
            let bytes = SignerId::from_base64(signer_id)
                .map(SignerId::into_bytes)
                .map_err(bad)?;
            let key = DecryptionKey::from_bytes(key).map_err(bad)?;
            signers.push(Signer::new(bytes, key));
        }
        let envelope = signers
            .first()
            .map(|s| s.decryption_key().envelope())
            .ok_or_else(|| ServeError::Storage("the database holds no signers".into()))?;
        if signers
            .iter()
            .any(|s| s.decryption_key().envelope() != envelope)
        {
            return Err(ServeError::Storage(
                "the signers use different envelopes".into(),
            ));
        }
        Ok(Self {
            id,
            signers,
            envelope,
        })
    }

    /// Each signer's id and decryption key encoding (secret), in list order.
    pub fn signer_keys(&self) -> Vec<(String, Zeroizing<Vec<u8>>)> {
        self.signers
            .iter()
            .map(|s| (s.id_base64(), s.decryption_key().to_bytes()))
            .collect()
    }

    /// The cluster id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The envelope the signers speak.
    pub fn envelope(&self) -> EnvelopeKind {
        self.envelope
    }

    /// The number of signers.
    pub fn len(&self) -> usize {
        self.signers.len()
    }

    /// Whether the cluster has no signers (never, once built).
    pub fn is_empty(&self) -> bool {
        self.signers.is_empty()
    }

    /// The ListSigners response JSON.
    pub fn list_signers_json(&self) -> String {
        ListSignersResponse {
            clusters: vec![SignerCluster {
                cluster_id: self.id.clone(),
                signers: self.signers.iter().map(Signer::info).collect(),
            }],
        }
        .to_json()
    }

    /// The signer manifest (SPEC.md §8.7) of the signers as they are now, signed by the
    /// Ed25519 key of `seed`, valid from `now` for `ttl` seconds.
    pub fn manifest_json(&self, seed: &[u8; 32], now: u64, ttl: u64) -> Result<String, ApiError> {
        let infos: Vec<_> = self.signers.iter().map(Signer::info).collect();
        let set = SignerSet::new(&self.id, &infos)
            .map_err(|e| ApiError::internal("signer manifest", e))?;
        let manifest = Manifest::new(set, now, now.saturating_add(ttl.max(1)))
            .map_err(|e| ApiError::internal("signer manifest", e))?;
        Ok(manifest.sign(&ManifestSigningKey::ed25519_from_seed(seed)))
    }

    /// Every signer opens and verifies its share of the import in `body`, and they check that
    /// they all saw the same dealing. Only then is the import accepted.
    pub fn accept_import(&self, body: &str) -> Result<Accepted, ApiError> {
        let request =
            KeyImportRequest::from_json(body).map_err(|e| ApiError::bad_request(e.to_string()))?;
        let protocol: Protocol = request
            .protocol
            .parse()
            .map_err(|e: keyport::Error| ApiError::bad_request(format!("protocol: {e}")))?;
        if let Some(name) = &request.name {
            let chars = name.chars().count();
            if chars > keyport::MAX_NAME_CHARS {
                return Err(ApiError::bad_request(format!(
                    "name has {chars} characters; at most {} are allowed",
                    keyport::MAX_NAME_CHARS
                )));
            }
        }
        if request.encrypted_key_shares.len() != self.signers.len() {
            return Err(ApiError::bad_request(format!(
                "encryptedKeyShares has {} shares; this cluster has {} signers (GET /signers lists them)",
                request.encrypted_key_shares.len(),
                self.signers.len()
            )));
        }
        if request.master_key == Some(true) && self.envelope == EnvelopeKind::DfnsV1 {
            return Err(ApiError::bad_request(
                "masterKey: a master key's chain code travels only in hpke-v1 shares; these signers speak dfns-v1",
            ));
        }
        let mut stored = Vec::with_capacity(self.signers.len());
        for s in &self.signers {
            let share = s.accept_import(&request).map_err(|e| {
                ApiError::bad_request(format!(
                    "encryptedKeyShares: share for signer {}: {e}",
                    s.id_base64()
                ))
            })?;
            stored.push(share);
        }
        check_same_commitments(&stored)
            .map_err(|e| ApiError::bad_request(format!("encryptedKeyShares: {e}")))?;
        if request.master_key == Some(true) && stored.iter().any(|s| s.chain_code.is_none()) {
            return Err(ApiError::bad_request(
                "masterKey is true but the shares carry no chain code",
            ));
        }
        let public_key = stored
            .first()
            .map(|s| s.public_key_hex().to_string())
            .unwrap_or_default();
        let mut shares = Vec::with_capacity(stored.len());
        for (signer, share) in self.signers.iter().zip(&stored) {
            let json =
                serde_json::to_vec(share).map_err(|e| ApiError::internal("encoding a share", e))?;
            shares.push((signer.id_base64(), Zeroizing::new(json)));
        }
        Ok(Accepted {
            curve: request.curve,
            protocol: request.protocol,
            scheme: scheme_of(protocol),
            min_signers: request.min_signers,
            public_key,
            name: request.name,
            master_key: request.master_key,
            shares,
        })
    }

    /// Every signer answers the export request in `body` with its share of the key, sealed to
    /// the requester. `shares` are the stored shares (opened), by signer id. Returns the
    /// response JSON and the request's encryption key (for the export record).
    pub fn answer_export(
        &self,
        curve: &str,
        protocol: &str,
        public_key: &str,
        shares: &[(String, Zeroizing<Vec<u8>>)],
        body: &str,
    ) -> Result<(String, String), ApiError> {
        let request =
            KeyExportRequest::from_json(body).map_err(|e| ApiError::bad_request(e.to_string()))?;
        if !request
            .supported_schemes
            .iter()
            .any(|s| s.curve == curve && s.protocol == protocol)
        {
            return Err(ApiError::bad_request(format!(
                "supportedSchemes does not include {protocol}/{curve}, the scheme of this key; the export is refused"
            )));
        }
        let mut rng = keyport::os_rng().map_err(|e| ApiError::internal("randomness", e))?;
        let mut out = Vec::with_capacity(self.signers.len());
        let mut threshold = 0;
        for s in &self.signers {
            let id = s.id_base64();
            let json = shares
                .iter()
                .find(|(sid, _)| *sid == id)
                .map(|(_, j)| j)
                .ok_or_else(|| {
                    ApiError::internal("export", format!("no stored share for signer {id}"))
                })?;
            let stored: StoredShare = serde_json::from_slice(json).map_err(|e| {
                ApiError::internal("decoding a stored share", keyport_json_summary(&e))
            })?;
            threshold = u32::from(stored.threshold);
            let share = s
                .answer_export(&stored, &request, &mut rng)
                .map_err(|e| match e {
                    keyport::Error::UnsupportedScheme { .. } => {
                        ApiError::bad_request(format!("supportedSchemes: {e}"))
                    }
                    e => ApiError::bad_request(format!("encryptionKey: {e}")),
                })?;
            out.push(share);
        }
        let response = KeyExportResponse {
            public_key: public_key.to_string(),
            min_signers: threshold,
            protocol: protocol.to_string(),
            curve: curve.to_string(),
            encrypted_key_shares: out,
        };
        Ok((response.to_json(), request.encryption_key))
    }
}

/// A serde_json error without the input (which may be a share): class, line and column.
fn keyport_json_summary(e: &serde_json::Error) -> String {
    format!(
        "{:?} error at line {} column {}",
        e.classify(),
        e.line(),
        e.column()
    )
}

/// The signature scheme a protocol produces, as Dfns names it.
pub fn scheme_of(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Cggmp21 | Protocol::Cggmp24 | Protocol::Ku23 => "ECDSA",
        Protocol::Frost => "EdDSA",
        Protocol::FrostBitcoin => "Schnorr",
        Protocol::Glow20Dh => "DH",
    }
}

/// Which address a network uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    /// The Ethereum family: an EIP-55 address of a secp256k1 ECDSA key.
    Evm,
    /// Bitcoin: P2WPKH for an ECDSA key, Taproot (BIP-86) for FROST_BITCOIN.
    Bitcoin(BitcoinNetwork),
    /// Solana: the base58 ed25519 public key.
    Solana,
    /// StarkNet: keyport derives the public key (the x-coordinate), which is what this
    /// server reports; an account contract address depends on the account class deployed.
    Starknet,
}

/// The networks a wallet can be imported on.
const NETWORKS: &[(&str, Family)] = &[
    ("Ethereum", Family::Evm),
    ("EthereumSepolia", Family::Evm),
    ("EthereumHolesky", Family::Evm),
    ("Base", Family::Evm),
    ("BaseSepolia", Family::Evm),
    ("ArbitrumOne", Family::Evm),
    ("ArbitrumSepolia", Family::Evm),
    ("Optimism", Family::Evm),
    ("OptimismSepolia", Family::Evm),
    ("Polygon", Family::Evm),
    ("PolygonAmoy", Family::Evm),
    ("Bsc", Family::Evm),
    ("BscTestnet", Family::Evm),
    ("AvalancheC", Family::Evm),
    ("AvalancheCFuji", Family::Evm),
    ("Bitcoin", Family::Bitcoin(BitcoinNetwork::Mainnet)),
    ("BitcoinTestnet3", Family::Bitcoin(BitcoinNetwork::Testnet)),
    ("BitcoinTestnet4", Family::Bitcoin(BitcoinNetwork::Testnet)),
    ("BitcoinSignet", Family::Bitcoin(BitcoinNetwork::Testnet)),
    ("Solana", Family::Solana),
    ("SolanaDevnet", Family::Solana),
    ("Starknet", Family::Starknet),
    ("StarknetSepolia", Family::Starknet),
];

/// The address of a key on `network`, or a 400 that says which networks and keys go together.
pub fn wallet_address(
    network: &str,
    curve: &str,
    protocol: &str,
    public_key_hex: &str,
) -> Result<String, ApiError> {
    let family = NETWORKS
        .iter()
        .find(|(n, _)| *n == network)
        .map(|(_, f)| *f)
        .ok_or_else(|| {
            let names: Vec<&str> = NETWORKS.iter().map(|(n, _)| *n).collect();
            // The value is not echoed: whatever was sent in a wrong field stays out of messages.
            ApiError::bad_request(format!(
                "network is not supported; use one of {}",
                names.join(", ")
            ))
        })?;
    let curve_id: CurveId = curve
        .parse()
        .map_err(|e: keyport::Error| ApiError::bad_request(format!("curve: {e}")))?;
    let protocol: Protocol = protocol
        .parse()
        .map_err(|e: keyport::Error| ApiError::bad_request(format!("protocol: {e}")))?;
    let scheme = scheme_of(protocol);
    let mismatch = |needs: &str| {
        ApiError::bad_request(format!(
            "network {network} needs {needs}; this key is {scheme} on {curve}"
        ))
    };
    let pk = hex::decode(public_key_hex)
        .map_err(|_| ApiError::internal("wallet", "stored public key is not hex"))?;
    let bitcoin_network = match family {
        Family::Bitcoin(n) => n,
        _ => BitcoinNetwork::Mainnet,
    };
    let addresses = Addresses::from_public_key_on(curve_id, &pk, bitcoin_network)
        .map_err(|e| ApiError::bad_request(format!("publicKey: {e}")))?;
    let address = match family {
        Family::Evm if curve_id == CurveId::Secp256k1 && scheme == "ECDSA" => addresses.ethereum,
        Family::Evm => return Err(mismatch("an ECDSA key on secp256k1")),
        Family::Bitcoin(_) if protocol == Protocol::FrostBitcoin => addresses.bitcoin_p2tr,
        Family::Bitcoin(_) if curve_id == CurveId::Secp256k1 && scheme == "ECDSA" => {
            addresses.bitcoin_p2wpkh
        }
        Family::Bitcoin(_) => return Err(mismatch("an ECDSA or FROST_BITCOIN key on secp256k1")),
        Family::Solana if protocol == Protocol::Frost => addresses.solana,
        Family::Solana => return Err(mismatch("an EdDSA (FROST) key on ed25519")),
        Family::Starknet if curve_id == CurveId::Stark && scheme == "ECDSA" => addresses.starknet,
        Family::Starknet => return Err(mismatch("an ECDSA key on stark")),
    };
    address.ok_or_else(|| ApiError::internal("wallet", "no address for a matching key"))
}
