#![no_main]
use keyport::hazmat::envelope::{RecipientKey, hpke};
use libfuzzer_sys::fuzz_target;
use rand_chacha::rand_core::SeedableRng;

fuzz_target!(|data: &[u8]| {
    let Some(sk) = keyport_fuzz::hpke_key() else {
        return;
    };
    let ctx = keyport_fuzz::hpke_context();
    let _ = hpke::open(&sk, &ctx, data);
    // The header-only checks must also hold through the version-dispatching entry point.
    let key = keyport::DecryptionKey::HpkeV1(sk.clone());
    let _ = keyport::hazmat::envelope::open(&key, &ctx, data);
    // Round trip: sealing the fuzz bytes as plaintext opens to the same bytes.
    if data.len() <= 512 {
        let recipient = RecipientKey::HpkeV1(sk.key_config());
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(data.len() as u64);
        if let Ok(ct) = keyport::hazmat::envelope::seal(&recipient, &ctx, data, &mut rng) {
            let pt = hpke::open(&sk, &ctx, &ct).expect("own ciphertext opens");
            assert_eq!(&*pt, data);
        }
    }
});
