const express = require('express');
const db = require('../db');

const router = express.Router();

// Mounted in app.js as app.use('/admin', requireLogin, requireAdmin, adminRoutes).
router.get('/users', async (req, res) => {
  const users = await db.users.list();
  res.json(users.map((u) => ({ id: u.id, name: u.name, roles: u.roles })));
});

router.delete('/users/:id', async (req, res) => {
  await db.users.remove(req.params.id);
  res.status(204).end();
});

router.post('/users/:id/roles', express.json(), async (req, res) => {
  const roles = Array.isArray(req.body.roles) ? req.body.roles.map(String) : [];
  await db.users.setRoles(req.params.id, roles);
  res.json({ id: req.params.id, roles });
});

module.exports = router;
