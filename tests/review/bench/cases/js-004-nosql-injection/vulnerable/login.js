const express = require('express');
const { MongoClient } = require('mongodb');

const app = express();
app.use(express.json());

const client = new MongoClient(process.env.MONGO_URL);
const clients = client.db('app').collection('api_clients');

app.post('/api/login', async (req, res) => {
  const { clientId, apiKey } = req.body;
  if (!clientId || !apiKey) {
    return res.status(400).json({ error: 'clientId and apiKey required' });
  }
  const found = await clients.findOne({ clientId: clientId, apiKey: apiKey });
  if (!found) {
    return res.status(401).json({ error: 'invalid credentials' });
  }
  await clients.updateOne({ _id: found._id }, { $set: { lastLogin: new Date() } });
  return res.json({ ok: true, client: found.clientId, scopes: found.scopes });
});

app.get('/healthz', (req, res) => res.json({ ok: true }));

client.connect().then(() => app.listen(3000));
