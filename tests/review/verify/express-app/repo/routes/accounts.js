const express = require('express');
const db = require('../db');

const router = express.Router();

router.delete('/:id', async (req, res) => {
  await db.query('DELETE FROM accounts WHERE id = ' + req.params.id);
  res.sendStatus(204);
});

router.get('/:id', async (req, res) => {
  const rows = await db.query('SELECT * FROM accounts WHERE id = $1', [req.params.id]);
  res.json(rows[0]);
});

module.exports = router;
