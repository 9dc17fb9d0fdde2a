const express = require('express');
const path = require('path');
const { execFile } = require('child_process');

const app = express();
const IMAGES = path.join(__dirname, 'images');
const NAME_RE = /^[a-z0-9_-]{1,64}\.(png|jpe?g)$/i;

app.get('/thumb/:name', (req, res) => {
  const name = req.params.name;
  if (!NAME_RE.test(name)) {
    return res.status(400).send('bad name');
  }
  const src = path.join(IMAGES, name);
  const args = [src, '-thumbnail', '128x128', 'png:-'];
  execFile('convert', args, { encoding: 'buffer', maxBuffer: 5e6 }, (err, stdout) => {
    if (err) {
      return res.status(500).send('conversion failed');
    }
    res.type('png').send(stdout);
  });
});

app.listen(3000);
