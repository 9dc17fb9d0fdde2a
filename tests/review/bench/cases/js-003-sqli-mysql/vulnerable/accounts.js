const express = require('express');
const mysql = require('mysql2');

const pool = mysql.createPool({
  host: process.env.DB_HOST,
  user: process.env.DB_USER,
  password: process.env.DB_PASSWORD,
  database: 'bank',
});

const router = express.Router();

router.get('/accounts/:id', (req, res) => {
  const sql = "SELECT id, owner, balance FROM accounts WHERE id = '" + req.params.id + "'";
  pool.query(sql, (err, rows) => {
    if (err) {
      res.status(500).json({ error: 'database error' });
      return;
    }
    if (rows.length === 0) {
      res.status(404).end();
      return;
    }
    res.json(rows[0]);
  });
});

module.exports = router;
