//! Properties of both envelopes over random inputs.

use std::sync::OnceLock;

use keyport::hazmat::envelope::hpke::{
    self as hpke_v1, Aead, HpkeSecretKey, Kem, KeyConfig, SymmetricSuite,
};
use keyport::hazmat::envelope::{self, Context, RecipientKey};
use keyport::{DecryptionKey, EnvelopeKind};
use proptest::prelude::*;
use proptest::sample::Index;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;

const KEMS: [Kem; 3] = [Kem::X25519HkdfSha256, Kem::P256HkdfSha256, Kem::XWing];
const AEADS: [Aead; 2] = [Aead::Aes256Gcm, Aead::ChaCha20Poly1305];

/// One key per KEM, made once (X-Wing key generation is not free in a debug build).
fn hpke_keys() -> &'static [HpkeSecretKey; 3] {
    static KEYS: OnceLock<[HpkeSecretKey; 3]> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut rng = ChaCha20Rng::seed_from_u64(0xfeed);
        KEMS.map(|kem| HpkeSecretKey::generate(kem, &mut rng).0)
    })
}

/// dfns-v1 and the three hpke-v1 KEMs, as generic decryption keys.
fn all_keys() -> &'static [DecryptionKey; 4] {
    static KEYS: OnceLock<[DecryptionKey; 4]> = OnceLock::new();
    KEYS.get_or_init(|| {
        let [a, b, c] = hpke_keys().clone();
        [
            DecryptionKey::generate(EnvelopeKind::DfnsV1, &mut ChaCha20Rng::seed_from_u64(1)),
            DecryptionKey::HpkeV1(a),
            DecryptionKey::HpkeV1(b),
            DecryptionKey::HpkeV1(c),
        ]
    })
}

fn ctx() -> Context {
    Context::import(
        keyport::CurveId::Secp256k1,
        keyport::Protocol::Cggmp21,
        keyport::Threshold::for_signers(3, keyport::hazmat::sharing::MAX_SHARES).unwrap(),
        b"signer".to_vec(),
        keyport::hazmat::sharing::ShareIndex::new(1).unwrap(),
        vec![3; 33],
    )
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 40,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Every KEM with every AEAD, on the same random payload and context.
    #[test]
    fn hpke_round_trip_every_kem_and_aead(
        payload in prop::collection::vec(any::<u8>(), 0..2048),
        signer_id in prop::collection::vec(any::<u8>(), 0..64),
        index in 1u16..=4096,
        seed in any::<u64>(),
    ) {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let context = Context::import(keyport::CurveId::Stark, keyport::Protocol::Ku23, keyport::Threshold::for_signers(2, keyport::hazmat::sharing::MAX_SHARES).unwrap(), signer_id, keyport::hazmat::sharing::ShareIndex::new(index).unwrap(), vec![2; 33]);
        for (sk, kem) in hpke_keys().iter().zip(KEMS) {
            for aead in AEADS {
                let base = sk.key_config();
                let config = KeyConfig::new(
                    base.key_id(), kem, base.public_key(), vec![SymmetricSuite::new(aead)],
                ).unwrap();
                let ct = hpke_v1::seal(&config, &context, &payload, &mut rng).unwrap();
                prop_assert_eq!(ct.len(), 8 + kem.enc_len() + payload.len() + 16);
                prop_assert_eq!(u16::from_be_bytes([ct[6], ct[7]]), aead.id());
                let opened = hpke_v1::open(sk, &context, &ct).unwrap();
                prop_assert_eq!(&opened[..], &payload[..]);
            }
        }
    }

    #[test]
    fn dfns_v1_round_trip(
        payload in prop::collection::vec(any::<u8>(), 0..2048),
        aad in prop::collection::vec(any::<u8>(), 0..64),
        seed in any::<u64>(),
    ) {
        let DecryptionKey::DfnsV1(sk) = &all_keys()[0] else { unreachable!() };
        let ct = envelope::dfns_v1::seal(
            &sk.public_key(), &payload, &aad, &mut ChaCha20Rng::seed_from_u64(seed),
        ).unwrap();
        prop_assert_eq!(&envelope::dfns_v1::open(sk, &ct, &aad).unwrap()[..], &payload[..]);
    }

    #[test]
    fn flipping_any_ciphertext_bit_makes_open_fail(
        which in 0usize..4,
        payload in prop::collection::vec(any::<u8>(), 0..256),
        bit in any::<Index>(),
        seed in any::<u64>(),
    ) {
        let dk = &all_keys()[which];
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        let mut ct = envelope::seal(&dk.recipient_key(), &ctx(), &payload, &mut rng).unwrap();
        let bit = bit.index(ct.len() * 8);
        ct[bit / 8] ^= 1 << (bit % 8);
        prop_assert!(envelope::open(dk, &ctx(), &ct).is_err(), "bit {} of {:?}", bit, dk.envelope());
    }

    /// Flipping a bit of a recipient key makes it unparsable, or unsealable, or sealing to it
    /// gives a ciphertext the original key cannot open. The one exception is the hpke-v1
    /// suite list: there a flip may turn one supported AEAD id into the other (0x0002 <->
    /// 0x0003) or an unsupported pair into a supported one. That changes only the sender's
    /// choice of AEAD, which the header names (and `info` binds), so the original key still
    /// opens it, as it would for any sender honouring the recipient's preference order.
    #[test]
    fn flipping_any_recipient_key_bit_breaks_it(
        which in 0usize..4,
        bit in any::<Index>(),
        seed in any::<u64>(),
    ) {
        let dk = &all_keys()[which];
        let original = dk.recipient_key();
        let mut bytes = original.to_bytes();
        let bit = bit.index(bytes.len() * 8);
        bytes[bit / 8] ^= 1 << (bit % 8);
        let Ok(flipped) = RecipientKey::from_bytes(&bytes) else { return Ok(()) };
        let Ok(ct) = envelope::seal(&flipped, &ctx(), b"share", &mut ChaCha20Rng::seed_from_u64(seed))
        else { return Ok(()) };
        if envelope::open(dk, &ctx(), &ct).is_err() {
            return Ok(());
        }
        match (&original, &flipped) {
            (RecipientKey::HpkeV1(o), RecipientKey::HpkeV1(f)) => {
                let suites_start = 1 + 3 + o.public_key().len() + 2;
                prop_assert!(bit / 8 >= suites_start, "flip at byte {} still opens", bit / 8);
                prop_assert_eq!((o.key_id(), o.kem(), o.public_key()), (f.key_id(), f.kem(), f.public_key()));
                prop_assert_ne!(o.suites(), f.suites());
            }
            _ => prop_assert!(false, "dfns-v1 key with bit {} flipped still opens", bit),
        }
    }
}
