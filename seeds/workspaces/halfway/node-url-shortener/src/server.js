const http = require('http');

const urls = {};

function makeCode() {
  return Math.random().toString(36).slice(2, 8).padEnd(6, '0');
}

function json(res, status, obj) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(obj));
}

function createServer() {
  return http.createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/shorten') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const { url } = JSON.parse(body);
        const code = makeCode();
        urls[code] = url;
        json(res, 201, { code, url });
      });
      return;
    }

    if (req.method === 'GET') {
      const code = req.url.slice(1);
      if (urls[code]) {
        res.writeHead(302, { Location: urls[code] });
        res.end();
      } else {
        json(res, 404, { error: 'Not found' });
      }
      return;
    }

    json(res, 404, { error: 'Not found' });
  });
}

function start(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(port, () => resolve(server));
  });
}

module.exports = { createServer, start };

if (require.main === module) {
  start(process.env.PORT || 8080).then(() => console.log('listening'));
}
