const express = require('express');

const app = express();
app.use(express.json());

const defaults = { theme: 'light', notifications: { email: true, sms: false } };
const userSettings = new Map();

function merge(target, source) {
  for (const key of Object.keys(source)) {
    if (source[key] && typeof source[key] === 'object') {
      if (!target[key]) target[key] = {};
      merge(target[key], source[key]);
    } else {
      target[key] = source[key];
    }
  }
  return target;
}

app.put('/settings/:user', (req, res) => {
  const current = userSettings.get(req.params.user) || JSON.parse(JSON.stringify(defaults));
  const updated = merge(current, req.body);
  userSettings.set(req.params.user, updated);
  res.json(updated);
});

app.listen(3000);
