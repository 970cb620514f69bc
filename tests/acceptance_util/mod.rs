//! Helpers shared by the protocol-acceptance tests (`tests/acceptance_*.rs`).
#![allow(dead_code)]

use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

/// The seeded RNG keyport's own calls take (rand_core 0.10).
pub fn rng(seed: u64) -> ChaCha20Rng {
    ChaCha20Rng::seed_from_u64(seed)
}

/// The same seeded ChaCha20 stream behind the rand_core 0.6 traits that the ZF FROST crates
/// want, so nonces (and hence any failure) are reproducible. Test-only glue: it forwards every
/// call to the rand_core 0.10 RNG.
pub struct Rng06(pub ChaCha20Rng);

impl Rng06 {
    /// A seeded instance.
    pub fn seeded(seed: u64) -> Self {
        Self(rng(seed))
    }
}

impl rand_core_06::RngCore for Rng06 {
    fn next_u32(&mut self) -> u32 {
        self.0.next_u32()
    }
    fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        self.0.fill_bytes(dest)
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core_06::Error> {
        self.0.fill_bytes(dest);
        Ok(())
    }
}

impl rand_core_06::CryptoRng for Rng06 {}

/// 32 bytes from the seeded stream (a "random" seed or key that is still reproducible).
pub fn bytes32(seed: u64) -> [u8; 32] {
    let mut out = [0u8; 32];
    rng(seed).fill_bytes(&mut out);
    out
}

/// One signer's share as it comes out of keyport's real import path, as bytes only.
pub struct Party {
    /// The share's x-coordinate (1-based position of the signer in id order).
    pub index: u16,
    /// The share, 32 bytes big-endian, as the signer stored it.
    pub share_be: zeroize::Zeroizing<[u8; 32]>,
    /// `G·share`, compressed, as the group sees it: the stored commitments evaluated at
    /// `index` (not recomputed from the secret share).
    pub public_share: Vec<u8>,
}

/// The outcome of an import through the signers.
pub struct Imported {
    /// The group key `C_0` from the signers' stored commitments, compressed.
    pub public_key: Vec<u8>,
    /// Every signer, in index order `1..=n`.
    pub parties: Vec<Party>,
    /// A master key's chain code as every signer stored it (they must agree).
    pub chain_code: Option<[u8; 32]>,
}

/// Import `key` the way a wallet does, with nothing taken from the dealer's internals:
/// `build_import_request_with_rng` against an in-process cluster of `n` signers with
/// `envelope` keys; each signer opens and verifies its share (`Signer::accept_import`), all
/// must have stored the same commitments, and the shares are read back from the signers'
/// `StoredShare` records.
pub fn import_via_signers<C: keyport::hazmat::curve::Curve>(
    key: &keyport::ImportKey,
    protocol: keyport::Protocol,
    threshold: usize,
    n: usize,
    envelope: keyport::EnvelopeKind,
    seed: u64,
) -> Imported {
    import_master_via_signers::<C>(key, None, protocol, threshold, n, envelope, seed)
}

/// [`import_via_signers`], for a BIP-32 master key when `chain_code` is given (`masterKey`
/// imports need hpke-v1: the chain code travels in the payload). The chain code is read back
/// from the signers' stored shares, not passed through.
pub fn import_master_via_signers<C: keyport::hazmat::curve::Curve>(
    key: &keyport::ImportKey,
    chain_code: Option<[u8; 32]>,
    protocol: keyport::Protocol,
    threshold: usize,
    n: usize,
    envelope: keyport::EnvelopeKind,
    seed: u64,
) -> Imported {
    use keyport::hazmat::curve::PointForm;
    use keyport::hazmat::sharing::{Commitments, Identifier};

    let mut rng = rng(seed);
    let cluster = keyport::signer::Cluster::generate(n, envelope, &mut rng);
    let signers = cluster.list_signers().clusters.remove(0).signers;
    let mut options = keyport::ImportOptions::new(C::ID, protocol, threshold);
    options.chain_code = chain_code.map(zeroize::Zeroizing::new);
    let request =
        keyport::hazmat::build_import_request_with_rng(key, &signers, &options, &mut rng).unwrap();
    assert_eq!(request.encrypted_key_shares.len(), n);
    let mut stored: Vec<keyport::signer::StoredShare> = cluster
        .signers()
        .iter()
        .map(|s| s.accept_import(&request).unwrap())
        .collect();
    keyport::signer::check_same_commitments(&stored).unwrap();
    stored.sort_by_key(|s| s.index);
    assert_eq!(
        stored.iter().map(|s| s.index).collect::<Vec<_>>(),
        (1..=u16::try_from(n).unwrap()).collect::<Vec<_>>()
    );

    let commitments = Commitments::<C>::new(
        stored[0]
            .commitments
            .iter()
            .map(|c| C::decode_point(&hex::decode(c).unwrap()).unwrap())
            .collect(),
    )
    .unwrap();
    assert_eq!(commitments.threshold(), threshold);
    let parties = stored
        .iter()
        .map(|s| {
            let x = Identifier::<C>::from_index(s.index).unwrap();
            Party {
                index: s.index,
                share_be: zeroize::Zeroizing::new(
                    hex::decode(s.share.as_bytes()).unwrap().try_into().unwrap(),
                ),
                public_share: C::encode_point(&commitments.evaluate(&x), PointForm::Compressed)
                    .unwrap(),
            }
        })
        .collect();
    let stored_chain_code = stored[0]
        .chain_code
        .as_ref()
        .map(|cc| <[u8; 32]>::try_from(hex::decode(cc).unwrap()).unwrap());
    assert!(stored.iter().all(|s| s.chain_code == stored[0].chain_code));
    Imported {
        public_key: C::encode_point(commitments.public_key(), PointForm::Compressed).unwrap(),
        parties,
        chain_code: stored_chain_code,
    }
}
