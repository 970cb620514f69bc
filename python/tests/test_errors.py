"""Bad input raises KeyportError with the stable code of the Rust core, the subclass of its
kind, and a message that names no secret; reprs show no secret."""

import json
import os
import pathlib
import sys
from typing import Any, Callable, Dict, List

import pytest

import keyport
from conftest import load

SECRET_HEX = "c46bf1bf9fb16a947147746069b4cfea8a7558a1eab20cd052cd43f1efe3e5b9"


@pytest.fixture(scope="module")
def signers(vectors: pathlib.Path) -> List[Dict[str, str]]:
    signers: List[Dict[str, str]] = load(vectors, "import-secp256k1-cggmp21.json")["signers"]
    return signers


def build(default_signers: Any, **overrides: Any) -> Dict[str, Any]:
    args: Dict[str, Any] = dict(curve="secp256k1", protocol="CGGMP21", signers=default_signers)
    args.update(overrides)
    private_key = args.pop("private_key", SECRET_HEX)
    return keyport.build_key_import_request(private_key, **args)


CASES: List[Any] = [
    ("UNKNOWN_CURVE", keyport.InputError, dict(curve="p521")),
    ("UNKNOWN_PROTOCOL", keyport.InputError, dict(protocol="GG18")),
    ("UNKNOWN_FORMAT", keyport.InputError, dict(key_format="pem")),
    ("UNSUPPORTED_SCHEME", keyport.UnsupportedError, dict(protocol="FROST")),
    ("INVALID_THRESHOLD", keyport.InputError, dict(min_signers=1)),
    ("INVALID_THRESHOLD", keyport.InputError, dict(min_signers=6)),
    ("INVALID_ARGUMENT", keyport.InputError, dict(min_signers=-1)),
    ("MALFORMED", keyport.InputError, dict(signers={"clusters": "nope"})),
    ("MALFORMED", keyport.InputError, dict(signers="[{")),
    ("MALFORMED", keyport.InputError, dict(signers=[{"signerId": float("nan")}])),
    ("NO_SIGNERS", keyport.InputError, dict(signers=[])),
    ("KEY_LENGTH", keyport.InputError, dict(private_key=b"\x01" * 31)),
    ("ED25519_FORMAT_REQUIRED", keyport.InputError,
     dict(curve="ed25519", protocol="FROST", private_key=bytes.fromhex(SECRET_HEX))),
    ("ED25519_FORMAT_REQUIRED", keyport.InputError,
     dict(curve="ed25519", protocol="FROST", key_format="hex")),
    ("CURVE_REQUIRED", keyport.InputError, dict(curve=None, private_key=b"\x01" * 32)),
    ("INVALID_ARGUMENT", keyport.InputError, dict(private_key=12345)),
    ("INVALID_ARGUMENT", keyport.InputError, dict(private_key=b"\x01" * 32, wipe=True)),
    ("INVALID_ARGUMENT", keyport.InputError, dict(private_key=SECRET_HEX, wipe=True)),
    ("INVALID_ARGUMENT", keyport.InputError, dict(master_key=True)),
    ("OPTION_NOT_APPLICABLE", keyport.InputError, dict(private_key=b"\x01" * 32, path="m/0")),
    ("KEY_FORMAT_IS_TEXT", keyport.InputError, dict(private_key=b"\x01" * 32, key_format="wif")),
    ("UNKNOWN_ENVELOPE", keyport.InputError, dict(envelope="rsa")),
    ("CURVE_MISMATCH", keyport.InputError,
     dict(curve="stark", private_key="5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ")),
    ("CURVE_MISMATCH", keyport.InputError,
     dict(curve="stark", key_format="ed25519-seed", private_key=b"\x01" * 32)),
]


@pytest.mark.parametrize("code,kind,overrides", CASES)
def test_bad_import_input_has_its_code(signers: Any, code: str, kind: type,
                                       overrides: Dict[str, Any]) -> None:
    with pytest.raises(kind) as raised:
        build(signers, **overrides)
    assert isinstance(raised.value, keyport.KeyportError)
    assert raised.value.code == code, str(raised.value)
    assert raised.value.kind == {keyport.InputError: "input", keyport.CheckError: "check",
                                 keyport.UnsupportedError: "unsupported"}[kind]
    assert SECRET_HEX not in str(raised.value)


