-- Maps (issue 5): the layer catalog and protected features (ARCHITECTURE.md section 4).
-- Geometry (2D WKB) and attributes are FieldProtector blobs: SM4-CBC with a random IV, then
-- HMAC-SM3 over (table, row id, column, blob), so a byte changed or a blob moved to another row
-- is detected when the server loads the layer.

CREATE TABLE map_layers (
    id              text             PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9-]{0,39}$'),
    draw_order      integer          NOT NULL,
    name_zh         text             NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 100),
    name_en         text             NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
    geometry_type   text             NOT NULL CHECK (geometry_type IN ('POINT', 'LINE', 'POLYGON')),
    fill_argb       integer          NOT NULL,
    stroke_argb     integer          NOT NULL,
    stroke_width    double precision NOT NULL CHECK (stroke_width >= 0),
    label_attribute text,
    min_scale       double precision NOT NULL CHECK (min_scale >= 0),
    -- NULL = no upper limit
    max_scale       double precision,
    created_at      timestamptz      NOT NULL DEFAULT now()
);

CREATE TABLE map_features (
    id          bigserial        PRIMARY KEY,
    layer_id    text             NOT NULL REFERENCES map_layers (id),
    -- Plain envelope (EPSG:4490 degrees) for coarse filtering without decrypting: it reveals
    -- where a feature is and how big it is, not its shape or attributes (README, security).
    min_lon     double precision NOT NULL,
    min_lat     double precision NOT NULL,
    max_lon     double precision NOT NULL,
    max_lat     double precision NOT NULL,
    geom_enc    bytea            NOT NULL,
    -- JSON {"id":…, "attributes":{…}} (parcel code, land use, area, county, planning status)
    attrs_enc   bytea            NOT NULL,
    -- HMAC-SM3 blind index of the parcel code (keyId|mac), NULL for features without one
    code_bidx   bytea,
    CHECK (min_lon <= max_lon AND min_lat <= max_lat)
);
CREATE INDEX map_features_layer ON map_features (layer_id, id);
CREATE INDEX map_features_code ON map_features (code_bidx) WHERE code_bidx IS NOT NULL;
