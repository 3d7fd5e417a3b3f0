-- The published rule table identifies a rule by a UUID, rule_id. Rules keep their numeric id
-- (history rows, alerts and the scheduler refer to it) and gain a rule_id; either finds the rule.
ALTER TABLE alert_rules ADD COLUMN rule_id UUID NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX alert_rules_by_rule_id ON alert_rules (rule_id);
