function requireLogin(req, res, next) {
  if (!req.session || !req.session.user) {
    return res.status(401).json({ error: 'login required' });
  }
  return next();
}

function requireAdmin(req, res, next) {
  const roles = (req.session.user && req.session.user.roles) || [];
  if (!roles.includes('admin')) {
    return res.status(403).json({ error: 'forbidden' });
  }
  return next();
}

module.exports = { requireLogin, requireAdmin };
