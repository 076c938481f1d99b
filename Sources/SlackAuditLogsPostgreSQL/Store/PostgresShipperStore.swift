import Logging
import PostgresNIO
import SlackAuditLogs
import SlackAuditLogsShipper

/// A sink's view of the PostgreSQL journal: it reads the entries table by `seq` up to the checkpoint's `next_seq`
/// (what the collector committed), and saves its position, counts and dead letters in one transaction after the
/// lease check (``LeaseFence``). Its offsets are sequence numbers: an entry at `seq` ends at `seq + 1`.
final class PostgresShipperStore: ShipperStore {
    private let session: PostgresSession
    private let fence: LeaseFence
    private let sink: String

    init(session: PostgresSession, fence: LeaseFence, sink: String) {
        self.session = session
        self.fence = fence
        self.sink = sink
    }

    var journalName: String { "the PostgreSQL entries of \(fence.organization)" }

    private var positionName: String { "the PostgreSQL position of \(fence.organization)'s sink \(sink)" }

    func open() async throws(ShipperError) -> ShipperPosition {
        let organization = fence.organization
        let sink = sink
        do {
            let (next, delivered, deadLettered) = try await session.run { connection, logger in
                try await connection.query(
                    """
                    INSERT INTO slack_audit_logs_positions (org, sink) VALUES (\(organization), \(sink))
                    ON CONFLICT (org, sink) DO NOTHING
                    """,
                    logger: logger
                )
                var found: (Int64, Int64, Int64) = (0, 0, 0)
                for try await row in try await connection.query(
                    """
                    SELECT next_seq, delivered, dead_lettered FROM slack_audit_logs_positions
                    WHERE org = \(organization) AND sink = \(sink)
                    """,
                    logger: logger
                ) {
                    found = try row.decode((Int64, Int64, Int64).self)
                }
                return found
            }
            var position = ShipperPosition(sink: sink)
            position.offset = next
            position.delivered = delivered
            position.deadLettered = deadLettered
            position.deadLetterOffset = deadLettered
            return position
        } catch {
            throw failure(error, doing: "read \(positionName)")
        }
    }

    func committedEnd() async throws(ShipperError) -> Int64 {
        let organization = fence.organization
        do {
            return try await session.run { connection, logger in
                var end: Int64 = 0
                for try await row in try await connection.query(
                    "SELECT next_seq FROM slack_audit_logs_checkpoints WHERE org = \(organization)",
                    logger: logger
                ) {
                    end = try row.decode(Int64.self)
                }
                return end
            }
        } catch {
            throw failure(error, doing: "read how far \(journalName) is committed")
        }
    }

    func read(
        from offset: Int64,
        upTo end: Int64,
        maximumEntries: Int,
        maximumBytes: Int
    ) async throws(ShipperError) -> JournalRead {
        guard end > offset, maximumEntries > 0 else { return JournalRead(lines: []) }
        let organization = fence.organization
        let rows: [(Int64, String)]
        do {
            rows = try await session.run { connection, logger in
                var rows: [(Int64, String)] = []
                var bytes = 0
                for try await row in try await connection.query(
                    """
                    SELECT seq, entry FROM slack_audit_logs_entries
                    WHERE org = \(organization) AND seq >= \(offset) AND seq < \(end)
                    ORDER BY seq LIMIT \(Int64(maximumEntries))
                    """,
                    logger: logger
                ) {
                    // Past the byte limit the rest of the rows are drained, not kept: the next read starts there.
                    guard bytes < maximumBytes else { continue }
                    let (sequence, text) = try row.decode((Int64, String).self)
                    bytes += text.utf8.count
                    rows.append((sequence, text))
                }
                return rows
            }
        } catch {
            throw failure(error, doing: "read \(journalName)")
        }
        var read = JournalRead(lines: [])
        for (sequence, text) in rows {
            let line = Array(text.utf8)
            if let entry = JournalReader.entry(of: line[...]) {
                read.lines.append(JournalLine(entry: entry, end: sequence + 1))
            } else {
                read.unreadable.append((line, sequence + 1))
            }
        }
        return read
    }

    func save(
        _ position: inout ShipperPosition,
        deadLetters rejected: [(line: JournalLine, reason: String)],
        at now: Int64
    ) async throws(ShipperError) {
        let organization = fence.organization
        let epoch = fence.lease.epoch
        let fence = fence
        let sink = sink
        let saved = position
        let sequences = rejected.map { $0.line.end - 1 }
        let reasons = rejected.map(\.reason)
        let entries = rejected.map { String(decoding: $0.line.entry.bytes, as: UTF8.self) }
        do {
            try await session.transaction { connection, logger in
                try await fence.check(connection, logger: logger)
                if !sequences.isEmpty {
                    try await connection.query(
                        """
                        INSERT INTO slack_audit_logs_dead_letters (org, sink, seq, reason, dead_lettered_at, entry)
                        SELECT \(organization), \(sink), s, r, \(now), e
                        FROM unnest(\(sequences)::int8[], \(reasons)::text[], \(entries)::text[]) AS t(s, r, e)
                        ON CONFLICT (org, sink, seq) DO NOTHING
                        """,
                        logger: logger
                    )
                }
                try await connection.query(
                    """
                    UPDATE slack_audit_logs_positions
                    SET next_seq = \(saved.offset), delivered = \(saved.delivered),
                        dead_lettered = \(saved.deadLettered), epoch = \(epoch), updated_at = now()
                    WHERE org = \(organization) AND sink = \(sink)
                    """,
                    logger: logger
                )
            }
        } catch {
            if let fenced = PostgresFailure.unwrap(error, as: FencedError.self) {
                throw ShipperError(code: .alreadyRunning, message: fenced.message)
            }
            throw failure(error, doing: "save \(positionName)")
        }
        position.deadLetterOffset = position.deadLettered
    }

    func close() async {}

    private func failure(_ error: any Error, doing what: String) -> ShipperError {
        ShipperError(
            code: .fileSystem,
            message: "PostgreSQL: cannot \(what): \(PostgresFailure.describe(error)). The shipper starts again from "
                + "its saved position."
        )
    }
}
