const express = require('express');
const { Sequelize, QueryTypes } = require('sequelize');

const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false });
const router = express.Router();

router.get('/reports/tickets', async (req, res) => {
  const status = req.query.status || 'open';
  const limit = Math.min(parseInt(req.query.limit, 10) || 50, 500);
  try {
    const rows = await sequelize.query(
      'SELECT id, title, status FROM tickets WHERE status = :status LIMIT :limit',
      { type: QueryTypes.SELECT, replacements: { status, limit } },
    );
    res.json(rows);
  } catch (err) {
    res.status(500).json({ error: 'query failed' });
  }
});

router.get('/reports/ping', (req, res) => {
  res.send('pong');
});

module.exports = router;
