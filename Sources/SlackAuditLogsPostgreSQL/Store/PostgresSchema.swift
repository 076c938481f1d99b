import Logging
import PostgresNIO
import SlackAuditLogsCommands

/// The tables `serve` keeps in PostgreSQL, as numbered migrations applied at start, each once, in order, in one
/// transaction per migration under an advisory lock (instances starting together apply each migration once).
///
/// The schema, for SQL users (README, "High availability on PostgreSQL"):
/// - `slack_audit_logs_entries`: every audit entry once — `org`, `seq` (the organization's journal position, from
///   0, in commit order), `id` (Slack's entry ID; unique per organization), `date_create`, `entry` (the JSON exactly
///   as Slack sent it: query it as `entry::jsonb`), `epoch` (the lease epoch that committed it), `committed_at`.
/// - `slack_audit_logs_checkpoints`: the collector's checkpoint of each organization and the next `seq`.
/// - `slack_audit_logs_positions`, `slack_audit_logs_dead_letters`: each sink's next `seq` to deliver and its
///   counts; entries a sink refused for good.
/// - `slack_audit_logs_leases`: which instance works on each organization, until when, at which `epoch`.
/// - `slack_audit_logs_instances`: the instances alive (their last heartbeat), which share the organizations.
package enum PostgresSchema {
    struct Migration: Sendable {
        var version: Int32
        var description: String
        var statements: [String]
    }

    static let migrations: [Migration] = [
        Migration(
            version: 1,
            description: "entries, checkpoints, positions, dead letters, leases, instances",
            statements: [
                """
                CREATE TABLE slack_audit_logs_leases (
                    org text PRIMARY KEY,
                    holder text,
                    epoch bigint NOT NULL DEFAULT 0,
                    expires_at timestamptz NOT NULL DEFAULT '-infinity',
                    acquired_at timestamptz,
                    renewed_at timestamptz
                )
                """,
                """
                CREATE TABLE slack_audit_logs_entries (
                    org text NOT NULL,
                    seq bigint NOT NULL,
                    id text,
                    date_create bigint,
                    entry text NOT NULL,
                    epoch bigint NOT NULL,
                    committed_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (org, seq),
                    UNIQUE (org, id)
                )
                """,
                "CREATE INDEX slack_audit_logs_entries_date ON slack_audit_logs_entries (org, date_create)",
                """
                CREATE TABLE slack_audit_logs_checkpoints (
                    org text PRIMARY KEY,
                    checkpoint text NOT NULL,
                    next_seq bigint NOT NULL,
                    epoch bigint NOT NULL,
                    updated_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                """
                CREATE TABLE slack_audit_logs_positions (
                    org text NOT NULL,
                    sink text NOT NULL,
                    next_seq bigint NOT NULL DEFAULT 0,
                    delivered bigint NOT NULL DEFAULT 0,
                    dead_lettered bigint NOT NULL DEFAULT 0,
                    epoch bigint NOT NULL DEFAULT 0,
                    updated_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (org, sink)
                )
                """,
                """
                CREATE TABLE slack_audit_logs_dead_letters (
                    org text NOT NULL,
                    sink text NOT NULL,
                    seq bigint NOT NULL,
                    reason text NOT NULL,
                    dead_lettered_at bigint NOT NULL,
                    entry text NOT NULL,
                    PRIMARY KEY (org, sink, seq)
                )
                """,
                """
                CREATE TABLE slack_audit_logs_instances (
                    name text PRIMARY KEY,
                    started_at timestamptz NOT NULL DEFAULT now(),
                    seen_at timestamptz NOT NULL DEFAULT now()
                )
                """,
            ]
        )
    ]

    /// The newest version this build knows.
    static var latestVersion: Int32 { migrations.last?.version ?? 0 }

    /// An arbitrary constant: the advisory lock every instance takes while it migrates.
    private static let migrationLock: Int64 = 0x5341_4C5F_4D49_4752

    /// Applies the migrations the database lacks; returns the versions applied.
    ///
    /// - Throws: ``ServeClusterError`` when the database is newer than this build (an older binary must not write
    ///   into a schema it does not know), or when a statement fails.
    package static func migrate(_ session: PostgresSession) async throws -> [Int32] {
        try await session.run { connection, logger in
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS slack_audit_logs_migrations (
                    version integer PRIMARY KEY,
                    description text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                logger: logger
            )
            var applied: [Int32] = []
            for migration in migrations {
                let done = try await connection.withTransaction(logger: logger) { connection in
                    try await connection.query("SELECT pg_advisory_xact_lock(\(migrationLock))", logger: logger)
                    let rows = try await connection.query(
                        "SELECT max(version) FROM slack_audit_logs_migrations",
                        logger: logger
                    )
                    var current: Int32 = 0
                    for try await row in rows { current = try row.decode(Int32?.self) ?? 0 }
                    if current > latestVersion {
                        throw ServeClusterError(
                            .unavailable,
                            message: "The database's schema is at version \(current), newer than this build knows "
                                + "(\(latestVersion)).",
                            hint: "Run the newer slack-audit-logs-postgres that migrated it."
                        )
                    }
                    guard current < migration.version else { return false }
                    for statement in migration.statements {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                    try await connection.query(
                        """
                        INSERT INTO slack_audit_logs_migrations (version, description)
                        VALUES (\(migration.version), \(migration.description))
                        """,
                        logger: logger
                    )
                    return true
                }
                if done { applied.append(migration.version) }
            }
            return applied
        }
    }
}
