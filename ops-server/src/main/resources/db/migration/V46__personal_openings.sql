-- Issue 4 leftover: personal data never in clear in the append-only ledger. A signed document
-- carries salted SM3 commitments to its personal values (ops-protocol PersonalData); their openings
-- ({"salt","value"} JSON) are kept here, sealed with FieldProtector bound to
-- (personal_openings, ledger_idx, field), written in the same ledger unit as the entry. Rows can be
-- erased (PIPL) while the ledger stays intact; the commitment then proves nothing about anyone.

CREATE TABLE personal_openings (
    ledger_idx  bigint NOT NULL,
    field       text   NOT NULL,
    opening_enc bytea  NOT NULL,
    PRIMARY KEY (ledger_idx, field)
);
