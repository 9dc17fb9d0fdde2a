const express = require('express');
const db = require('./db');

const router = express.Router();

function requireLogin(req, res, next) {
  if (!req.session || !req.session.user) {
    return res.status(401).json({ error: 'login required' });
  }
  next();
}

function requireAdmin(req, res, next) {
  if (!req.session.user.roles.includes('admin')) {
    return res.status(403).json({ error: 'forbidden' });
  }
  next();
}

router.get('/admin/users', requireLogin, requireAdmin, async (req, res) => {
  res.json(await db.users.list());
});

router.delete('/admin/users/:id', requireLogin, async (req, res) => {
  await db.users.remove(req.params.id);
  res.status(204).end();
});

module.exports = router;
