#!/usr/bin/env python3
"""Independent generator of the signer-manifest vectors (SPEC.md §8.7), with pyca/cryptography.

keyport's tests (tests/signers_pinning.rs) check that the Rust code produces these files byte
for byte, so the signed-bytes layout and both signature encodings are checked by a second
implementation. Run from this directory: python3 generate.py
"""
import base64, hashlib, json, struct
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

CLUSTER = "c1"
SIGNERS = [(bytes([1]), bytes([0x0C])), (bytes([2]), bytes([0x0A, 0x0B]))]  # id byte order
ISSUED, EXPIRES = 1764547200, 1764633600  # 2025-12-01T00:00:00Z, a day later

def len16(b):
    return struct.pack(">H", len(b)) + b

set_bytes = len16(CLUSTER.encode()) + b"".join(len16(i) + len16(k) for i, k in SIGNERS)
assert hashlib.sha256(set_bytes).hexdigest() == \
    "6bc8a21cf85b51604f73ed7c9064b6193ac8cef2b7cd3477ad8297f3287cc9f3"
signed = b"keyport signer manifest v1\x00" + struct.pack(">QQ", ISSUED, EXPIRES) + set_bytes
print("signed bytes", signed.hex())

def manifest(algorithm, raw_public, signature):
    doc = {
        "keyportSignerManifest": 1,
        "clusterId": CLUSTER,
        "signers": [{"signerId": base64.b64encode(i).decode(),
                     "encryptionKey": base64.b64encode(k).decode()} for i, k in SIGNERS],
        "issuedAt": ISSUED,
        "expiresAt": EXPIRES,
        "algorithm": algorithm,
        "keyId": hashlib.sha256(raw_public).digest()[:8].hex(),
        "signature": base64.b64encode(signature).decode(),
    }
    return json.dumps(doc, separators=(",", ":")) + "\n"

ed = ed25519.Ed25519PrivateKey.from_private_bytes(bytes([7] * 32))
ed_pub = ed.public_key()
ed_raw = ed_pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
open("manifest-ed25519.json", "w").write(manifest("ed25519", ed_raw, ed.sign(signed)))
open("manifest-ed25519.pub.pem", "wb").write(ed_pub.public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
print("ed25519 public", ed_raw.hex())

p = ec.derive_private_key(int.from_bytes(bytes([7] * 32), "big"), ec.SECP256R1())
p_pub = p.public_key()
p_raw = p_pub.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint)
r, s = decode_dss_signature(p.sign(signed, ec.ECDSA(hashes.SHA256(), deterministic_signing=True)))
open("manifest-p256.json", "w").write(
    manifest("ecdsa-p256-sha256", p_raw, r.to_bytes(32, "big") + s.to_bytes(32, "big")))
open("manifest-p256.pub.pem", "wb").write(p_pub.public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
print("p256 public", p_raw.hex())
