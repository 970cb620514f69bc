"""An independent dfns-v1 share opener (tests/vectors/dfns-v1/README.md, "The encryption
scheme"): pure-Python secp256k1 arithmetic plus `cryptography`'s HKDF and AES-GCM. Shares
nothing with keyport's Rust code."""

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

P = 2**256 - 2**32 - 977
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
G = (
    0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
    0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8,
)

#: Group orders of the share scalars, by curve.
ORDERS = {
    "secp256k1": N,
    "stark": 0x0800000000000010FFFFFFFFFFFFFFFFB781126DCAE7B2321E66A241ADC64D2F,
    "ed25519": 2**252 + 27742317777372353535851937790883648493,
}


def _add(a, b):
    if a is None:
        return b
    if b is None:
        return a
    if a[0] == b[0] and (a[1] + b[1]) % P == 0:
        return None
    if a == b:
        lam = 3 * a[0] * a[0] * pow(2 * a[1], -1, P) % P
    else:
        lam = (b[1] - a[1]) * pow(b[0] - a[0], -1, P) % P
    x = (lam * lam - a[0] - b[0]) % P
    return (x, (lam * (a[0] - x) - a[1]) % P)


def _mul(k, point):
    result = None
    while k:
        if k & 1:
            result = _add(result, point)
        point = _add(point, point)
        k >>= 1
    return result


def _decompress(data: bytes):
    x = int.from_bytes(data[1:], "big")
    y = pow((x * x * x + 7) % P, (P + 1) // 4, P)
    if y & 1 != data[0] & 1:
        y = P - y
    return (x, y)


def _compress(point) -> bytes:
    return bytes([2 + (point[1] & 1)]) + point[0].to_bytes(32, "big")


def public_point_hex(scalar: int) -> str:
    """G·scalar, uncompressed SEC1 hex (how dfns-v1 plaintexts carry secp256k1 points)."""
    x, y = _mul(scalar, G)
    return "04" + x.to_bytes(32, "big").hex() + y.to_bytes(32, "big").hex()


def encryption_key(decryption_key_hex: str) -> bytes:
    """The 34-byte encryption key of a 33-byte `01 || scalar` decryption key."""
    scalar = int.from_bytes(bytes.fromhex(decryption_key_hex)[1:], "big")
    return b"\x01" + _compress(_mul(scalar, G))


def open_share(decryption_key_hex: str, ciphertext: bytes) -> bytes:
    """Decrypt `gcm_ciphertext || tag || E(33)` with AES-256-GCM under HKDF(e·PK)."""
    key = bytes.fromhex(decryption_key_hex)
    assert len(key) == 33 and key[0] == 1
    scalar = int.from_bytes(key[1:], "big")
    ephemeral = _decompress(ciphertext[-33:])
    shared = _compress(_mul(scalar, ephemeral))
    aes_key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"DFNS_KEY_IMPORT", info=b"ENCRYPTION_KEY"
    ).derive(shared)
    return AESGCM(aes_key).decrypt(b"\x00" * 12, ciphertext[:-33], b"")


def interpolate_at_zero(points, order: int) -> int:
    """Lagrange interpolation of [(x, y)] at 0, mod `order`."""
    total = 0
    for i, (xi, yi) in enumerate(points):
        num, den = 1, 1
        for j, (xj, _) in enumerate(points):
            if i != j:
                num = num * -xj % order
                den = den * (xi - xj) % order
        total = (total + yi * num * pow(den, -1, order)) % order
    return total