def test_a_secret_in_the_wrong_place_is_not_echoed(signers: Any) -> None:
    # The key passed as the signers (JSON text) and as the name.
    for overrides in (dict(signers=SECRET_HEX), dict(signers=[{"signerId": SECRET_HEX,
                                                               "encryptionKey": SECRET_HEX}])):
        with pytest.raises(keyport.KeyportError) as raised:
            build(signers, **overrides)
        assert SECRET_HEX not in str(raised.value) and SECRET_HEX not in repr(raised.value)
    # A key that is almost right (one digit off the hex alphabet).
    with pytest.raises(keyport.KeyportError) as raised:
        build(signers, private_key=SECRET_HEX[:-1] + "g", key_format="hex")
    assert SECRET_HEX[:-1] not in str(raised.value)
    # An export context file with a broken decryption key.
    broken = json.dumps({"envelope": "dfns-v1", "decryptionKey": "01" + SECRET_HEX[:-2]})
    with pytest.raises(keyport.KeyportError) as raised:
        keyport.KeyExportContext.from_secret(broken, expected_public_key="02" + "11" * 32)
    assert SECRET_HEX[:-2] not in str(raised.value)


def test_inspect_key_errors_and_output() -> None:
    with pytest.raises(keyport.InputError) as raised:
        keyport.inspect_key("@@@@", curve="secp256k1")
    assert raised.value.code == "UNRECOGNIZED_FORMAT"
    with pytest.raises(keyport.InputError) as raised:
        keyport.inspect_key(SECRET_HEX)  # 64 hex digits: a key on which curve, in which form?
    assert raised.value.code == "AMBIGUOUS_FORMAT"
    info = keyport.inspect_key(SECRET_HEX, curve="secp256k1")
    assert info["curve"] == "secp256k1"
    assert info["publicKey"] == "025ad38a717706b145506618fd14ce817de1bb30bc2f3b0157ca4945047f683fe5"
    assert info["addresses"]["ethereum"].startswith("0x")
    assert SECRET_HEX not in json.dumps(info)


def test_export_context_arguments() -> None:
    with pytest.raises(keyport.InputError) as raised:
        keyport.KeyExportContext(expected_public_key="zz", curve="secp256k1")
    assert raised.value.code == "MALFORMED"
    with pytest.raises(keyport.KeyportError) as raised:
        keyport.KeyExportContext(envelope="rsa", expected_public_key="02" + "11" * 32)  # type: ignore[arg-type]
    assert raised.value.code == "UNKNOWN_ENVELOPE"
    context = keyport.KeyExportContext(expected_public_key="02" + "11" * 32)
    secret = context.export_secret()
    # Without a curve the expected key is not in the file: from_secret must be told again.
    with pytest.raises(keyport.KeyportError) as raised:
        keyport.KeyExportContext.from_secret(secret)
    assert raised.value.code == "EXPECTED_KEY_REQUIRED"
    with pytest.raises(keyport.KeyportError) as raised:
        keyport.KeyExportContext.from_secret(b"\xff\xfe")
    assert raised.value.code == "INVALID_ARGUMENT"
    with pytest.raises(keyport.KeyportError) as raised:
        keyport.KeyExportContext.from_secret("{}", expected_public_key="02" + "11" * 32)
    assert raised.value.code == "MALFORMED"


def test_recover_rejects_malformed_responses() -> None:
    context = keyport.KeyExportContext(expected_public_key="02" + "11" * 32, curve="secp256k1")
    bad: List[Any] = [{"publicKey": 1}, "not json", [1, 2], {"x": object()}]
    for response in bad:
        with pytest.raises(keyport.KeyportError) as raised:
            context.recover(response)
        assert raised.value.code == "MALFORMED"


def test_installed_wheel_is_what_is_tested() -> None:
    """The package comes from site-packages, not from a source tree on sys.path."""
    where = pathlib.Path(keyport.__file__).resolve()
    if os.environ.get("CI") == "true":
        assert "site-packages" in where.parts, where
    assert (where.parent / "py.typed").exists()
    assert (where.parent / "__init__.pyi").exists()
    assert sys.version_info >= (3, 9)
