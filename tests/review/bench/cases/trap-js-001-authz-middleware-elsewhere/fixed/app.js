const express = require('express');
const session = require('express-session');
const { requireLogin, requireAdmin } = require('./middleware/auth');
const adminRoutes = require('./routes/admin');

const app = express();
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

app.use('/admin', requireLogin, requireAdmin, adminRoutes);

app.get('/', (req, res) => res.send('ok'));

module.exports = app;
