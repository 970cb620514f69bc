#!/usr/bin/env python3
"""Dfns's own Python SDK (dfns-sdk 1.0.4) as the independent client of `keyport serve`.

With DfnsClient and its KeySigner, using client.json and the server's URL:
list the signers, import a key that `keyport import` built, read it back, export it with a
request from `keyport export init`, and check that `keyport export recover` gives back the
original key. Exits non-zero on any failure.

Usage: python_sdk.py --url URL --client D/client.json --keyport path/to/keyport --work DIR
"""

import argparse
import json
import os
import secrets
import subprocess
import sys

from dfns_sdk import DfnsClient, DfnsClientConfig
from dfns_sdk.auth import KeySigner
from dfns_sdk.types import DfnsError

SECP256K1_ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def write_private(path, text):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


def keyport(binary, *args):
    done = subprocess.run([binary, *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"keyport {' '.join(args[:2])} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def check(condition, what):
    if not condition:
        sys.exit(f"FAILED: {what}")
    print(f"ok: {what}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--client", required=True)
    p.add_argument("--keyport", required=True)
    p.add_argument("--work", required=True)
    a = p.parse_args()

    with open(a.client) as f:
        creds = json.load(f)
    client = DfnsClient(
        DfnsClientConfig(
            auth_token=creds["authToken"],
            base_url=a.url,
            signer=KeySigner(credential_id=creds["credId"], private_key=creds["privateKey"]),
        )
    )

    signers = client.signers.list_signers()
    check(len(signers["clusters"]) == 1 and len(signers["clusters"][0]["signers"]) >= 3,
          "signers.list_signers returns one cluster")
    signers_path = os.path.join(a.work, "signers.json")
    with open(signers_path, "w") as f:
        json.dump(signers, f)

    secret = secrets.randbelow(SECP256K1_ORDER - 1) + 1
    key_hex = f"{secret:064x}"
    key_path = os.path.join(a.work, "key.hex")
    write_private(key_path, key_hex + "\n")
    request_path = os.path.join(a.work, "import.json")
    keyport(a.keyport, "import", "--signers", signers_path, "--curve", "secp256k1", "--key-format", "hex",
            "--min-signers", "3", "--key-file", key_path, "--name", "python-sdk", "--out", request_path)
    with open(request_path) as f:
        body = json.load(f)

    key = client.keys.import_key(body=body)
    check(key["id"].startswith("key-") and key["status"] == "Active" and key["imported"] is True
          and key["scheme"] == "ECDSA" and key["curve"] == "secp256k1" and key["name"] == "python-sdk",
          "keys.import_key returns an active imported key")
    inspect = json.loads(keyport(a.keyport, "inspect", "--key-file", key_path, "--key-format", "hex",
                                 "--curve", "secp256k1", "--json"))
    check(key["publicKey"] == inspect["publicKey"], "the imported key has the key's public key")

    got = client.keys.get_key(key["id"])
    check(got["id"] == key["id"] and got["publicKey"] == key["publicKey"], "keys.get_key reads it back")

    # A replayed import is refused: the user action is single-use and bound to the body.
    try:
        client._http.request_with_user_action("POST", "/keys/import", body=body, user_action="replayed")
        check(False, "an unsigned import is refused")
    except DfnsError as e:
        check(e.status_code == 403, "an import without a valid user action is refused with 403")

    context_path = os.path.join(a.work, "export-context.json")
    export_request_path = os.path.join(a.work, "export-request.json")
    # The context records the key the export must return (the one computed locally above), so a
    # response for any other key is refused.
    keyport(a.keyport, "export", "init", "--context-out", context_path, "--out", export_request_path,
            "--expect-public-key", inspect["publicKey"], "--curve", "secp256k1")
    with open(export_request_path) as f:
        export_body = json.load(f)
    response = client.keys.export_key(key["id"], body=export_body)
    check(response["publicKey"] == key["publicKey"] and len(response["encryptedKeyShares"]) >= 3,
          "keys.export_key returns every signer's share")
    response_path = os.path.join(a.work, "export-response.json")
    with open(response_path, "w") as f:
        json.dump(response, f)

    recovered_path = os.path.join(a.work, "recovered.hex")
    keyport(a.keyport, "export", "recover", "--context", context_path, "--response", response_path,
            "--out", recovered_path)
    with open(recovered_path) as f:
        recovered = f.read().strip()
    check(recovered.removeprefix("0x") == key_hex, "keyport export recover gives back the original key")
    check(client.keys.get_key(key["id"])["exported"] is True, "the key is marked exported")
    print("python SDK flow: all checks passed")


if __name__ == "__main__":
    main()
