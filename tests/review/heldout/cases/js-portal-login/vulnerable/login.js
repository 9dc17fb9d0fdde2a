// Login form handler of the customer portal. After a successful login the
// user is sent back to the page given in ?next=.
const express = require('express');

module.exports = function loginRoutes(auth) {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false }));

  router.get('/login', (req, res) => {
    res.render('login', { next: req.query.next || '/', error: null });
  });

  router.post('/login', async (req, res, next) => {
    const target = req.body.next || req.query.next || '/';
    try {
      const user = await auth.check(req.body.email, req.body.password);
      if (!user) {
        return res.status(401).render('login', { next: target, error: 'Wrong e-mail or password' });
      }
      return req.session.regenerate((err) => {
        if (err) return next(err);
        req.session.userId = user.id;
        return res.redirect(target);
      });
    } catch (err) {
      return next(err);
    }
  });

  return router;
};
