// Password-reset confirmation for the member portal (Express + MongoDB driver).
const express = require('express');
const bcrypt = require('bcrypt');

module.exports = function resetRoutes(db) {
  const router = express.Router();
  const users = db.collection('users');

  router.post('/password/reset/confirm', express.json(), async (req, res, next) => {
    try {
      const { token, password } = req.body;
      if (typeof token !== 'string' || typeof password !== 'string' || password.length < 12) {
        return res.status(400).json({ error: 'token and a 12+ character password are required' });
      }
      const user = await users.findOne({
        resetToken: token,
        resetExpires: { $gt: new Date() },
      });
      if (!user) {
        return res.status(400).json({ error: 'invalid or expired token' });
      }
      const hash = await bcrypt.hash(String(password), 12);
      await users.updateOne(
        { _id: user._id },
        { $set: { passwordHash: hash }, $unset: { resetToken: '', resetExpires: '' } },
      );
      return res.json({ ok: true });
    } catch (err) {
      return next(err);
    }
  });

  return router;
};
