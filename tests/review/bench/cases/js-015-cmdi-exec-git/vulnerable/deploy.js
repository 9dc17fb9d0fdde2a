const express = require('express');
const { execSync } = require('child_process');

const app = express();
app.use(express.json());
const REPO_DIR = '/srv/app';

function checkout(branch) {
  const out = execSync(`git -C ${REPO_DIR} fetch origin && git -C ${REPO_DIR} checkout ${branch}`);
  return out.toString();
}

app.post('/hooks/deploy', (req, res) => {
  const branch = req.body.ref ? req.body.ref.replace('refs/heads/', '') : 'main';
  try {
    const log = checkout(branch);
    res.json({ deployed: branch, log });
  } catch (e) {
    res.status(500).json({ error: 'deploy failed' });
  }
});

app.listen(9000);
