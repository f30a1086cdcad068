// SPDX-License-Identifier: Apache-2.0
// The peer: Adobe's own Node client minting from a Developer Console JSON file.
const auth = require('@adobe/jwt-auth');
const fs = require('fs');
const integ = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')).integration;
auth({
  clientId: integ.technicalAccount.clientId,
  clientSecret: integ.technicalAccount.clientSecret,
  technicalAccountId: integ.id,
  orgId: integ.org,
  privateKey: integ.privateKey,
  metaScopes: integ.metascopes.split(','),
  ims: 'https://' + integ.imsEndpoint,
}).then((r) => process.stdout.write(r.access_token + '\n'))
  .catch((e) => { process.stderr.write(String(e) + '\n'); process.exit(1); });
