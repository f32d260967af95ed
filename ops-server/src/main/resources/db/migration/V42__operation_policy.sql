-- Issue 4 (operation types): default dual-control policy, request expiry and result delivery,
-- a record of seeded built-in role permissions, and the map publication columns.

-- Dual control by default (changing a row is the dual-control operation policy.set).
-- "role.grant:ROLE" refines role.grant by the role granted (also consulted for user.create's roles):
-- the administrator roles and the approver role need a second person, OPERATOR does not.
INSERT INTO op_policy (type, dual_control) VALUES
    ('key.rotate', true),
    ('user.reveal', true),
    ('audit.export', true),
    ('policy.set', true),
    ('map.layer.publish', true),
    ('map.parcel.status', true),
    ('role.permission.grant', true),
    ('role.grant:SECURITY_ADMIN', true),
    ('role.grant:SYSTEM_ADMIN', true),
    ('role.grant:AUDITOR', true),
    ('role.grant:KEY_ADMIN', true),
    ('role.grant:APPROVER', true)
ON CONFLICT (type) DO NOTHING;

-- Requests past expires_at become 'expired' (set lazily when read, and by every listing).
ALTER TABLE op_requests DROP CONSTRAINT op_requests_status_check;
ALTER TABLE op_requests ADD CONSTRAINT op_requests_status_check
    CHECK (status IN ('pending', 'approved', 'rejected', 'expired'));
-- The result of an approved request, for its requester only (not the approver): FieldProtector blob
-- (SM4 + HMAC-SM3 over table, ledger index, column), erased once the requester has fetched it.
ALTER TABLE op_requests ADD COLUMN result_enc bytea;
CREATE INDEX op_requests_requester ON op_requests (requester_id, created_at);

-- Built-in role permissions ever seeded: a start-up re-seeds only pairs never seeded before, so a
-- permission removed by role.permission.revoke stays removed.
CREATE TABLE role_permission_seeds (
    role        text NOT NULL,
    permission  text NOT NULL,
    PRIMARY KEY (role, permission)
);
INSERT INTO role_permission_seeds (role, permission) SELECT role, permission FROM role_permissions;

-- map.layer.publish: who published a layer, when (the signed request is in the ledger).
ALTER TABLE map_layers ADD COLUMN published_at timestamptz;
ALTER TABLE map_layers ADD COLUMN published_by bigint REFERENCES users (id);
