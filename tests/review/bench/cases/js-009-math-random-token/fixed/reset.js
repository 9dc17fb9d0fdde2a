const crypto = require('crypto');
const express = require('express');
const db = require('./db');
const mailer = require('./mailer');

const router = express.Router();

function makeToken(len) {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < len; i++) {
    out += chars[crypto.randomInt(chars.length)];
  }
  return out;
}

router.post('/password/forgot', async (req, res) => {
  const user = await db.users.findByEmail(req.body.email);
  if (user) {
    const token = makeToken(32);
    await db.resetTokens.insert({ userId: user.id, token, expires: Date.now() + 3600e3 });
    await mailer.send(user.email, 'Password reset', `https://app.example/reset/${token}`);
  }
  res.json({ message: 'If the address exists, a reset link was sent.' });
});

module.exports = router;
