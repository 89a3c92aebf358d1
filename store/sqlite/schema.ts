// SQLite schema, applied in order; `user_version` records how far a database has come.
// Times are epoch milliseconds (INTEGER) so that range scans use the indexes.
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    source TEXT NOT NULL,
    agent_run_id TEXT NOT NULL,
    node TEXT NOT NULL,
    environment TEXT,
    status TEXT NOT NULL,
    noop INTEGER NOT NULL,
    corrective INTEGER NOT NULL,
    has_changes INTEGER NOT NULL,
    started_at INTEGER NOT NULL,
    ended_at INTEGER,
    received_at INTEGER NOT NULL,
    stored_at INTEGER NOT NULL,
    duration_ms REAL,
    counts TEXT NOT NULL,
    detail TEXT NOT NULL
  );
  CREATE INDEX runs_by_time ON runs (tenant, started_at DESC, id DESC);
  CREATE INDEX runs_by_node ON runs (tenant, node, started_at DESC, id DESC);
  CREATE INDEX runs_by_env ON runs (tenant, environment, started_at DESC, id DESC);
  CREATE INDEX runs_by_status ON runs (tenant, status, started_at DESC, id DESC);
  CREATE INDEX runs_by_start ON runs (started_at);

  CREATE TABLE changes (
    id TEXT PRIMARY KEY,
    run TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    tenant TEXT NOT NULL,
    source TEXT NOT NULL,
    node TEXT NOT NULL,
    environment TEXT,
    started_at INTEGER NOT NULL,
    resource_type TEXT NOT NULL,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    path TEXT,
    messages TEXT NOT NULL,
    diff TEXT,
    detail TEXT NOT NULL
  );
  CREATE INDEX changes_by_time ON changes (tenant, started_at DESC, id DESC);
  CREATE INDEX changes_by_run ON changes (run, ordinal);
  CREATE INDEX changes_by_node ON changes (tenant, node, started_at DESC, id DESC);

  -- Rows are added to the index in bulk, once per write batch (write.ts): one FTS5 insert of
  -- many rows costs a tenth of a trigger firing per row. Deletes keep the index in step here.
  CREATE VIRTUAL TABLE changes_fts USING fts5 (
    title, messages, diff, content = 'changes', content_rowid = 'rowid', tokenize = 'unicode61'
  );
  CREATE TRIGGER changes_fts_delete AFTER DELETE ON changes BEGIN
    INSERT INTO changes_fts (changes_fts, rowid, title, messages, diff) VALUES ('delete', old.rowid, old.title, old.messages, old.diff);
  END;

  CREATE TABLE raw_reports (
    run TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    body BLOB NOT NULL
  );

  CREATE TABLE nodes (
    tenant TEXT NOT NULL,
    name TEXT NOT NULL,
    environment TEXT,
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    last_run TEXT,
    last_run_at INTEGER,
    last_status TEXT,
    last_source TEXT,
    last_run_started_at INTEGER,
    last_ping_at INTEGER,
    info TEXT NOT NULL,
    PRIMARY KEY (tenant, name)
  ) WITHOUT ROWID;
  CREATE INDEX nodes_by_env ON nodes (tenant, environment, name);

  CREATE TABLE tokens (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    role TEXT NOT NULL,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    revoked_at INTEGER,
    last_used_at INTEGER
  );

  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    tenant TEXT,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    source_ip TEXT,
    outcome TEXT NOT NULL,
    details TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX audit_by_tenant ON audit_log (tenant, seq);
  `,
  // Planned changes and classification (issue 3).
  `
  CREATE TABLE plans (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    state TEXT NOT NULL,
    ticket TEXT NOT NULL,
    title TEXT NOT NULL,
    window_from INTEGER NOT NULL,
    window_until INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL
  );
  CREATE INDEX plans_by_created ON plans (tenant, created_at DESC, id DESC);
  CREATE INDEX plans_by_state ON plans (state, window_until);
  -- Bumped with every plan write, so processes know when to rebuild their plan index.
  CREATE TABLE plan_revisions (tenant TEXT PRIMARY KEY, revision INTEGER NOT NULL) WITHOUT ROWID;

  ALTER TABLE changes ADD COLUMN classification TEXT;
  ALTER TABLE changes ADD COLUMN plan_id TEXT;
  CREATE INDEX changes_by_class ON changes (tenant, classification, started_at DESC, id DESC);
  CREATE INDEX changes_by_plan ON changes (tenant, plan_id, classification) WHERE plan_id IS NOT NULL;
  ALTER TABLE runs ADD COLUMN classified TEXT;

  -- What content each file resource was meant to have on a node, run by run: a rewrite to
  -- the content already wanted before means someone edited the file by hand.
  CREATE TABLE desired_content (
    tenant TEXT NOT NULL,
    node TEXT NOT NULL,
    resource TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    run TEXT NOT NULL,
    checksum TEXT NOT NULL,
    PRIMARY KEY (tenant, node, resource, started_at, run)
  ) WITHOUT ROWID;
  CREATE INDEX desired_content_by_time ON desired_content (started_at);
  `,
  // Issue 6 (web UI): user accounts. Names are unique across tenants (sign-in by name alone).
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    name TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    disabled_at INTEGER
  );
  CREATE INDEX users_by_tenant ON users (tenant, name);
  -- Silent nodes on the overview.
  CREATE INDEX nodes_by_last_seen ON nodes (tenant, last_seen);
  `,
  // Alerts, silences, delivery attempts and dead letters (issue 4). Each row keeps the
  // document as JSON plus the columns that filters and paging use.
  `
  CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    dedup_key TEXT NOT NULL,
    state TEXT NOT NULL,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    node TEXT,
    environment TEXT,
    starts_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL
  );
  CREATE UNIQUE INDEX alerts_firing_by_key ON alerts (tenant, dedup_key) WHERE state = 'firing';
  CREATE INDEX alerts_by_start ON alerts (tenant, starts_at DESC, id DESC);
  CREATE INDEX alerts_by_kind ON alerts (kind, state);

  CREATE TABLE silences (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL
  );
  CREATE INDEX silences_by_created ON silences (tenant, created_at DESC, id DESC);

  CREATE TABLE delivery_attempts (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    receiver TEXT NOT NULL,
    alert_id TEXT,
    outcome TEXT NOT NULL,
    at INTEGER NOT NULL,
    body TEXT NOT NULL
  );
  CREATE INDEX delivery_attempts_by_at ON delivery_attempts (tenant, at DESC, id DESC);

  CREATE TABLE dead_letters (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    receiver TEXT NOT NULL,
    at INTEGER NOT NULL,
    body TEXT NOT NULL
  );
  CREATE INDEX dead_letters_by_at ON dead_letters (tenant, at DESC, id DESC);
  `,
  // Reports (issue 5): generated-report records (files live in the archive) and daily rollups.
  `
  CREATE TABLE generated_reports (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    body TEXT NOT NULL
  );
  CREATE INDEX generated_reports_by_created ON generated_reports (tenant, created_at DESC, id DESC);
  CREATE INDEX generated_reports_by_expiry ON generated_reports (expires_at);

  -- Daily rollups per node, recomputed from runs for every node-day a write batch touches
  -- (rollups.ts), so reports over long periods read one row per node and day.
  CREATE TABLE node_days (
    tenant TEXT NOT NULL,
    day INTEGER NOT NULL,
    node TEXT NOT NULL,
    environment TEXT,
    runs INTEGER NOT NULL,
    successes INTEGER NOT NULL,
    failures INTEGER NOT NULL,
    first_ok INTEGER,
    last_ok INTEGER,
    max_gap INTEGER,
    gap_from INTEGER,
    c_planned INTEGER NOT NULL,
    c_unplanned INTEGER NOT NULL,
    c_out_of_window INTEGER NOT NULL,
    c_corrective INTEGER NOT NULL,
    c_failed INTEGER NOT NULL,
    c_noop INTEGER NOT NULL,
    duration_total REAL NOT NULL,
    duration_max REAL NOT NULL,
    ingest_bytes INTEGER NOT NULL,
    max_delay INTEGER,
    -- Start of the day's latest run: a run starting later is added in place (rollups.ts).
    last_run INTEGER NOT NULL,
    PRIMARY KEY (tenant, day, node)
  ) WITHOUT ROWID;
  CREATE INDEX node_days_by_node ON node_days (tenant, node, day);
  `,
  // Issue 3 (ingest cost): the content a file resource was meant to have is kept on its change
  // row, as on Elasticsearch — one partial index entry per changed file instead of a table row
  // and two index entries.
  `
  ALTER TABLE changes ADD COLUMN desired_checksum TEXT;
  UPDATE changes SET desired_checksum = d.checksum FROM desired_content d
    WHERE d.run = changes.run AND d.resource = changes.resource_type || '[' || changes.title || ']';
  DROP TABLE desired_content;
  CREATE INDEX changes_by_desired_content ON changes (tenant, node, (resource_type || '[' || title || ']'), started_at DESC)
    WHERE desired_checksum IS NOT NULL;
  `,
  // Alerts (issue 4): the routing document written through the API (one row; NULL body = back to
  // config), alerts by node for inhibit checks, and group messages' attempts by each alert they
  // listed, so an alert's page finds them.
  `
  CREATE TABLE alert_routing (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL,
    changed_at INTEGER NOT NULL,
    changed_by TEXT NOT NULL,
    body TEXT
  );

  -- Inhibit checks (and the alerts list) look up a node's alerts: without this they scanned
  -- the tenant's alerts by time.
  CREATE INDEX alerts_by_node ON alerts (tenant, node, starts_at DESC, id DESC);

  CREATE TABLE delivery_attempt_alerts (
    tenant TEXT NOT NULL,
    alert_id TEXT NOT NULL,
    attempt_id TEXT NOT NULL,
    PRIMARY KEY (tenant, alert_id, attempt_id)
  ) WITHOUT ROWID;
  `,
  // Report schedules created through the API, and ingest requests and bytes per tenant-day (issue 5).
  `
  CREATE TABLE report_schedules (
    tenant TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (tenant, id)
  ) WITHOUT ROWID;

  CREATE TABLE ingest_usage (
    tenant TEXT NOT NULL,
    day TEXT NOT NULL,
    requests INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    PRIMARY KEY (tenant, day)
  ) WITHOUT ROWID;
  `,
];
