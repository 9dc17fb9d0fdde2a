// Media routes: download an uploaded file and probe its container format.
// Every name from the URL goes through resolveInside (safepath.js).
const express = require('express');
const { execFile } = require('child_process');
const { resolveInside } = require('./safepath');

const MEDIA_ROOT = process.env.MEDIA_ROOT || '/srv/media';
const router = express.Router();

router.get('/media/:name', (req, res) => {
  const file = resolveInside(MEDIA_ROOT, req.params.name);
  if (!file) return res.status(404).end();
  return res.sendFile(file);
});

router.get('/media/:name/probe', (req, res, next) => {
  const file = resolveInside(MEDIA_ROOT, req.params.name);
  if (!file) return res.status(404).end();
  const args = ['-v', 'error', '-show_format', '-of', 'json', file];
  return execFile('ffprobe', args, { timeout: 5000, maxBuffer: 1 << 20 }, (err, stdout) => {
    if (err) return next(err);
    let info;
    try {
      info = JSON.parse(stdout);
    } catch (parseErr) {
      return next(parseErr);
    }
    return res.json({ name: req.params.name, format: info.format && info.format.format_name });
  });
});

module.exports = router;
