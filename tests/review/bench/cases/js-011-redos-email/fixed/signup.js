const express = require('express');

const app = express();
app.use(express.json({ limit: '100kb' }));

const EMAIL_RE = /^[a-zA-Z0-9._%+-]{1,64}@[a-zA-Z0-9-]{1,63}(?:\.[a-zA-Z0-9-]{1,63}){0,8}\.[a-zA-Z]{2,24}$/;
const pending = [];

function validEmail(s) {
  return s.length <= 254 && EMAIL_RE.test(s);
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
