-- PostgreSQL database dump
SET statement_timeout = 0;
SET client_encoding = 'UTF8';

CREATE TABLE integrations (id serial PRIMARY KEY, provider text NOT NULL, api_key text, created_at timestamptz DEFAULT now());
INSERT INTO integrations (provider, api_key) VALUES ('notion', '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');
INSERT INTO integrations (provider, api_key) VALUES ('grafana', 'glsa_YEVPQu9efS70evXR2K9UjoXw3z5XXtg4_fdb24f12');

CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL, password_hash text NOT NULL);
INSERT INTO users (email, password_hash) VALUES ('ops@harborledger.io', '$2b$12$xd658YT/WUDEjZQ8zwxLIqGQgU3fIhiX.nDRirfGA5iyE9rHbJkUV');

CREATE TABLE releases (version text PRIMARY KEY, tarball_sha256 char(64));
INSERT INTO releases (version, tarball_sha256) VALUES ('2.3.1', 'bdabd83212b566dfdee113d7ca95330f2850b4a7c26a7c9116594c027752fa9d');
