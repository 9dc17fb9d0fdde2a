const express = require('express');
const { exec } = require('child_process');

const app = express();

app.get('/tools/dig', (req, res) => {
  const domain = req.query.domain;
  const type = req.query.type === 'MX' ? 'MX' : 'A';
  if (!domain) {
    return res.status(400).send('domain required');
  }
  exec(`dig +short ${type} ${domain}`, { timeout: 5000 }, (err, stdout) => {
    if (err) {
      return res.status(500).send('lookup failed');
    }
    res.type('text/plain').send(stdout);
  });
});

app.listen(8080);
