"""Staff notices: the one implementation behind chat, CLI and HTTP (create, preview, schedule, send).

- `service` — create / preview / schedule / describe (CLI and HTTP; chat uses the same model functions)
- `sender`  — resolve the audience at send time, ≤500-recipient batches recorded with their retry
              keys before sending, atomic claims, tally and report to the author
- `jobs`    — huey: SqliteHuey embedded, RedisHuey with REDIS_URL; consumer inside `khetbot serve`
              and `khetbot worker`; the sweep that enqueues due and orphaned notices
- `transport` — how huey's worker threads call the async messenger
"""
