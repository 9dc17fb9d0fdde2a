const express = require('express');

const app = express();
app.use(express.json({ limit: '100kb' }));

const EMAIL_RE = /^([a-zA-Z0-9]+\.?)+@([a-zA-Z0-9]+\.)+[a-zA-Z]{2,}$/;
const pending = [];

function validEmail(s) {
  return EMAIL_RE.test(s);
}

app.post('/signup', (req, res) => {
  const email = String(req.body.email || '');
  if (!validEmail(email)) {
    return res.status(400).json({ error: 'invalid email' });
  }
  pending.push({ email, at: Date.now() });
  res.status(202).json({ queued: true });
});

app.get('/signup/pending', (req, res) => {
  res.json({ count: pending.length });
});

app.listen(3000);
