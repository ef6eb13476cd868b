-- metaxy-compile migration 0001 "initial" of the system stream, store "postgres" (PostgreSQL)

BEGIN;

-- Create "metaxy_system__feature_versions" table
CREATE TABLE metaxy_system__feature_versions (
  project VARCHAR NOT NULL,
  feature_key VARCHAR NOT NULL,
  metaxy_definition_version VARCHAR NOT NULL,
  metaxy_feature_version VARCHAR,
  metaxy_project_version VARCHAR,
  recorded_at TIMESTAMP,
  feature_spec VARCHAR,
  feature_schema VARCHAR,
  feature_class_path VARCHAR,
  tags VARCHAR,
  deleted_at TIMESTAMP
);

-- Create index "idx_metaxy_system__feature_versions_lookup" on "metaxy_system__feature_versions"
CREATE INDEX idx_metaxy_system__feature_versions_lookup ON metaxy_system__feature_versions (project, feature_key, metaxy_feature_version);

-- Create index "ix_metaxy_system__feature_versions_project" on "metaxy_system__feature_versions"
CREATE INDEX ix_metaxy_system__feature_versions_project ON metaxy_system__feature_versions (project);

-- Create index "ix_metaxy_system__feature_versions_feature_key" on "metaxy_system__feature_versions"
CREATE INDEX ix_metaxy_system__feature_versions_feature_key ON metaxy_system__feature_versions (feature_key);

-- Create index "ix_metaxy_system__feature_versions_metaxy_feature_version" on "metaxy_system__feature_versions"
CREATE INDEX ix_metaxy_system__feature_versions_metaxy_feature_version ON metaxy_system__feature_versions (metaxy_feature_version);

-- Create index "ix_metaxy_system__feature_versions_metaxy_project_version" on "metaxy_system__feature_versions"
CREATE INDEX ix_metaxy_system__feature_versions_metaxy_project_version ON metaxy_system__feature_versions (metaxy_project_version);

-- Create index "ix_metaxy_system__feature_versions_recorded_at" on "metaxy_system__feature_versions"
CREATE INDEX ix_metaxy_system__feature_versions_recorded_at ON metaxy_system__feature_versions (recorded_at);

-- Create "metaxy_system__events" table
CREATE TABLE metaxy_system__events (
  project VARCHAR NOT NULL,
  execution_id VARCHAR NOT NULL,
  "timestamp" TIMESTAMP NOT NULL,
  event_type VARCHAR,
  feature_key VARCHAR,
  payload VARCHAR,
  CONSTRAINT metaxy_system__events_pkey PRIMARY KEY (project, execution_id, "timestamp")
);

-- Create index "idx_metaxy_system__events_lookup" on "metaxy_system__events"
CREATE INDEX idx_metaxy_system__events_lookup ON metaxy_system__events (project, execution_id, event_type);

-- Create index "ix_metaxy_system__events_project" on "metaxy_system__events"
CREATE INDEX ix_metaxy_system__events_project ON metaxy_system__events (project);

-- Create index "ix_metaxy_system__events_execution_id" on "metaxy_system__events"
CREATE INDEX ix_metaxy_system__events_execution_id ON metaxy_system__events (execution_id);

-- Create index "ix_metaxy_system__events_event_type" on "metaxy_system__events"
CREATE INDEX ix_metaxy_system__events_event_type ON metaxy_system__events (event_type);

-- Create index "ix_metaxy_system__events_feature_key" on "metaxy_system__events"
CREATE INDEX ix_metaxy_system__events_feature_key ON metaxy_system__events (feature_key);

COMMIT;
