use std::env;

pub const STRIPE_RESTRICTED_KEY: &str = "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";
pub const MIGRATIONS_SHA256: &str = "575e5db9d2477964cfd619e65a721868f17380c81dc29e18a2d0b534cd9bb710";
pub const LEGACY_WEBHOOK_SECRET: &str = "whsec_bmGWUEL3zEYcZIjMU9LQMZrV9JwA7086"; // quarry:allow revoked, kept to reject replays

pub fn smtp_password() -> Result<String, env::VarError> {
    env::var("LEDGER_SMTP_PASSWORD")
}
