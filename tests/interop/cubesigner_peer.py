#!/usr/bin/env python3
"""An independent check (pyhpke 0.6.5) of keyport's CubeSigner sealing, for
tests/attest_cubesigner.rs.

Usage:
  cubesigner_peer.py check
      exit 0 if pyhpke is importable, 3 if not.
  cubesigner_peer.py reseal RESPONSE_JSON_PATH IKME_HEX
      reads the plaintext as hex on stdin. From the CubeSigner import-key response alone,
      rebuilds the signed bytes as CubeSigner's SDK does (wrapped_import_key.ts), takes
      info = SHA-256 of them, and seals the plaintext to the response's public_key with
      DHKEM(P-384, HKDF-SHA384), HKDF-SHA384, AES-256-GCM, the ephemeral key derived from
      IKME, empty aad. Prints "INFO_HEX ENC_HEX CT_HEX".
"""
import base64
import hashlib
import json
import sys

DST = b"CUBESIGNER_EPHEMERAL_IMPORT_P384"


def len16(b):
    return len(b).to_bytes(2, "big") + b


def reseal(path, ikme_hex, plaintext):
    from pyhpke import AEADId, CipherSuite, KDFId, KEMId

    resp = json.load(open(path, encoding="utf-8"))
    field = lambda name: base64.b64decode(resp[name], validate=True)
    signed = (
        len16(DST)
        + len16(field("public_key"))
        + len16(field("sk_enc"))
        + len16(field("dk_enc"))
        + int(resp["expires"]).to_bytes(8, "big")
    )
    info = hashlib.sha256(signed).digest()
    suite = CipherSuite.new(
        KEMId.DHKEM_P384_HKDF_SHA384, KDFId.HKDF_SHA384, AEADId.AES256_GCM
    )
    pk = suite.kem.deserialize_public_key(field("public_key"))
    eks = suite.kem.derive_key_pair(bytes.fromhex(ikme_hex))
    enc, ctx = suite.create_sender_context(pk, info=info, eks=eks)
    print(info.hex(), enc.hex(), ctx.seal(plaintext, aad=b"").hex())
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
    if argv[1] == "check":
        return 0
    if argv[1] == "reseal" and len(argv) == 4:
        return reseal(argv[2], argv[3], bytes.fromhex(sys.stdin.read().strip()))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
