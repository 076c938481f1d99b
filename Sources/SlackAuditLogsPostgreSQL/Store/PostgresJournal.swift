import Logging
import PostgresNIO
import SlackAuditLogs
import SlackAuditLogsCollector

/// The collector's journal in PostgreSQL: each commit inserts the page's entries (`seq` following on from the last)
/// and replaces the checkpoint in one transaction, after the lease check (``LeaseFence``). A commit either happens
/// whole at this instance's epoch or not at all, so there are never entries after the checkpoint to read back.
///
/// `@unchecked Sendable`: the collector's one writer calls it one operation at a time (each awaited before the next).
package final class PostgresJournal: Journal, @unchecked Sendable {
    private let session: PostgresSession
    private let fence: LeaseFence
    private var logger: Logger { session.logger }
    private var nextSequence: Int64 = 0
    private var checkpoint: Checkpoint?
    /// Entries read back for the recovery (a re-check span or a rescan), from ``readBackStart`` on.
    private var readBackEntries: [(sequence: Int64, entry: RawLogEntry)] = []

    package init(session: PostgresSession, fence: LeaseFence) {
        self.session = session
        self.fence = fence
    }

    private var checkpointName: String { "the PostgreSQL checkpoint of \(fence.organization)" }

    package var size: Int64? { nextSequence }

    package func prepareForRecovery(_ configuration: AuditLogsCollector.Configuration) async throws(CollectorError) {
        let organization = fence.organization
        let rescans = configuration.recovery.rescansOutput
        let rechecks = configuration.recheckSpan != nil
        let name = checkpointName
        do {
            // One snapshot: the checkpoint, the next position, and the entries recovery reads back.
            let (stored, next, readBack) = try await session.transaction { connection, logger in
                var stored: String?
                var next: Int64 = 0
                for try await row in try await connection.query(
                    "SELECT checkpoint, next_seq FROM slack_audit_logs_checkpoints WHERE org = \(organization)",
                    logger: logger
                ) {
                    (stored, next) = try row.decode((String?, Int64).self)
                }
                if stored == nil {
                    for try await row in try await connection.query(
                        "SELECT coalesce(max(seq) + 1, 0) FROM slack_audit_logs_entries WHERE org = \(organization)",
                        logger: logger
                    ) {
                        next = try row.decode(Int64.self)
                    }
                }
                let checkpoint = try stored.map { try Checkpoint(json: Array($0.utf8), path: name) }
                let start: Int64? = rescans ? 0 : rechecks ? checkpoint?.recheckOffset : nil
                var readBack: [(Int64, String?, Int64?)] = []
                if let start, start < next {
                    for try await row in try await connection.query(
                        """
                        SELECT seq, id, date_create FROM slack_audit_logs_entries
                        WHERE org = \(organization) AND seq >= \(start) ORDER BY seq
                        """,
                        logger: logger
                    ) {
                        readBack.append(try row.decode((Int64, String?, Int64?).self))
                    }
                }
                return (stored, next, readBack)
            }
            checkpoint = try stored.map { try Checkpoint(json: Array($0.utf8), path: name) }
            nextSequence = next
            readBackEntries = readBack.map { ($0.0, RawLogEntry(bytes: [], id: $0.1, dateCreate: $0.2)) }
        } catch {
            if let corrupt = PostgresFailure.unwrap(error, as: CollectorError.self) { throw corrupt }
            throw Self.failure(error, doing: "read \(organization)'s checkpoint")
        }
    }

    package func loadCheckpoint() throws(CollectorError) -> Checkpoint? {
        checkpoint
    }

    /// The entries read by ``prepareForRecovery(_:)`` (only their IDs and times: what recovery uses).
    package func readBack(
        from offset: Int64,
        upTo end: Int64?,
        visit: (RawLogEntry) -> Void
    ) throws(CollectorError) -> JournalReadBack {
        var result = JournalReadBack()
        let limit = min(end ?? nextSequence, nextSequence)
        guard offset < limit else { return result }
        for (sequence, entry) in readBackEntries where sequence >= offset && sequence < limit {
            visit(entry)
            result.lines += 1
        }
        return result
    }

    package func commit(_ batch: JournalBatch, checkpoint: inout Checkpoint) async throws(CollectorError) {
        let first = nextSequence
        let count = Int64(batch.entries.count)
        var proposed = checkpoint
        proposed.outputOffset = first + count
        let json = String(decoding: proposed.jsonBytes, as: UTF8.self)
        let organization = fence.organization
        let epoch = fence.lease.epoch
        let fence = fence
        let entries = batch.entries
        do {
            let inserted = try await session.transaction { connection, logger -> Int64 in
                try await fence.check(connection, logger: logger)
                var inserted: Int64 = 0
                if !entries.isEmpty {
                    let sequences = (0..<count).map { first + $0 }
                    // Absent IDs and times travel as '' and -1 (arrays of optionals are not bound) and become NULL.
                    let ids = entries.map { $0.id ?? "" }
                    let times = entries.map { $0.dateCreate ?? -1 }
                    let texts = entries.map { String(decoding: $0.bytes, as: UTF8.self) }
                    for try await row in try await connection.query(
                        """
                        WITH inserted AS (
                            INSERT INTO slack_audit_logs_entries (org, seq, id, date_create, entry, epoch)
                            SELECT \(organization), s, NULLIF(i, ''), NULLIF(d, -1), e, \(epoch)
                            FROM unnest(\(sequences)::int8[], \(ids)::text[], \(times)::int8[], \(texts)::text[])
                                AS t(s, i, d, e)
                            ON CONFLICT (org, id) DO NOTHING
                            RETURNING 1
                        )
                        SELECT count(*) FROM inserted
                        """,
                        logger: logger
                    ) {
                        inserted = try row.decode(Int64.self)
                    }
                }
                try await connection.query(
                    """
                    INSERT INTO slack_audit_logs_checkpoints (org, checkpoint, next_seq, epoch, updated_at)
                    VALUES (\(organization), \(json), \(first + count), \(epoch), now())
                    ON CONFLICT (org) DO UPDATE
                    SET checkpoint = EXCLUDED.checkpoint, next_seq = EXCLUDED.next_seq, epoch = EXCLUDED.epoch,
                        updated_at = now()
                    """,
                    logger: logger
                )
                return inserted
            }
            if inserted < count {
                logger.notice(
                    "Entries already in the table were not inserted again",
                    metadata: ["org": "\(organization)", "skipped": "\(count - inserted)"]
                )
            }
        } catch {
            if let fenced = PostgresFailure.unwrap(error, as: FencedError.self) {
                throw CollectorError(code: .alreadyRunning, message: fenced.message)
            }
            throw Self.failure(error, doing: "commit \(count) entries of \(organization)")
        }
        nextSequence = first + count
        checkpoint = proposed
        self.checkpoint = proposed
    }

    package func close() {}

    static func failure(_ error: any Error, doing what: String) -> CollectorError {
        CollectorError(
            code: .fileSystem,
            message: "PostgreSQL: cannot \(what): \(PostgresFailure.describe(error)). The transaction was rolled "
                + "back; the next poll starts again from the last commit."
        )
    }
}
