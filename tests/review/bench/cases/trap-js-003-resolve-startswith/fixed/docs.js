const express = require('express');
const fs = require('fs/promises');
const path = require('path');

const app = express();
const DOCS_ROOT = path.resolve(__dirname, 'docs');

function resolveDoc(rel) {
  const full = path.resolve(DOCS_ROOT, rel);
  if (!full.startsWith(DOCS_ROOT + path.sep)) {
    return null;
  }
  return full;
}

app.get('/docs/*', async (req, res) => {
  const file = resolveDoc(req.params[0]);
  if (!file) {
    return res.status(400).send('invalid path');
  }
  try {
    const body = await fs.readFile(file, 'utf8');
    res.type('text/plain').send(body);
  } catch (e) {
    res.status(404).send('not found');
  }
});

app.listen(3000);
