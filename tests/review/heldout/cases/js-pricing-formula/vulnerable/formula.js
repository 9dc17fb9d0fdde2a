// Formula endpoint of the pricing dashboard: evaluates a formula typed by a
// user, such as "base * (1 + margin) - discount", against named numbers.
const express = require('express');
const vm = require('vm');

const router = express.Router();
router.use(express.json({ limit: '8kb' }));

function numericVars(vars) {
  const out = {};
  for (const [k, v] of Object.entries(vars || {})) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && typeof v === 'number' && Number.isFinite(v)) {
      out[k] = v;
    }
  }
  return out;
}

router.post('/formula/eval', (req, res) => {
  const { formula, vars } = req.body;
  const numbers = numericVars(vars);
  if (typeof formula !== 'string' || formula.length > 200) {
    return res.status(400).json({ error: 'formula must be a short string' });
  }
  const context = { ...numbers, Math };
  try {
    const value = vm.runInNewContext(formula, context, { timeout: 50 });
    if (typeof value !== 'number') {
      return res.status(422).json({ error: 'formula did not produce a number' });
    }
    return res.json({ value });
  } catch (err) {
    return res.status(422).json({ error: 'could not evaluate formula' });
  }
});

module.exports = router;
