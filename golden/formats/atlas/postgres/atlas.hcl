# Atlas project of a metaxy-compile migrations folder (written when missing, never rewritten:
# yours to edit): an env per stream, each recording its revisions in its own schema. Run in
# this folder, the system stream first:
#   atlas migrate apply --env system --url "$DATABASE_URL"
#   atlas migrate apply --env features --url "$DATABASE_URL" --allow-dirty
# (--allow-dirty matters for the features stream's first run only: Atlas starts a history on a
# database that holds tables, here the system stream's, only when told to.)

env "system" {
  url = getenv("DATABASE_URL")
  migration {
    dir              = "file://system"
    revisions_schema = "atlas_schema_revisions_metaxy_system"
  }
}

env "features" {
  url = getenv("DATABASE_URL")
  migration {
    dir              = "file://features"
    revisions_schema = "atlas_schema_revisions_metaxy_features"
  }
}
