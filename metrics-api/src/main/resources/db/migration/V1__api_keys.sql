-- API keys. Only a SHA-256 hash of each key is stored: keys are 256 random bits, so a fast hash is
-- as safe as a slow one and lets every request be checked cheaply. key_prefix identifies a key in
-- listings and logs without revealing it.
CREATE TABLE api_keys (
    id                    BIGSERIAL PRIMARY KEY,
    key_prefix            TEXT        NOT NULL,
    key_hash              TEXT        NOT NULL UNIQUE,
    role                  TEXT        NOT NULL CHECK (role IN ('producer', 'admin')),
    source                TEXT,
    rate_limit_per_second INTEGER     CHECK (rate_limit_per_second > 0),
    description           TEXT,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at            TIMESTAMPTZ,
    CHECK (role = 'admin' OR source IS NOT NULL)
);
