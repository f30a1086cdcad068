// SPDX-License-Identifier: Apache-2.0
// Adobe's own OAuth client, @adobe/aio-lib-ims, against the sandbox: an OAuth Server-to-Server
// context (the sandbox's oauth-credentials.json as it is) minted at /ims/token/v2, validated,
// invalidated, then refused by IMS and by the AEM tier; wrong credentials get the sandbox's IMS
// errors. Run by tests/aio-lib-ims.sh (CTest aio_lib_ims), which starts the sandbox and gives
// node its CA (NODE_EXTRA_CA_CERTS).
// Usage: node aio-lib-ims.js SANDBOX_URL OAUTH_CREDENTIALS_JSON
'use strict'
const assert = require('node:assert/strict')
const fs = require('node:fs')
const https = require('node:https')
const aio = require('@adobe/aio-lib-ims')

const [sandboxUrl, credentialsFile] = process.argv.slice(2)
assert.match(sandboxUrl || '', /^https:\/\/127\.0\.0\.1:\d+$/, 'usage: aio-lib-ims.js SANDBOX_URL CREDENTIALS')

// aio-lib-ims knows only Adobe's two IMS hosts (its env is prod or stage; no setting names
// another), so every Ims instance, the ones its context functions make included, is pointed at
// the sandbox here. The paths it asks for are recorded.
const called = []
aio.Ims.prototype.getApiUrl = function (api) {
  called.push(api)
  return sandboxUrl + api
}

let passed = 0
function ok (what) {
  passed++
  process.stdout.write(`ok ${passed} - ${what}\n`)
}

// aio-lib-ims rejects a non-200 answer with `${status} (${statusText}): ${body}`.
function imsRefusal (err) {
  const m = /^(\d{3}) \(.*?\): (.*)$/s.exec(err.message)
  assert.ok(m, `not an IMS refusal: ${err.message}`)
  return { status: Number(m[1]), body: JSON.parse(m[2]) }
}

function aemStatus (token) {
  return new Promise((resolve, reject) => {
    https.get(sandboxUrl + '/libs/granite/security/currentuser.json',
      { headers: { Authorization: `Bearer ${token}` } }, (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode))
      }).on('error', reject)
  })
}

async function main () {
  const creds = JSON.parse(fs.readFileSync(credentialsFile, 'utf8'))

  // Mint through the context API, as aio CLI and App Builder code do.
  await aio.context.set('sandbox', creds)
  const token = await aio.getToken('sandbox')
  assert.deepEqual(called, ['/ims/token/v2'])
  const claims = aio.getTokenData(token)
  assert.equal(claims.client_id, creds.client_id)
  assert.equal(claims.type, 'access_token')
  assert.equal(claims.scope, creds.scopes.join(','))
  ok('getToken mints a client-credentials token at /ims/token/v2')

  const ims = new aio.Ims()
  const valid = await ims.validateToken(token)
  assert.equal(valid.valid, true, JSON.stringify(valid))
  assert.equal(valid.token.client_id, creds.client_id)
  ok('validateToken: valid')
  assert.equal(await aemStatus(token), 200)
  ok('the AEM tier accepts it')

  // The context's invalidateToken reads client_secret, which an OAuth Server-to-Server context
  // does not have (it has client_secrets), and then calls nothing: the Ims call is what works.
  await ims.invalidateToken(token, creds.client_id, creds.client_secrets[0])
  assert.equal(called.at(-1), '/ims/invalidate_token/v2')
  ok('invalidateToken')

  const after = await ims.validateToken(token)
  assert.equal(after.valid, false, JSON.stringify(after))
  assert.equal(after.reason, 'revoked')
  ok('validateToken after invalidation: not valid (revoked)')
  assert.equal(await aemStatus(token), 401)
  ok('the AEM tier refuses it after invalidation')

  const refusals = [
    ['a wrong client secret', { client_secrets: ['p8e-wrong'] }, 401, 'invalid_client',
      'invalid client_secret parameter'],
    ['an unknown client id', { client_id: '0123456789abcdef0123456789abcdef' }, 400, 'invalid_client',
      'invalid client_id parameter'],
    ['a scope not granted', { scopes: [...creds.scopes, 'ent_analytics_bulk_ingest_sdk'] }, 400, 'invalid_scope',
      'Invalid scope(s): ent_analytics_bulk_ingest_sdk'],
    ['another org', { ims_org_id: '0THER0RG0000000000000000@AdobeOrg' }, 400, 'invalid_request',
      'invalid org_id parameter']
  ]
  for (const [what, change, status, error, description] of refusals) {
    const name = 'refused-' + passed
    await aio.context.set(name, { ...creds, ...change })
    const before = called.length
    const err = await aio.getToken(name).then(() => assert.fail(`${what}: a token was minted`), (e) => e)
    assert.deepEqual(called.slice(before), ['/ims/token/v2'], `${what}: one call, not retried`)
    assert.deepEqual(imsRefusal(err), { status, body: { error, error_description: description } })
    ok(`getToken with ${what}: ${status} ${error}`)
  }
  process.stdout.write(`aio-lib-ims against the sandbox: ${passed} passed, 0 failed\n`)
}

main().catch((e) => {
  process.stderr.write(`not ok ${passed + 1} - ${e.stack || e}\n`)
  process.exit(1)
})
