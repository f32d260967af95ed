-- ops-server core schema: users, RBAC, certificate bindings, login challenges, sessions, audit.
-- Protected columns (see ARCHITECTURE.md section 4) are bytea blobs that carry their own key ids,
-- so a key rotation leaves old rows readable. Times are timestamptz (stored UTC).

-- Key ids in use, per purpose: rotation adds a row; nothing is ever deleted.
CREATE TABLE key_versions (
    purpose     text        NOT NULL,
    key_id      integer     NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (purpose, key_id)
);

CREATE TABLE users (
    id              bigserial   PRIMARY KEY,
    username        text        NOT NULL UNIQUE CHECK (username ~ '^[a-z][a-z0-9_.-]{2,31}$'),
    status          text        NOT NULL CHECK (status IN ('active', 'disabled')),
    -- protected personal data: version|encKeyId|macKeyId|iv|ciphertext|HMAC-SM3
    name_enc        bytea       NOT NULL,
    id_card_enc     bytea,
    phone_enc       bytea,
    email_enc       bytea,
    -- HMAC-SM3 blind indexes for exact lookup: keyId(4)|mac(32)
    id_card_bidx    bytea,
    phone_bidx      bytea,
    email_bidx      bytea,
    -- password: PBKDF2-HMAC-SM3(salt, iterations) then HMAC-SM3 with the pepper
    pw_salt         bytea       NOT NULL,
    pw_iterations   integer     NOT NULL,
    pw_pepper_key   integer     NOT NULL,
    pw_hash         bytea       NOT NULL,
    failed_logins   integer     NOT NULL DEFAULT 0,
    locked_at       timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- HMAC-SM3 over the security-relevant record fields (username, status, password, lock)
    record_mac      bytea       NOT NULL
);
CREATE INDEX users_id_card_bidx ON users (id_card_bidx);
CREATE INDEX users_phone_bidx ON users (phone_bidx);
CREATE INDEX users_email_bidx ON users (email_bidx);

CREATE TABLE roles (
    code        text PRIMARY KEY
);
INSERT INTO roles (code) VALUES
    ('SYSTEM_ADMIN'), ('SECURITY_ADMIN'), ('AUDITOR'), ('KEY_ADMIN'), ('OPERATOR'), ('APPROVER');

-- Access-control rows: each carries an HMAC-SM3 checked on every authorization decision.
CREATE TABLE role_permissions (
    role        text        NOT NULL REFERENCES roles (code),
    permission  text        NOT NULL,
    mac         bytea       NOT NULL,
    PRIMARY KEY (role, permission)
);

CREATE TABLE user_roles (
    user_id     bigint      NOT NULL REFERENCES users (id),
    role        text        NOT NULL REFERENCES roles (code),
    granted_by  bigint      REFERENCES users (id),
    granted_at  timestamptz NOT NULL,
    mac         bytea       NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- Certificates bound to accounts: issuer + serial + SM3 fingerprint of the public key.
CREATE TABLE user_certs (
    id              bigserial   PRIMARY KEY,
    user_id         bigint      NOT NULL REFERENCES users (id),
    issuer_dn       text        NOT NULL,
    serial_hex      text        NOT NULL,
    spki_sm3        bytea       NOT NULL,
    cert_sm3        bytea       NOT NULL,
    bound_at        timestamptz NOT NULL,
    unbound_at      timestamptz,
    mac             bytea       NOT NULL,
    UNIQUE (issuer_dn, serial_hex)
);
CREATE INDEX user_certs_user ON user_certs (user_id);

-- Login challenges: consumed by DELETE ... RETURNING, so a challenge is used at most once.
CREATE TABLE login_challenges (
    id          uuid        PRIMARY KEY,
    username    text        NOT NULL,
    nonce       bytea       NOT NULL,
    issued_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
CREATE INDEX login_challenges_expiry ON login_challenges (expires_at);

-- Sessions: only SM3(token) is stored; bound to the TLCP client certificate.
CREATE TABLE sessions (
    token_hash      bytea       PRIMARY KEY,
    user_id         bigint      NOT NULL REFERENCES users (id),
    cert_sm3        bytea       NOT NULL,
    created_at      timestamptz NOT NULL,
    last_seen_at    timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    ended_at        timestamptz,
    end_reason      text
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Audit log with an HMAC-SM3 chain: mac = HMAC(key, prev_mac || fields); seq has no gaps.
CREATE TABLE audit_log (
    seq         bigint      PRIMARY KEY,
    at          timestamptz NOT NULL,
    event_type  text        NOT NULL,
    outcome     text        NOT NULL,
    username    text,
    user_id     bigint,
    reason      text,
    detail      text,
    remote      text,
    mac_key_id  integer     NOT NULL,
    mac         bytea       NOT NULL
);
CREATE INDEX audit_log_user ON audit_log (username, at);
CREATE INDEX audit_log_type ON audit_log (event_type, at);

-- The chain head, updated in the same transaction as each append: a deleted tail is detected.
CREATE TABLE audit_head (
    id          integer     PRIMARY KEY CHECK (id = 1),
    last_seq    bigint      NOT NULL,
    last_mac    bytea       NOT NULL,
    mac_key_id  integer     NOT NULL,
    mac         bytea       NOT NULL
);
