#!/usr/bin/env python3
"""An independent HPKE peer (pyhpke) for keyport's interop test.

Usage (all values lowercase hex; the ids are decimal IANA ids):
  hpke_peer.py check
      exit 0 if pyhpke is importable, 3 if not.
  hpke_peer.py open KEM_ID AEAD_ID SK_HEX ENC_HEX INFO_HEX
      reads the HPKE ciphertext (with tag) as hex on stdin, prints the plaintext hex.
  hpke_peer.py seal KEM_ID AEAD_ID PK_HEX INFO_HEX
      reads the plaintext hex on stdin, prints "ENC_HEX CT_HEX".
  hpke_peer.py check-spec SPEC_PATH
      rebuilds the context and info of the X25519 and P-256 hpke-v1 vectors in SPEC.md from
      the spec's rules alone (the dealing digest from the 7.3 payload's commitments), opens each ciphertext and, with enc_random as ikmE, reseals it
      byte for byte; prints the number of vectors checked.

Base mode, KDF HKDF-SHA256, empty aad, always through pyhpke's contexts (its one-shot
seal/open are not implemented).
"""
import sys


def suite(kem_id, aead_id):
    from pyhpke import AEADId, CipherSuite, KDFId, KEMId

    return CipherSuite.new(KEMId(int(kem_id)), KDFId.HKDF_SHA256, AEADId(int(aead_id)))


def check_spec(path):
    import re

    from pyhpke import AEADId, CipherSuite, KDFId, KEMId

    import hashlib

    text = open(path, encoding="utf-8").read()
    # The §7.3 dealing: share 1's payload, whose commitments give the dealing digest (§7.1.1)
    # that the vectors' import context binds and whose bytes are the vectors' plaintext.
    payload = bytes.fromhex(re.search(r"^payload         = ([0-9a-f]+)$", text, re.M).group(1))
    t = int.from_bytes(payload[4:6], "big")
    commitments = payload[6 + 32 : 6 + 32 + 33 * t]
    digest = hashlib.sha256(
        b"keyport dealing v1\x00" + payload[1:2] + payload[4:6] + commitments + b"\x00"
    ).digest()
    listed = re.search(r"^dealing digest  = ([0-9a-f]+)$", text, re.M).group(1)
    assert digest == bytes.fromhex(listed), "the dealing digest of SPEC 7.3"
    blocks = re.findall(r"```text\n(hpke-v1 [^\n]*)\n(.*?)```", text, re.S)
    checked = 0
    for title, body in blocks:
        v = dict(line.split(" = ", 1) for line in body.strip().split("\n"))
        v = {k.strip(): bytes.fromhex(x.strip()) for k, x in v.items()}
        rk, sk, ct = v["recipient_key"], v["secret_key"], v["ciphertext"]
        # Recipient key: 0x02 || key_id || kem || pk || u16(len) || suites  (SPEC 4.2)
        assert rk[0] == 2, title
        key_id, kem_id = rk[1], int.from_bytes(rk[2:4], "big")
        npk, nenc = {0x0020: (32, 32), 0x0010: (65, 65), 0x647A: (1216, 1120)}[kem_id]
        pk = rk[4 : 4 + npk]
        n = int.from_bytes(rk[4 + npk : 6 + npk], "big")
        suites = [
            (int.from_bytes(rk[i : i + 2], "big"), int.from_bytes(rk[i + 2 : i + 4], "big"))
            for i in range(6 + npk, 6 + npk + n, 4)
        ]
        assert len(rk) == 6 + npk + n, title
        kdf_id, aead_id = next(s for s in suites if s[0] == 1 and s[1] in (2, 3))
        # Decryption key: 0x02 || key_id || kem || sk  (SPEC 4.3)
        assert sk[:4] == rk[:4] and len(sk) == 36, title
        # Context (SPEC 4.4), from the listed field values only.
        def len16(b):
            return len(b).to_bytes(2, "big") + b

        context = b"".join(
            len16(f)
            for f in [
                b"import",
                b"secp256k1",
                b"CGGMP21",
                (2).to_bytes(2, "big"),
                bytes.fromhex("a1b2c3d4e5f60718293a4b5c6d7e8f90"),
                (1).to_bytes(2, "big"),
                digest,
            ]
        )
        assert context == v["context"], title
        # Ciphertext and info (SPEC 4.5, 4.6).
        header = bytes([key_id]) + kem_id.to_bytes(2, "big") + kdf_id.to_bytes(2, "big") + aead_id.to_bytes(2, "big")
        assert ct[0] == 2 and ct[1:8] == header, title
        info = b"keyport hpke-v1\x00" + header + context
        assert info == v["info"], title
        if kem_id == 0x647A:
            continue  # pyhpke has no X-Wing
        enc, body = ct[8 : 8 + nenc], ct[8 + nenc :]
        s = CipherSuite.new(KEMId(kem_id), KDFId(kdf_id), AEADId(aead_id))
        skr = s.kem.deserialize_private_key(sk[4:])
        pt = s.create_recipient_context(enc, skr, info=info).open(body, aad=b"")
        assert pt == v["plaintext"] == payload, title
        eks = s.kem.derive_key_pair(v["enc_random"])
        enc2, sctx = s.create_sender_context(s.kem.deserialize_public_key(pk), info=info, eks=eks)
        assert enc2 == enc and sctx.seal(pt, aad=b"") == body, title
        checked += 1
    print(checked)
    return 0


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        import pyhpke  # noqa: F401
    except ImportError:
        print("pyhpke is not importable", file=sys.stderr)
        return 3
    cmd = argv[1]
    if cmd == "check":
        return 0
    if cmd == "check-spec" and len(argv) == 3:
        return check_spec(argv[2])
    data = bytes.fromhex(sys.stdin.read().strip())
    if cmd == "open" and len(argv) == 7:
        _, _, kem_id, aead_id, sk_hex, enc_hex, info_hex = argv
        s = suite(kem_id, aead_id)
        sk = s.kem.deserialize_private_key(bytes.fromhex(sk_hex))
        ctx = s.create_recipient_context(bytes.fromhex(enc_hex), sk, info=bytes.fromhex(info_hex))
        print(ctx.open(data, aad=b"").hex())
        return 0
    if cmd == "seal" and len(argv) == 6:
        _, _, kem_id, aead_id, pk_hex, info_hex = argv
        s = suite(kem_id, aead_id)
        pk = s.kem.deserialize_public_key(bytes.fromhex(pk_hex))
        enc, ctx = s.create_sender_context(pk, info=bytes.fromhex(info_hex))
        print(enc.hex(), ctx.seal(data, aad=b"").hex())
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
