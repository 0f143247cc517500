const express = require('express');
const { nanoid } = require('nanoid');

const app = express();
app.use(express.json());

const db = {};

app.post('/shorten', (req, res) => {
  const code = nanoid(6);
  db[code] = { url: req.body.url, hits: 0 };
  res.status(201).json({ code, url: req.body.url });
});

app.get('/:code', (req, res) => {
  const entry = db[req.params.code];
  if (!entry) return res.status(404).json({ error: 'not found' });
  entry.hits++;
  res.redirect(entry.url);
});

app.get('/stats/:code', (req, res) => {
  const entry = db[req.params.code];
  res.json({ code: req.params.code, url: entry.url, hits: entry.hits });
});

app.listen(process.env.PORT || 3000, () => console.log('listening'));

module.exports = app;
