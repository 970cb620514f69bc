#!/usr/bin/env python3
"""Write seed inputs for the fuzz targets from tests/vectors (copied from ../shared/vectors) into fuzz/corpus/<target>/.

Usage: python3 fuzz/seed_corpus.py [path/to/tests/vectors]. Idempotent; file names are
stable, so re-running changes nothing when the vectors have not changed. The hpke-v1 seeds
(hpke_v1_open, hpke_v1_payload) are written by `tests/fuzz_seeds.rs` with
KEYPORT_WRITE_FUZZ_SEEDS=1, because they need keyport to seal to the fixed key.
"""
import base64, hashlib, json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
vectors = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "tests", "vectors")
d1 = os.path.join(vectors, "dfns-v1")
corpus = os.path.join(here, "corpus")

EXPORT_FILES = ["export-secp256k1-cggmp21.json", "export-ed25519-frost.json",
                "export-secp256k1-frost_bitcoin.json", "export-stark-cggmp21.json"]


def put(target, data, name=None):
    if data is None:
        return
    if isinstance(data, (dict, list)):
        data = json.dumps(data)
    if isinstance(data, str):
        data = data.encode()
    os.makedirs(os.path.join(corpus, target), exist_ok=True)
    name = name or hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(corpus, target, name), "wb") as f:
        f.write(data)


def load(name):
    with open(os.path.join(d1, name)) as f:
        return json.load(f)


ecies = load("ecies.json")
keys = sorted({c["decryptionKey"] for c in ecies["cases"]})
for c in ecies["cases"] + ecies.get("negative", []):
    sel = keys.index(c["decryptionKey"]) if c.get("decryptionKey") in keys else 0
    if "ciphertextHex" in c:
        put("dfns_v1_open", bytes([sel]) + bytes.fromhex(c["ciphertextHex"]))
    if "encryptionKeyBase64" in c:
        put("recipient_key", c["encryptionKeyBase64"])
        put("recipient_key", bytes.fromhex(c["encryptionKeyHex"]))
    if c.get("decryptionKey"):
        put("decryption_key", bytes.fromhex(c["decryptionKey"]))
        put("export_context", json.dumps({"envelope": "dfns-v1", "decryptionKey": c["decryptionKey"][0:]}))

for sel, name in enumerate(EXPORT_FILES):
    v = load(name)
    put("export_context", json.dumps({"envelope": "dfns-v1", "decryptionKey": v["decryptionKey"]}))
    for c in v["cases"]:
        put("export_response", bytes([sel]) + json.dumps(c["responseApiShape"]).encode())
        for p in c.get("plaintexts", []):
            put("dfns_v1_plaintext", p["plaintext"])
    curve = v["curve"]
    put("parse_key", bytes([{"secp256k1": 1, "ed25519": 2, "stark": 3}[curve]]) + v["secretKey"].encode())

for name in sorted(os.listdir(d1)):
    if not name.startswith("import-") or name == "import-edge-cases.json":
        continue
    v = load(name)
    put("list_signers", json.dumps(v["signers"]))
    put("list_signers", json.dumps({"clusters": [{"clusterId": "cluster-1", "signers": v["signers"]}]}))
    for s in v["signers"]:
        put("recipient_key", s["encryptionKey"])
    for s in v.get("shares", []):
        for k in ("plaintext", "plaintextJson"):
            if k in s:
                put("dfns_v1_plaintext", s[k])

edge = load("import-edge-cases.json")
for c in edge.get("signersParsing", []):
    put("list_signers", json.dumps(c["signers"]))

# Key formats and paths (no secrets of real wallets: these are the well-known test keys).
for sel, text in [
    (1, "0x" + "01" * 32),
    (0, "5HueCGU8rMjxEXxiPuD5BDku4MKqqeDw9oK6JNDm7aXxJ8wa3c4"),
    (1, "KwdMAjGmerYanjeui5SHS7JkmpZvVipYvB2LJGU1ZxJwYvP98617"),
    (2, "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"),
    (1, "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"),
    (2 | 24, "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"),
    (0, "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LNF5jR7DXDsRZHE2nwRyWS6SkSM7z9Gv1Fa"),
    (8, "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LNF5jR7DXDsRZHE2nwRyWS6SkSM7z9Gv1Fa"),
    (3, "0x" + "07" * 31),
]:
    put("parse_key", bytes([sel]) + text.encode())
for p in ["m", "m/0", "m/44'/60'/0'/0/0", "m/44h/501h/0h/0h", "m/2147483647'"]:
    put("derivation_path", p)

# reconstruct_robust: [curve][t][key 32][shares of (u16 index, 32-byte value)].
# Shares of f(x) = k + x over the integers for k = 5 are exact on every curve.
for curve in range(3):
    k = 5
    shares = b"".join(i.to_bytes(2, "big") + (k + i).to_bytes(32, "big") for i in range(1, 5))
    put("reconstruct_robust", bytes([curve, 2]) + k.to_bytes(32, "big") + shares)
    bad = shares[:34 * 2] + (2).to_bytes(2, "big") + (99).to_bytes(32, "big") + shares[34 * 3:]
    put("reconstruct_robust", bytes([curve, 2]) + k.to_bytes(32, "big") + bad)

print("seeds in", corpus, {t: len(os.listdir(os.path.join(corpus, t))) for t in sorted(os.listdir(corpus))})
