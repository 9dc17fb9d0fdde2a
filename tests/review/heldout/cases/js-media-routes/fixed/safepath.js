// Resolve a user-supplied name inside a fixed root directory.
// Returns the canonical path, or null if it is missing or would leave the
// root (through "..", an absolute name or a symbolic link).
const fs = require('fs');
const path = require('path');

function resolveInside(root, name) {
  if (typeof name !== 'string' || name.length === 0 || name.includes('\0')) {
    return null;
  }
  let base;
  let real;
  try {
    base = fs.realpathSync(root);
    real = fs.realpathSync(path.resolve(base, name));
  } catch (err) {
    return null;
  }
  if (real === base || !real.startsWith(base + path.sep)) {
    return null;
  }
  return real;
}

module.exports = { resolveInside };
