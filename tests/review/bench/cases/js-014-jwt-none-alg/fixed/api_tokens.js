const express = require('express');
const jwt = require('jsonwebtoken');

const SECRET = process.env.JWT_SECRET;
const app = express();

function verifyToken(token) {
  return jwt.verify(token, SECRET, { algorithms: ['HS256'] });
}

app.use((req, res, next) => {
  const token = (req.headers.authorization || '').replace(/^Bearer /, '');
  try {
    req.claims = verifyToken(token);
  } catch (e) {
    return res.status(401).json({ error: 'unauthorized' });
  }
  return next();
});

app.get('/me', (req, res) => {
  res.json({ sub: req.claims.sub, scope: req.claims.scope });
});

app.listen(3000);
