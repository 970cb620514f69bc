"""Type stubs of the keyport package (the native module keyport._keyport)."""

from typing import Any, Dict, List, Literal, Mapping, Optional, Sequence, Union, final

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

class KeyportError(Exception):
    """Every error keyport raises."""

    #: The stable code, e.g. ``"DECRYPTION_FAILED"`` (``INVALID_ARGUMENT`` for a wrong
    #: argument combination found by the binding).
    code: str
    #: Who must act.
    kind: ErrorKindName

class InputError(KeyportError):
    """An input is malformed or invalid: fix the input."""

class CheckError(KeyportError):
    """A cryptographic check failed: corrupted, tampered with, or for another key."""

class UnsupportedError(KeyportError):
    """Well-formed, but not something keyport (or this build) does."""

class EnvironmentFailure(KeyportError):
    """No OS randomness, or a keyport bug; nothing about the input is wrong."""

def build_key_import_request(
    private_key: SecretInput,
    *,
    key_format: KeyFormat = "auto",
    curve: Optional[Curve] = None,
    protocol: Protocol,
    min_signers: int = 3,
    signers: SignersInput,
    name: Optional[str] = None,
    master_key: bool = False,
    envelope: Optional[Envelope] = None,
    cluster_id: Optional[str] = None,
    passphrase: Optional[str] = None,
    path: Optional[str] = None,
    wipe: bool = False,
) -> Dict[str, Any]:
    """The ``POST /keys/import`` body, ready for ``dfns_sdk``'s ``keys.import_key(body=...)``.

    ``private_key`` as ``str`` is text in ``key_format``; as bytes it is a raw 32-byte key
    (a big-endian scalar, or a seed with ``key_format="ed25519-seed"``). ``wipe=True`` zeroes a
    ``bytearray`` ``private_key`` once read.
    """

def inspect_key(
    private_key: SecretInput,
    *,
    key_format: KeyFormat = "auto",
    curve: Optional[Curve] = None,
    passphrase: Optional[str] = None,
    path: Optional[str] = None,
    wipe: bool = False,
) -> Dict[str, Any]:
    """``{"curve", "publicKey", "addresses": {...}}``: public data only."""

def signers_fingerprint(signers: SignersInput, *, cluster_id: Optional[str] = None) -> str:
    """The signer set's fingerprint (64 hex digits), as ``keyport signers fingerprint``."""

@final
class RecoveredKey:
    """A key rebuilt from an export. ``repr()`` never shows the secret; it cannot be pickled."""

    #: The secret scalar, 32 bytes big-endian (ed25519: the RFC 8032 scalar, not a seed).
    @property
    def private_key(self) -> bytes: ...
    #: The compressed public key, hex: always the expected key.
    @property
    def public_key(self) -> str: ...
    #: The BIP-32 chain code when the signers returned one.
    @property
    def chain_code(self) -> Optional[bytes]: ...
    @property
    def curve(self) -> Curve: ...
    @property
    def protocol(self) -> Protocol: ...
    #: Signers (base64 ids) whose shares were unreadable or certainly wrong.
    @property
    def bad_signers(self) -> List[str]: ...
    #: ``[{"code": "AMBIGUOUS_BLAME" | "COLLIDING_INDEX", "message": str}]``.
    @property
    def warnings(self) -> List[Dict[str, str]]: ...

@final
class KeyExportContext:
    """The client side of one export: a one-time key, the request, and recovery.

    Only a response for ``expected_public_key`` is accepted (``RESPONSE_KEY_MISMATCH``
    otherwise). It cannot be pickled: keep a pending export with :meth:`export_secret` and
    :meth:`from_secret`.
    """

    def __new__(
        cls,
        *,
        envelope: Optional[Envelope] = None,
        expected_public_key: str,
        curve: Optional[Curve] = None,
    ) -> "KeyExportContext": ...
    @property
    def envelope(self) -> Envelope: ...
    def request(self) -> Dict[str, Any]:
        """The ``POST /keys/{keyId}/export`` body: ``{encryptionKey, supportedSchemes}``."""
    def recover(self, response: JsonInput) -> RecoveredKey:
        """Decrypt the shares, rebuild the key and check it against the expected key."""
    def export_secret(self) -> bytes:
        """The secret context file (UTF-8 JSON with the one-time decryption key)."""
    @staticmethod
    def from_secret(
        secret: SecretInput,
        *,
        expected_public_key: Optional[str] = None,
        curve: Optional[Curve] = None,
        wipe: bool = False,
    ) -> "KeyExportContext":
        """A context from :meth:`export_secret`'s bytes; ``wipe=True`` zeroes a bytearray."""
