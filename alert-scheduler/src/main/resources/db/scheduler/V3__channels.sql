-- Named notification channels (contact points): a rule says pagerduty://team-data-eng, and the
-- secrets behind the name live here only: a PagerDuty routing key, a Slack webhook path, e-mail
-- addresses. Changing one takes effect at the next notification; rules are not touched. Channels
-- are disabled, never deleted, so a rule never names a channel that is gone.
CREATE TABLE channels (
    name                  TEXT        PRIMARY KEY,
    pagerduty_routing_key TEXT,
    slack_webhook_path    TEXT,
    email_addresses       JSONB       NOT NULL DEFAULT '[]',
    enabled               BOOLEAN     NOT NULL DEFAULT TRUE,
    version               BIGINT      NOT NULL DEFAULT 1,
    changed_by            TEXT        NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (pagerduty_routing_key IS NOT NULL OR slack_webhook_path IS NOT NULL OR email_addresses <> '[]')
);
