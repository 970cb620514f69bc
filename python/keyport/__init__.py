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

__all__ = [
    "CheckError",
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
