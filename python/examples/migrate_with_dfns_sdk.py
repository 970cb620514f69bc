#!/usr/bin/env python3
"""Import a key into a Dfns-compatible signer network and export it back, with Dfns's own
Python SDK (``pip install dfns-sdk==1.0.4``) for the API calls and keyport for the key shares.

1. list the signers with ``dfns_sdk``;
2. build the import request with ``keyport.build_key_import_request``;
3. import it with ``dfns_sdk`` (``keys.import_key``);
4. export it with ``dfns_sdk`` (``keys.export_key``) and a ``keyport.KeyExportContext``;
5. check that the recovered key equals the original.

Runs against Dfns or against ``keyport serve`` (what CI does, scripts/ci-python.sh):

    keyport serve init --dir D && keyport serve --dir D --listen 127.0.0.1:0
    python migrate_with_dfns_sdk.py --url URL --client D/client.json

``client.json`` holds ``authToken``, ``credId`` and ``privateKey`` (the credential's PEM).
"""

import argparse
import json
import secrets
import sys
from typing import Any, Dict

from dfns_sdk import DfnsClient, DfnsClientConfig  # type: ignore[import-untyped]
from dfns_sdk.auth import KeySigner  # type: ignore[import-untyped]

import keyport

SECP256K1_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def check(condition: bool, what: str) -> None:
    if not condition:
        sys.exit(f"FAILED: {what}")
    print(f"ok: {what}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url", required=True, help="the API base URL")
    p.add_argument("--client", required=True, help="client.json: authToken, credId, privateKey")
    a = p.parse_args()
    with open(a.client, encoding="utf-8") as f:
        creds: Dict[str, str] = json.load(f)
    client = DfnsClient(DfnsClientConfig(
        auth_token=creds["authToken"],
        base_url=a.url,
        signer=KeySigner(credential_id=creds["credId"], private_key=creds["privateKey"]),
    ))

    # 1. The signers, pinned by their fingerprint (compare it with one obtained out of band).
    signers: Dict[str, Any] = client.signers.list_signers()
    fingerprint = keyport.signers_fingerprint(signers)
    print(f"signers fingerprint: {fingerprint}")

    # 2. The key: a bytearray, so keyport can wipe it once the request is built.
    key = bytearray((secrets.randbelow(SECP256K1_ORDER - 1) + 1).to_bytes(32, "big"))
    original = bytes(key)  # kept only to check the export below
    public_key: str = keyport.inspect_key(original, curve="secp256k1")["publicKey"]
    body = keyport.build_key_import_request(
        key, curve="secp256k1", protocol="CGGMP21", min_signers=3, signers=signers,
        name="migrated-from-python", wipe=True,
    )
    check(key == bytearray(32), "keyport wiped the key bytearray")

    # 3. Import.
    imported: Dict[str, Any] = client.keys.import_key(body=body)
    check(imported["publicKey"] == public_key, "keys.import_key holds the key's public key")

    # 4. Export, accepting only the key we know.
    context = keyport.KeyExportContext(expected_public_key=public_key, curve="secp256k1")
    response: Dict[str, Any] = client.keys.export_key(imported["id"], body=context.request())
    recovered = context.recover(response)

    # 5. The same key.
    check(recovered.private_key == original, "the recovered key equals the original")
    check(recovered.bad_signers == [], "no signer returned a bad share")
    print("migrate_with_dfns_sdk: all checks passed")


if __name__ == "__main__":
    main()
