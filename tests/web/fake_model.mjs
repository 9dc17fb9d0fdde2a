// An OpenAI-compatible endpoint for the browser test: its first draft names a column that does
// not exist (as models do), and a refinement gets the corrected query. Prints its port.
import http from 'node:http';

const wrong = 'SecurityEvent | where EventID == 4625 | where TargetUserNam == "alice"';
const right = 'SecurityEvent | where EventID == 4625 | where TargetUserName == "alice"';

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const prompt = JSON.stringify(JSON.parse(body || '{}').messages ?? []);
    const query = prompt.includes('column that exists') ? right : wrong;
    const content = JSON.stringify({ query, explanation: 'Failed logons (4625) for the user alice.' });
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ choices: [{ message: { role: 'assistant', content } }] }));
  });
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
