// User settings API: PATCH merges the submitted JSON into the stored document.
const express = require('express');

const DEFAULTS = {
  theme: 'light',
  notifications: { email: true, push: false, digest: 'weekly' },
  editor: { tabSize: 2, wordWrap: true },
};

function deepMerge(target, source) {
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      if (!target[key] || typeof target[key] !== 'object') {
        target[key] = {};
      }
      deepMerge(target[key], value);
    } else {
      target[key] = value;
    }
  }
  return target;
}

module.exports = function settingsRoutes(store) {
  const router = express.Router();

  router.patch('/me/settings', express.json(), async (req, res, next) => {
    try {
      const current = (await store.get(req.user.id)) || structuredClone(DEFAULTS);
      const merged = deepMerge(current, req.body);
      await store.put(req.user.id, merged);
      return res.json(merged);
    } catch (err) {
      return next(err);
    }
  });

  return router;
};
