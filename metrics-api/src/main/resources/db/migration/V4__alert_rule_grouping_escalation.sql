-- Rules may page per group (group_by), compare a per-second rate, and escalate an unacknowledged
-- firing alert after a delay. Existing rules keep their meaning: one group, the plain value, no
-- escalation.
ALTER TABLE alert_rules
    ADD COLUMN group_by               JSONB   NOT NULL DEFAULT '[]',
    ADD COLUMN statistic              TEXT    NOT NULL DEFAULT 'VALUE',
    ADD COLUMN escalate_after_seconds INTEGER CHECK (escalate_after_seconds > 0),
    ADD COLUMN escalation_channels    JSONB   NOT NULL DEFAULT '[]';
