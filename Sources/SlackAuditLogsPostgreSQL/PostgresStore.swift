import SlackAuditLogsCommands

/// `serve`'s PostgreSQL store, as the CLI registers it (``ServeClusterRegistry``).
package enum PostgresStore {
    /// Connects to the database of `settings`, applies the migrations, and returns the instance's cluster.
    package static func connect(_ settings: ServeClusterSettings) async throws -> any ServeCluster {
        try await PostgresCluster.connect(settings)
    }
}
