// Bearer-token middleware for the reporting API. Tokens are HS256 JWTs
// issued by the login service with the shared secret in JWT_SECRET.
const jwt = require('jsonwebtoken');

const SECRET = process.env.JWT_SECRET;
const ISSUER = 'login.example.internal';

function requireUser(req, res, next) {
  const header = req.get('authorization') || '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) {
    return res.status(401).json({ error: 'missing bearer token' });
  }
  let claims;
  try {
    claims = jwt.verify(match[1], SECRET, { algorithms: ['HS256'], issuer: ISSUER });
  } catch (err) {
    claims = null;
  }
  if (!claims || claims.iss !== ISSUER || typeof claims.sub !== 'string') {
    return res.status(401).json({ error: 'invalid token' });
  }
  if (claims.exp && claims.exp * 1000 < Date.now()) {
    return res.status(401).json({ error: 'token expired' });
  }
  req.user = { id: claims.sub, roles: Array.isArray(claims.roles) ? claims.roles : [] };
  return next();
}

function requireRole(role) {
  return (req, res, next) => {
    if (!req.user || !req.user.roles.includes(role)) {
      return res.status(403).json({ error: 'forbidden' });
    }
    return next();
  };
}

module.exports = { requireUser, requireRole };
