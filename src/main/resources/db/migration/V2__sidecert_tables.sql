-- sidecert's shared state. Private keys are stored sealed (AES-256-GCM under a key derived from
-- cluster.secret-file): the columns named *_sealed are useless without that file.

-- Every version of every certificate ever stored by any node. The current one is the last issued
-- (latest not_before): a node that stored while the database was away uploads its version later.
CREATE TABLE sidecert_certificate_version (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT        NOT NULL,
    serial      TEXT        NOT NULL,   -- hex, as openssl prints it
    not_before  TIMESTAMPTZ NOT NULL,
    not_after   TIMESTAMPTZ NOT NULL,
    chain_pem   TEXT        NOT NULL,   -- leaf first, then intermediates
    key_sealed  BYTEA       NOT NULL,
    stored_by   TEXT        NOT NULL,   -- node id
    stored_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (name, serial)
);
CREATE INDEX sidecert_certificate_version_current ON sidecert_certificate_version (name, not_before DESC, id DESC);

-- Per-certificate renewal state (back-off, ARI window, last failure), as the single node's JSON file.
CREATE TABLE sidecert_certificate_state (
    name       TEXT        PRIMARY KEY,
    state      TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One ACME account key per CA directory, shared by all nodes.
CREATE TABLE sidecert_account_key (
    directory  TEXT        PRIMARY KEY,
    key_sealed BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
