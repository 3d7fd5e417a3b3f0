-- Alert rules, never deleted: disabling keeps the rule and its history. Every change is a row of
-- alert_rule_history with who made it and the rule before and after, as the API returned it.
CREATE TABLE alert_rules (
    id             BIGSERIAL PRIMARY KEY,
    name           TEXT             NOT NULL,
    metric         TEXT             NOT NULL,
    dimensions     JSONB            NOT NULL DEFAULT '{}',
    condition      TEXT             NOT NULL,
    threshold      DOUBLE PRECISION NOT NULL,
    window_seconds INTEGER          NOT NULL CHECK (window_seconds > 0),
    for_seconds    INTEGER          NOT NULL DEFAULT 0 CHECK (for_seconds >= 0),
    severity       TEXT             NOT NULL,
    channels       JSONB            NOT NULL,
    enabled        BOOLEAN          NOT NULL DEFAULT TRUE,
    version        BIGINT           NOT NULL DEFAULT 1,
    created_at     TIMESTAMPTZ      NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ      NOT NULL DEFAULT now()
);

CREATE TABLE alert_rule_history (
    id         BIGSERIAL PRIMARY KEY,
    rule_id    BIGINT      NOT NULL REFERENCES alert_rules (id),
    changed_by TEXT        NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    change     TEXT        NOT NULL CHECK (change IN ('created', 'replaced', 'patched')),
    old_value  JSONB,
    new_value  JSONB       NOT NULL
);

CREATE INDEX alert_rule_history_by_rule ON alert_rule_history (rule_id, id);
