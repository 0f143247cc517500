const test = require('node:test');
const assert = require('node:assert');
const request = require('supertest');
const app = require('../src/server');

test('shortens a url', async () => {
  const res = await request(app).post('/shorten').send({ url: 'https://example.com' });
  assert.equal(res.status, 201);
  assert.equal(res.body.code.length, 6);
});
