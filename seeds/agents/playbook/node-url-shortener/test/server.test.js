'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { start } = require('../src/server.js');

let server;
let base;

before(async () => {
  server = await start(0);
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => new Promise((resolve) => server.close(resolve)));

const shorten = (body) =>
  fetch(`${base}/shorten`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

test('POST /shorten returns a 6-character code', async () => {
  const res = await shorten({ url: 'https://example.org/page' });
  assert.equal(res.status, 201);
  const body = await res.json();
  assert.match(body.code, /^[A-Za-z0-9]{6}$/);
  assert.equal(body.url, 'https://example.org/page');
});

test('POST /shorten rejects bad input with 400', async () => {
  for (const body of ['not json', {}, { url: 'example.org' }, { url: 'ftp://x.org' }]) {
    const res = await shorten(body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(typeof (await res.json()).error, 'string');
  }
});

test('GET /:code redirects and unknown codes are 404', async () => {
  const { code } = await (await shorten({ url: 'http://example.com/x' })).json();
  const res = await fetch(`${base}/${code}`, { redirect: 'manual' });
  assert.equal(res.status, 302);
  assert.equal(res.headers.get('location'), 'http://example.com/x');
  const missing = await fetch(`${base}/nope00`, { redirect: 'manual' });
  assert.equal(missing.status, 404);
});

test('GET /stats/:code counts redirects', async () => {
  const { code } = await (await shorten({ url: 'https://example.net/' })).json();
  await fetch(`${base}/${code}`, { redirect: 'manual' });
  await fetch(`${base}/${code}`, { redirect: 'manual' });
  const res = await fetch(`${base}/stats/${code}`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { code, url: 'https://example.net/', hits: 2 });
});
