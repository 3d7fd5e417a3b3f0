-- The tenant of a producer key's events that name none. Keys issued before tenants existed wrote
-- for the single implicit tenant, 'default'.
ALTER TABLE api_keys ADD COLUMN tenant TEXT;
UPDATE api_keys SET tenant = 'default' WHERE role = 'producer';
