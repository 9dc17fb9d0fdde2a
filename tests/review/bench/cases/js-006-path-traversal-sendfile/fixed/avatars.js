const express = require('express');
const fs = require('fs');
const path = require('path');

const app = express();
const AVATAR_DIR = path.join(__dirname, 'uploads', 'avatars');

app.get('/avatars/:name', (req, res) => {
  const file = path.resolve(AVATAR_DIR, req.params.name);
  if (!file.startsWith(AVATAR_DIR + path.sep)) {
    return res.status(400).end();
  }
  fs.stat(file, (err, st) => {
    if (err || !st.isFile()) {
      return res.status(404).end();
    }
    res.type(path.extname(file));
    fs.createReadStream(file).pipe(res);
  });
});

app.get('/avatars', (req, res) => {
  fs.readdir(AVATAR_DIR, (err, names) => {
    if (err) return res.status(500).end();
    res.json(names);
  });
});

app.listen(3000);
