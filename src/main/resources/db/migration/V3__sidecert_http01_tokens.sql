-- HTTP-01 answers in cluster mode: the CA may ask any node's proxy, so the node that orders publishes
-- each answer here and every node serves it (its webroot or its standalone responder), then acknowledges.
-- The key authorization is not secret: it is the public body of the challenge's HTTP answer.
CREATE TABLE sidecert_http01_token (
    token             TEXT        PRIMARY KEY,
    key_authorization TEXT        NOT NULL,
    certificate       TEXT        NOT NULL,
    domain            TEXT        NOT NULL,
    published_by      TEXT        NOT NULL,
    published_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE sidecert_http01_ack (
    token TEXT NOT NULL REFERENCES sidecert_http01_token (token) ON DELETE CASCADE,
    node  TEXT NOT NULL,
    PRIMARY KEY (token, node)
);
