# frozen_string_literal: true

module Redact
  PATTERNS = {
    github: /\bgh[pousr]_[A-Za-z0-9]{36}\b/,
    aws_key_id: /\b(?:AKIA|ASIA)[A-Z2-7]{16}\b/,
    slack: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/,
    private_key: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----/
  }.freeze

  def self.call(text)
    PATTERNS.values.reduce(text) { |t, re| t.gsub(re, "[REDACTED]") }
  end
end
