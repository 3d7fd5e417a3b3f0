-- Every alert state change received from the alerts topic, once: the id repeats on a replay.
CREATE TABLE alert_events (
    id            TEXT PRIMARY KEY,
    rule_id       BIGINT           NOT NULL,
    group_key     TEXT             NOT NULL,
    state         TEXT             NOT NULL CHECK (state IN ('FIRING', 'RESOLVED')),
    value         DOUBLE PRECISION,
    first_breach  TIMESTAMPTZ      NOT NULL,
    event_time    TIMESTAMPTZ      NOT NULL,
    alert         JSONB            NOT NULL,
    received_at   TIMESTAMPTZ      NOT NULL DEFAULT now()
);

-- One row per rule and group: where its alert stands and what was last notified for it.
CREATE TABLE alert_groups (
    id                  BIGSERIAL PRIMARY KEY,
    rule_id             BIGINT      NOT NULL,
    group_key           TEXT        NOT NULL,
    state               TEXT        NOT NULL,
    current_alert_id    TEXT        NOT NULL,
    alert               JSONB       NOT NULL,
    -- The FIRING alert that was paged (or silenced), and where: the resolve goes to the same places.
    notified_alert_id   TEXT,
    notified_state      TEXT,
    notified_channels   JSONB       NOT NULL DEFAULT '[]',
    last_trigger_at     TIMESTAMPTZ,
    escalations         INTEGER     NOT NULL DEFAULT 0,
    acknowledged_at     TIMESTAMPTZ,
    acknowledged_by     TEXT,
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (rule_id, group_key)
);

-- Every notification decision: sent, rejected by the receiver, failed (retried), silenced or
-- grouped. Channels are stored redacted; channel_id (a hash) tells two channels apart.
CREATE TABLE notifications (
    id          BIGSERIAL PRIMARY KEY,
    group_id    BIGINT      NOT NULL REFERENCES alert_groups (id),
    alert_id    TEXT        NOT NULL,
    kind        TEXT        NOT NULL CHECK (kind IN ('TRIGGER', 'RESOLVE', 'ESCALATE')),
    step        INTEGER     NOT NULL DEFAULT 0,
    channel     TEXT        NOT NULL,
    channel_id  TEXT        NOT NULL,
    status      TEXT        NOT NULL CHECK (status IN ('SENT', 'REJECTED', 'FAILED', 'SILENCED', 'GROUPED')),
    attempts    INTEGER     NOT NULL DEFAULT 0,
    http_status INTEGER,
    detail      TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (alert_id, kind, step, channel_id)
);
CREATE INDEX notifications_by_group ON notifications (group_id, id);

-- Silences: while one matches an alert (its rule, and every matcher among the alert's dimensions),
-- the alert is logged, not sent. Expiring sets ends_at; silences are kept for the record.
CREATE TABLE silences (
    id          BIGSERIAL PRIMARY KEY,
    rule_id     BIGINT,
    matchers    JSONB       NOT NULL DEFAULT '{}',
    starts_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    ends_at     TIMESTAMPTZ NOT NULL,
    comment     TEXT        NOT NULL,
    created_by  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (ends_at > starts_at)
);
