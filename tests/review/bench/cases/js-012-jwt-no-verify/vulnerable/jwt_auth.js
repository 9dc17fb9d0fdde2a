const jwt = require('jsonwebtoken');

const PUBLIC_PATHS = new Set(['/login', '/healthz']);

function bearer(req) {
  const h = req.headers.authorization || '';
  return h.startsWith('Bearer ') ? h.slice(7) : null;
}

function authenticate(req, res, next) {
  if (PUBLIC_PATHS.has(req.path)) {
    return next();
  }
  const token = bearer(req);
  if (!token) {
    return res.status(401).json({ error: 'missing token' });
  }
  const claims = jwt.decode(token);
  if (!claims || !claims.sub) {
    return res.status(401).json({ error: 'invalid token' });
  }
  req.user = { id: claims.sub, roles: claims.roles || [] };
  return next();
}

module.exports = { authenticate };
