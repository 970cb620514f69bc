//! AES-256-GCM seal and open, in place.

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{AeadInOut, KeyInit, Nonce, Tag};

/// Length of the authentication tag, in bytes.
pub const TAG_LEN: usize = 16;

/// AES-GCM refused the input: the message is longer than GCM allows (about 64 GiB), or, when
/// opening, the tag does not authenticate it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused;

/// Encrypts `buffer` in place under `key` and `nonce`, authenticating `aad`; returns the tag.
pub fn seal_in_place(
    key: &[u8; 32],
    nonce: &[u8; 12],
    aad: &[u8],
    buffer: &mut [u8],
) -> Result<[u8; TAG_LEN], Refused> {
    let cipher = Aes256Gcm::new(key.into());
    let tag = cipher
        .encrypt_inout_detached(&Nonce::<Aes256Gcm>::from(*nonce), aad, buffer.into())
        .map_err(|_| Refused)?;
    Ok(tag.into())
}

/// Checks `tag` over `buffer` and `aad`, then decrypts `buffer` in place. On `Err` the buffer
/// is left as it was (aes-gcm checks the tag before decrypting).
pub fn open_in_place(
    key: &[u8; 32],
    nonce: &[u8; 12],
    aad: &[u8],
    buffer: &mut [u8],
    tag: &[u8; TAG_LEN],
) -> Result<(), Refused> {
    let cipher = Aes256Gcm::new(key.into());
    cipher
        .decrypt_inout_detached(
            &Nonce::<Aes256Gcm>::from(*nonce),
            aad,
            buffer.into(),
            &Tag::<Aes256Gcm>::from(*tag),
        )
        .map_err(|_| Refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// NIST GCM test vector (gcmEncryptExtIV256.rsp, Count 0 of the 96-bit-IV, 128-bit-PT,
    /// 128-bit-AAD, 128-bit-tag set) through both functions.
    #[test]
    fn nist_vector_seals_and_opens() {
        let key: [u8; 32] =
            hex32("92e11dcdaa866f5ce790fd24501f92509aacf4cb8b1339d50c9c1240935dd08b");
        let nonce: [u8; 12] = hex("ac93a1a6145299bde902f21a").try_into().unwrap();
        let aad = hex("1e0889016f67601c8ebea4943bc23ad6");
        let pt = hex("2d71bcfa914e4ac045b2aa60955fad24");
        let ct = hex("8995ae2e6df3dbf96fac7b7137bae67f");
        let tag: [u8; 16] = hex("eca5aa77d51d4a0a14d9c51e1da474ab").try_into().unwrap();

        let mut buf = pt.clone();
        assert_eq!(seal_in_place(&key, &nonce, &aad, &mut buf), Ok(tag));
        assert_eq!(buf, ct);
        assert_eq!(open_in_place(&key, &nonce, &aad, &mut buf, &tag), Ok(()));
        assert_eq!(buf, pt);
    }

    #[test]
    fn a_flipped_bit_is_refused_and_leaves_the_buffer() {
        let key = [7u8; 32];
        let nonce = [0u8; 12];
        let mut buf = *b"sixteen byte msg";
        let tag = seal_in_place(&key, &nonce, b"aad", &mut buf).unwrap();
        let sealed = buf;
        for (i, aad) in [(0usize, &b"aad"[..]), (usize::MAX, &b"aae"[..])] {
            let mut b = sealed;
            if i != usize::MAX {
                b[i] ^= 1;
            }
            let before = b;
            assert_eq!(open_in_place(&key, &nonce, aad, &mut b, &tag), Err(Refused));
            assert_eq!(b, before);
        }
        let mut bad_tag = tag;
        bad_tag[15] ^= 0x80;
        let mut b = sealed;
        assert_eq!(
            open_in_place(&key, &nonce, b"aad", &mut b, &bad_tag),
            Err(Refused)
        );
    }

    fn hex32(s: &str) -> [u8; 32] {
        hex(s).try_into().unwrap()
    }

    fn hex(s: &str) -> alloc::vec::Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }
}
