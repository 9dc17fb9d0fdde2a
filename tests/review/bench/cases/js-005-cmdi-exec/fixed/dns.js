const express = require('express');
const { execFile } = require('child_process');

const app = express();

app.get('/tools/dig', (req, res) => {
  const domain = req.query.domain;
  const type = req.query.type === 'MX' ? 'MX' : 'A';
  if (!domain) {
    return res.status(400).send('domain required');
  }
  if (!/^[a-zA-Z0-9.-]+$/.test(domain)) {
    return res.status(400).send('bad domain');
  }
  execFile('dig', ['+short', type, domain], { timeout: 5000 }, (err, stdout) => {
    if (err) {
      return res.status(500).send('lookup failed');
    }
    res.type('text/plain').send(stdout);
  });
});

app.listen(8080);
