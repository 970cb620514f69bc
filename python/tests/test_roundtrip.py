"""Round trips through keyport's reference signer cluster, driven by the keyport CLI
(`keyport cluster new/accept/export`): import with the wheel, the signers verify their shares,
export with a KeyExportContext, the recovered key is the original."""

import copy
import pickle
import secrets
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import keyport

ED25519_ORDER = 2**252 + 27742317777372353535851937790883648493
SECP256K1_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
STARK_ORDER = 0x0800000000000010FFFFFFFFFFFFFFFFB781126DCAE7B2321E66A241ADC64D2F

CASES = [
    ("secp256k1", "CGGMP21", SECP256K1_ORDER, "hex"),
    ("secp256k1", "FROST_BITCOIN", SECP256K1_ORDER, "hex"),
    ("stark", "CGGMP21", STARK_ORDER, "hex"),
    ("ed25519", "FROST", ED25519_ORDER, "ed25519-scalar"),
]


def _scalar(order: int) -> bytes:
    return (secrets.randbelow(order - 1) + 1).to_bytes(32, "big")


@pytest.mark.parametrize("envelope", ["dfns-v1", "hpke-v1"])
@pytest.mark.parametrize("curve,protocol,order,key_format", CASES)
def test_import_then_export_recovers_the_key(
    make_cluster: Any, envelope: str, curve: str, protocol: str, order: int, key_format: str
) -> None:
    cluster = make_cluster(envelope)
    key = bytearray(_scalar(order))
    original = bytes(key)
    info = keyport.inspect_key(original, key_format=key_format, curve=curve)
    request = keyport.build_key_import_request(
        key, key_format=key_format, curve=curve, protocol=protocol,
        min_signers=3, signers=cluster.signers, name="py-roundtrip", wipe=True,
    )
    assert key == bytearray(32), "wipe=True zeroes the bytearray"
    assert request["name"] == "py-roundtrip" and len(request["encryptedKeyShares"]) == 5
    cluster.accept("key-1", request)

    context = keyport.KeyExportContext(envelope=envelope, expected_public_key=info["publicKey"],
                                       curve=curve)
    assert context.envelope == envelope
    response = cluster.export("key-1", context.request())
    found = context.recover(response)
    assert found.private_key == original
    assert found.public_key == info["publicKey"]
    assert (found.curve, found.protocol, found.bad_signers, found.chain_code) == (
        curve, protocol, [], None)

    # A pending export survives a restart only through export_secret/from_secret.
    saved = bytearray(context.export_secret())
    again = keyport.KeyExportContext.from_secret(saved, wipe=True)
    assert saved == bytearray(len(saved))
    assert again.recover(response).private_key == original


def test_master_key_with_chain_code_round_trips(make_cluster: Any) -> None:
    cluster = make_cluster("hpke-v1")
    xprv = ("xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPG"
            "JxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi")
    info = keyport.inspect_key(xprv)
    request = keyport.build_key_import_request(
        xprv, protocol="CGGMP21", signers=cluster.signers, master_key=True)
    assert request["masterKey"] is True
    cluster.accept("key-m", request)
    context = keyport.KeyExportContext(envelope="hpke-v1", expected_public_key=info["publicKey"])
    found = context.recover(cluster.export("key-m", context.request()))
    assert found.public_key == info["publicKey"]
    assert found.chain_code is not None and len(found.chain_code) == 32
    assert "<redacted>" in repr(found) and found.chain_code.hex() not in repr(found)


def test_export_for_another_key_is_refused(make_cluster: Any) -> None:
    cluster = make_cluster("dfns-v1")
    key = _scalar(SECP256K1_ORDER)
    cluster.accept("key-1", keyport.build_key_import_request(
        key, curve="secp256k1", protocol="CGGMP21", signers=cluster.signers))
    other = keyport.inspect_key(_scalar(SECP256K1_ORDER), curve="secp256k1")["publicKey"]
    context = keyport.KeyExportContext(expected_public_key=other, curve="secp256k1")
    with pytest.raises(keyport.KeyportError) as raised:
        context.recover(cluster.export("key-1", context.request()))
    assert raised.value.code == "RESPONSE_KEY_MISMATCH"
    assert key.hex() not in str(raised.value)


def test_signers_fingerprint_matches_the_cli(make_cluster: Any, keyport_bin: Any) -> None:
    import subprocess

    cluster = make_cluster("hpke-v1")
    fp = keyport.signers_fingerprint(cluster.signers)
    cli = subprocess.run([str(keyport_bin), "signers", "fingerprint", "--signers",
                          str(cluster.dir / "signers.json")], capture_output=True, text=True,
                         check=True).stdout
    assert fp in cli and len(fp) == 64
    bare = cluster.signers["clusters"][0]["signers"]
    assert keyport.signers_fingerprint(list(reversed(bare))) == keyport.signers_fingerprint(bare)


def test_context_cannot_be_pickled_or_copied() -> None:
    context = keyport.KeyExportContext(expected_public_key="02" + "11" * 32, curve="secp256k1")
    for attempt in (lambda: pickle.dumps(context), lambda: copy.copy(context),
                    lambda: copy.deepcopy(context)):
        with pytest.raises(keyport.KeyportError) as raised:
            attempt()
        assert raised.value.code == "INVALID_ARGUMENT"
    secret = context.export_secret()
    assert b"decryptionKey" in secret
    hex_key = __import__("json").loads(secret)["decryptionKey"]
    assert hex_key not in repr(context)


def test_calls_from_several_threads_agree(make_cluster: Any) -> None:
    """The GIL is released inside the calls; objects shared between threads stay correct."""
    cluster = make_cluster("hpke-v1")
    key = _scalar(SECP256K1_ORDER)
    public_key = keyport.inspect_key(key, curve="secp256k1")["publicKey"]
    cluster.accept("key-t", keyport.build_key_import_request(
        key, curve="secp256k1", protocol="CGGMP21", signers=cluster.signers))
    context = keyport.KeyExportContext(envelope="hpke-v1", expected_public_key=public_key,
                                       curve="secp256k1")
    response = cluster.export("key-t", context.request())

    def work(_: int) -> bytes:
        keyport.build_key_import_request(key, curve="secp256k1", protocol="CGGMP21",
                                         signers=cluster.signers)
        return context.recover(response).private_key

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert set(pool.map(work, range(16))) == {key}
