const express = require('express');
const session = require('express-session');
const { checkCredentials } = require('./users');

const app = express();
app.use(express.urlencoded({ extended: false }));
app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));

app.post('/login', async (req, res) => {
  const user = await checkCredentials(req.body.username, req.body.password);
  if (!user) {
    return res.status(401).send('Invalid username or password');
  }
  req.session.userId = user.id;
  const target = req.query.returnTo || '/dashboard';
  res.redirect(target);
});

app.get('/logout', (req, res) => {
  req.session.destroy(() => res.redirect('/'));
});

module.exports = app;
