import Logging
import PostgresNIO
import SlackAuditLogsCommands

/// The check every commit makes first, inside its transaction: the organization's lease row, locked `FOR UPDATE`,
/// still names this instance at the lease's epoch. A takeover updates that row, so it waits for a commit in
/// flight, and a commit after it finds the new epoch and is rolled back: the one home of fencing.
package struct LeaseFence: Sendable {
    let lease: ServeLease
    let holder: String
    /// Told when a commit is refused (the cluster drops the lease at once).
    let onFenced: @Sendable (FencedError) -> Void

    package init(lease: ServeLease, holder: String, onFenced: @escaping @Sendable (FencedError) -> Void) {
        self.lease = lease
        self.holder = holder
        self.onFenced = onFenced
    }

    var organization: String { lease.organization }

    /// Locks the lease row and throws ``FencedError`` unless it is this instance's at this epoch.
    package func check(_ connection: PostgresConnection, logger: Logger) async throws {
        let rows = try await connection.query(
            "SELECT holder, epoch FROM slack_audit_logs_leases WHERE org = \(lease.organization) FOR UPDATE",
            logger: logger
        )
        var found: (String?, Int64)?
        for try await row in rows { found = try row.decode((String?, Int64).self) }
        guard let found, found.0 == holder, found.1 == lease.epoch else {
            let error = FencedError(
                organization: lease.organization,
                epoch: lease.epoch,
                currentHolder: found?.0,
                currentEpoch: found?.1
            )
            onFenced(error)
            throw error
        }
    }
}
