'use strict';
// Tiny in-memory URL shortener: POST /shorten, GET /:code, GET /stats/:code.
const http = require('node:http');
const crypto = require('node:crypto');

const CODE_LENGTH = 6;
const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const MAX_BODY_BYTES = 16 * 1024;

function sendJson(res, status, payload) {
  const body = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('request body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function isHttpUrl(value) {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function randomCode() {
  const bytes = crypto.randomBytes(CODE_LENGTH);
  let code = '';
  for (const byte of bytes) code += CODE_ALPHABET[byte % CODE_ALPHABET.length];
  return code;
}

function createStore() {
  const links = new Map(); // code -> { url, hits }
  return {
    add(url) {
      let code;
      do code = randomCode(); while (links.has(code));
      links.set(code, { url, hits: 0 });
      return code;
    },
    get: (code) => links.get(code),
  };
}

function createServer() {
  const store = createStore();

  async function handle(req, res) {
    const { pathname } = new URL(req.url, 'http://localhost');

    if (req.method === 'POST' && pathname === '/shorten') {
      let payload;
      try {
        payload = JSON.parse(await readBody(req));
      } catch (err) {
        if (err.status) return sendJson(res, err.status, { error: err.message });
        return sendJson(res, 400, { error: 'body must be JSON' });
      }
      if (!payload || !isHttpUrl(payload.url)) {
        return sendJson(res, 400, { error: '"url" must be an absolute http(s) URL' });
      }
      const code = store.add(payload.url);
      return sendJson(res, 201, { code, url: payload.url });
    }

    if (req.method === 'GET') {
      const stats = pathname.match(/^\/stats\/([A-Za-z0-9]+)$/);
      if (stats) {
        const link = store.get(stats[1]);
        if (!link) return sendJson(res, 404, { error: 'unknown code' });
        return sendJson(res, 200, { code: stats[1], url: link.url, hits: link.hits });
      }
      const redirect = pathname.match(/^\/([A-Za-z0-9]+)$/);
      if (redirect) {
        const link = store.get(redirect[1]);
        if (!link) return sendJson(res, 404, { error: 'unknown code' });
        link.hits += 1;
        res.writeHead(302, { location: link.url });
        return res.end();
      }
    }

    return sendJson(res, 404, { error: 'not found' });
  }

  return http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      console.error(err);
    });
  });
}

function start(port = 0) {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

module.exports = { createServer, start };

if (require.main === module) {
  const port = Number(process.env.PORT || 8080);
  start(port).then((server) => {
    console.log(`URL shortener listening on http://localhost:${server.address().port}`);
  });
}
