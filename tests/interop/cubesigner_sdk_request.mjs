// Regenerates tests/vectors/nitro/cubesigner-sdk-import-request.json with CubeSigner's own SDK
// (not run by the tests or CI; see tests/vectors/nitro/PROVENANCE.md):
//
//   npm install @cubist-labs/cubesigner-sdk-key-import@0.4.276 @cubist-labs/cubesigner-sdk@0.4.276
//   node cubesigner_sdk_request.mjs tests/vectors/nitro/cubesigner-import-key.json 1725637705 \
//     000102...2f 0707...07 > tests/vectors/nitro/cubesigner-sdk-import-request.json
//
// It runs the SDK's KeyImporter.importRawSecretKeys end to end (verify, seal, build the
// request) against a stub Org that returns the fixture response and captures the request. Two
// things are pinned from outside the SDK: the clock (Date, to TIME_SECONDS) and HPKE's
// ephemeral key (@hpke/core's `ekm`, to IKME_HEX), so that the output is reproducible.
import fs from "node:fs";
import { CipherSuite } from "@hpke/core";
import { KeyImporter } from "@cubist-labs/cubesigner-sdk-key-import";

const [fixture, timeSeconds, ikmHex, secretHex] = process.argv.slice(2);
const response = JSON.parse(fs.readFileSync(fixture, "utf8"));
const T = Number(timeSeconds) * 1000;
const RealDate = Date;
globalThis.Date = class extends RealDate {
  constructor(...a) {
    if (a.length) super(...a);
    else super(T);
  }
  static now() {
    return T;
  }
};
const setup = CipherSuite.prototype.createSenderContext;
CipherSuite.prototype.createSenderContext = function (params) {
  return setup.call(this, { ...params, ekm: Buffer.from(ikmHex, "hex") });
};
let request;
const org = {
  createKeyImportKey: async () => response,
  importKeys: async (req) => {
    request = req;
    return [];
  },
};
try {
  await new KeyImporter(org).importRawSecretKeys("SecpEthAddr", [
    new Uint8Array(Buffer.from(secretHex, "hex")),
  ]);
  console.log(JSON.stringify(request));
} catch (e) {
  console.log("ERROR " + e.message);
  process.exit(1);
}
