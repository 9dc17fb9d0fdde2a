function requireAdmin(req, res, next) {
  if (!req.user || req.user.role !== 'admin') {
    return res.status(403).send('forbidden');
  }
  next();
}

module.exports = { requireAdmin };
