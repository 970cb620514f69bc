"""The dfns-v1 vectors: fresh imports open with the vector's signer keys (independently, in
pure Python), and every export case recovers the key or fails with a pinned code."""

import base64
import itertools
import json
import pathlib

import pytest

import keyport
from conftest import load
from ecies import ORDERS, encryption_key, interpolate_at_zero, open_share, public_point_hex

IMPORTS = [
    "import-secp256k1-cggmp21.json",
    "import-secp256k1-frost_bitcoin.json",
    "import-stark-cggmp21.json",
    "import-ed25519-frost.json",
]
EXPORTS = [
    "export-secp256k1-cggmp21.json",
    "export-secp256k1-frost_bitcoin.json",
    "export-stark-cggmp21.json",
    "export-ed25519-frost.json",
]

#: Export cases keyport answers differently from the reference: one bad share among five with
#: t = 3 is set aside and its signer named (robust recovery).
ROBUST = {
    "corrupted_share_value",
    "share_encrypted_to_other_key",
    "wrong_curve_tag_in_plaintext",
    "plaintext_version_2",
}
#: keyport reads the API field name `encryptedKeyShares` directly.
API_SHAPE_OK = {"api_shape_passed_unmapped"}
#: The code of every failing export case.
EXPORT_ERRORS = {
    "corrupted_share_value_three_of_three": "EXPORT_FAILED",
    "wrong_public_key": "RESPONSE_KEY_MISMATCH",
    "too_few_shares": "EXPORT_FAILED",
    "min_signers_1": "INVALID_THRESHOLD",
    "duplicate_index": "EXPORT_FAILED",
    "unsupported_scheme": "UNKNOWN_PROTOCOL",
    # The expected key's curve is checked first: the response is for another key.
    "protocol_curve_mismatch": "RESPONSE_KEY_MISMATCH",
    "public_key_0x_prefix": "MALFORMED",
    "public_key_xonly_32_bytes": "RESPONSE_KEY_MISMATCH",
}


@pytest.mark.parametrize("name", IMPORTS)
def test_fresh_import_opens_with_the_vector_signer_keys(vectors: pathlib.Path, name: str) -> None:
    v = load(vectors, name)
    curve, secret = v["curve"], v["secretKey"]
    key_format = "ed25519-scalar" if curve == "ed25519" else "hex"
    request = keyport.build_key_import_request(
        bytes.fromhex(secret), key_format=key_format, curve=curve, protocol=v["protocol"],
        min_signers=v["minSigners"], signers=v["signers"],
    )
    assert set(request) == {"minSigners", "protocol", "curve", "encryptedKeyShares"}
    assert (request["minSigners"], request["protocol"], request["curve"]) == (
        v["minSigners"], v["protocol"], curve)
    # Shares go in the reference's order: signer ids sorted by their bytes.
    assert [s["signerId"] for s in request["encryptedKeyShares"]] == v["sortedSignerIds"]
    secrets = {s["signerId"]: s for s in v["signerSecrets"]}
    points = []
    for share in request["encryptedKeyShares"]:
        s = secrets[share["signerId"]]
        # The vector's encryption key is the one its decryption key gives.
        listed = next(x for x in v["signers"] if x["signerId"] == share["signerId"])
        assert base64.b64decode(listed["encryptionKey"]) == encryption_key(s["decryptionKey"])
        plaintext = json.loads(open_share(s["decryptionKey"],
                                          base64.b64decode(share["encryptedKeyShare"])))
        assert plaintext["version"] == 1
        assert plaintext["secret_share"]["curve"] == curve
        public_shares = [p["point"] for p in plaintext["public_shares"]]
        assert len(public_shares) == len(v["signers"])
        if points:
            assert public_shares == first_public_shares, "every signer gets the same public shares"
        first_public_shares = public_shares
        scalar = int(plaintext["secret_share"]["scalar"], 16)
        if curve == "secp256k1":
            # The share's own public share is G times it.
            assert public_point_hex(scalar) == public_shares[s["assignedIndex"] - 1]
        points.append((s["assignedIndex"], scalar))
    order = ORDERS[curve]
    # Every 3 of the 5 shares give the key; 2 do not.
    for subset in itertools.combinations(points, v["minSigners"]):
        assert interpolate_at_zero(subset, order) == int(secret, 16)
    assert interpolate_at_zero(points[:2], order) != int(secret, 16)


@pytest.mark.parametrize("name", EXPORTS)
def test_export_vectors_recover_or_fail_typed(vectors: pathlib.Path, name: str) -> None:
    v = load(vectors, name)
    secret_file = json.dumps({"envelope": "dfns-v1", "decryptionKey": v["decryptionKey"]})
    context = keyport.KeyExportContext.from_secret(
        secret_file, expected_public_key=v["publicKey"], curve=v["curve"])
    assert context.request()["encryptionKey"] == v["request"]["encryptionKey"]
    seen = set()
    for case in v["cases"]:
        case_name = case["name"]
        seen.add(case_name)
        ok = case["expected"]["ok"]
        if ok or case_name in ROBUST or case_name in API_SHAPE_OK:
            found = context.recover(case["responseApiShape"])
            assert found.private_key.hex() == v["secretKey"], case_name
            assert found.public_key == v["publicKey"]
            if case_name in ROBUST:
                assert len(found.bad_signers) == 1, case_name
                assert found.bad_signers[0] in {p["signerId"] for p in case["plaintexts"]}
            else:
                assert found.bad_signers == [], case_name
            # The SDK-renamed field name `encryptedShares` is read too.
            assert context.recover(case["response"]).private_key == found.private_key
            continue
        with pytest.raises(keyport.KeyportError) as raised:
            context.recover(case["responseApiShape"])
        assert raised.value.code == EXPORT_ERRORS[case_name], (case_name, str(raised.value))
        assert v["secretKey"] not in str(raised.value)
        assert v["decryptionKey"] not in str(raised.value)
    assert {n for n in EXPORT_ERRORS if n in seen}, "no failing case ran"
