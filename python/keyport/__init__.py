"""keyport: move private keys into and out of threshold-signing (MPC) wallet networks.

Build a Dfns ``POST /keys/import`` body from a private key, and recover a key from a
``POST /keys/{keyId}/export`` response, with the same Rust core as the keyport CLI and the
WASM package. Dicts in, dicts out: the results go straight to ``dfns_sdk``.

Secrets: secret outputs are ``bytes``. A secret input may be a ``bytearray``, which the binding
overwrites with zeros after use when called with ``wipe=True``. A Python ``str`` (or ``bytes``)
cannot be wiped: its memory stays until the interpreter reuses it, so prefer a ``bytearray``
read from a file for long-lived processes.

Errors are :class:`KeyportError` (subclasses by kind: :class:`InputError`,
:class:`CheckError`, :class:`UnsupportedError`, :class:`EnvironmentFailure`) with ``.code``,
the stable code of the Rust ``Error::code()`` (for example ``"DECRYPTION_FAILED"``), and
``.kind``. Messages never contain secret input.
"""

from typing import Any, Literal, Mapping, Sequence, Union

from ._keyport import (
    CheckError,
    EnvironmentFailure,
    InputError,
    KeyExportContext,
    KeyportError,
    RecoveredKey,
    UnsupportedError,
    build_key_import_request,
    inspect_key,
    signers_fingerprint,
)

#: Curves, by their API name.
Curve = Literal["secp256k1", "ed25519", "stark"]
#: Signing protocols, by their API name.
Protocol = Literal["CGGMP21", "CGGMP24", "KU23", "FROST", "FROST_BITCOIN", "GLOW20_DH"]
#: Share envelopes.
Envelope = Literal["dfns-v1", "hpke-v1"]
#: Secret key input formats.
KeyFormat = Literal[
    "auto", "hex", "wif", "ed25519-seed", "ed25519-scalar", "solana", "stark", "mnemonic", "xprv"
]
#: What kind of failure an error is: who must act.
ErrorKindName = Literal["input", "check", "unsupported", "environment"]
#: A secret input. ``bytearray`` can be wiped (``wipe=True``); ``bytes`` and ``str`` cannot.
SecretInput = Union[bytes, bytearray, str]
#: Signers: the ListSigners response, a bare ``[{signerId, encryptionKey}]`` list, or JSON text.
SignersInput = Union[Mapping[str, Any], Sequence[Mapping[str, Any]], str]
#: A JSON document: a dict as dfns_sdk returns it, or JSON text.
JsonInput = Union[Mapping[str, Any], str]

__all__ = [
    "CheckError",
    "Curve",
    "Envelope",
    "ErrorKindName",
    "JsonInput",
    "KeyFormat",
    "Protocol",
    "SecretInput",
    "SignersInput",
    "EnvironmentFailure",
    "InputError",
    "KeyExportContext",
    "KeyportError",
    "RecoveredKey",
    "UnsupportedError",
    "build_key_import_request",
    "inspect_key",
    "signers_fingerprint",
]
