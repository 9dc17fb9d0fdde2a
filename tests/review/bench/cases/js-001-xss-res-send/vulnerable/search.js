const express = require('express');
const products = require('./products.json');

const app = express();

function matches(product, q) {
  return product.name.toLowerCase().includes(q.toLowerCase());
}

app.get('/search', (req, res) => {
  const q = String(req.query.q || '');
  const hits = products.filter((p) => matches(p, q));
  const items = hits.map((p) => `<li>${p.name}</li>`).join('');
  res.set('Content-Type', 'text/html');
  res.send(`<h1>Results for ${q}</h1><ul>${items}</ul>`);
});

app.get('/healthz', (req, res) => {
  res.json({ ok: true });
});

app.listen(3000, () => {
  console.log('listening on 3000');
});
