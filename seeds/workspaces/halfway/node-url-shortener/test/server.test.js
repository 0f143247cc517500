const { test, before, after } = require('node:test');
const assert = require('node:assert');
const { start } = require('../src/server');

let server;
let base;

before(async () => {
  server = await start(0);
  base = 'http://127.0.0.1:' + server.address().port;
});

after(() => server.close());

async function shorten(url) {
  const res = await fetch(base + '/shorten', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ url }),
  });
  return { status: res.status, body: await res.json() };
}

test('shorten and redirect', async () => {
  const { status, body } = await shorten('https://example.com');
  assert.strictEqual(status, 201);
  assert.strictEqual(body.code.length, 6);

  const redirect = await fetch(base + '/' + body.code, { redirect: 'manual' });
  assert.strictEqual(redirect.status, 302);
  assert.strictEqual(redirect.headers.get('location'), 'https://example.com');
});

test('unknown code is 404', async () => {
  const res = await fetch(base + '/abcdef', { redirect: 'manual' });
  assert.strictEqual(res.status, 404);
});

test('stats count hits', async () => {
  const { body } = await shorten('https://example.org');
  await fetch(base + '/' + body.code, { redirect: 'manual' });

  const stats = await fetch(base + '/stats/' + body.code);
  assert.strictEqual(stats.status, 200);
  assert.strictEqual((await stats.json()).hits, 1);
});
