const express = require('express');
const { requireAdmin } = require('./middleware/auth');
const accounts = require('./routes/accounts');

const app = express();
app.use(express.json());
// Every /admin route passes the admin check before its handler runs.
app.use('/admin', requireAdmin);
app.use('/admin/accounts', accounts);

app.listen(8080);
