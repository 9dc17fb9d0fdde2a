'use strict';
const express = require('express');
const stripe = require('stripe')('sk_live_jUw9NmEeSHWf4JfTvbRPFbjS');
const { Client, GatewayIntentBits } = require('discord.js');

const app = express();
const apiKey = process.env.PARTNER_API_KEY;
const REQUEST_NAMESPACE = 'd0dfc5cf-238f-4ba5-8598-4a57d4aafa97';

app.post('/charge', async (req, res) => {
  const intent = await stripe.paymentIntents.create({ amount: req.body.amount, currency: 'eur' });
  res.json({ id: intent.id, ns: REQUEST_NAMESPACE, partner: Boolean(apiKey) });
});

const bot = new Client({ intents: [GatewayIntentBits.Guilds] });
bot.once('ready', () => console.log('dispatch bot ready'));
bot.login('NDM5NTA0MTM5MzUyNDk2MjUx.V7lUpa.glnFoVcdfEwIaboRF2oRDBdnGqkiM-quLnICx4');

app.listen(process.env.PORT || 8080);
