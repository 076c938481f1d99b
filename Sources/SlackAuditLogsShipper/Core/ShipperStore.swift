import SlackAuditLogs
import SlackAuditLogsCollector
import Synchronization

/// What one read of the journal found: whole entries, and lines that are not entries (to dead-letter).
package struct JournalRead: Sendable {
    package var lines: [JournalLine]
    package var unreadable: [(bytes: [UInt8], end: Int64)]

    package init(lines: [JournalLine], unreadable: [(bytes: [UInt8], end: Int64)] = []) {
        self.lines = lines
        self.unreadable = unreadable
    }
}

/// Where a shipper reads the journal and keeps its position and dead letters: the seam between delivering and
/// storing, as ``Journal`` is the collector's.
///
/// ``FileShipperStore`` is the NDJSON journal with the files beside it; `serve`'s PostgreSQL store reads the entries
/// table and saves the position and dead letters in one transaction, fenced by the organization's lease. Offsets are
/// positions in the journal: bytes of a file, or entry sequence numbers of a table.
package protocol ShipperStore: Sendable {
    /// The journal, for messages and logs.
    var journalName: String { get }

    /// Takes the store for this shipper alone (a second shipper of the same sink is refused) and returns the saved
    /// position.
    func open() async throws(ShipperError) -> ShipperPosition

    /// How far the journal may be read: what the collector has committed.
    func committedEnd() async throws(ShipperError) -> Int64

    /// The whole entries from `offset`, at most `maximumEntries` of them and about `maximumBytes`, not past `end`.
    func read(
        from offset: Int64,
        upTo end: Int64,
        maximumEntries: Int,
        maximumBytes: Int
    ) async throws(ShipperError)
        -> JournalRead

    /// Keeps `rejected` as dead letters, then saves `position` (its dead-letter offset updated), durably, as one
    /// step when the store can.
    func save(
        _ position: inout ShipperPosition,
        deadLetters rejected: [(line: JournalLine, reason: String)],
        at now: Int64
    ) async throws(ShipperError)

    /// Releases the store (and its lock).
    func close() async
}

/// The NDJSON journal and, beside it, the shipper's position, lock and dead letters (``ShipperFiles``).
package final class FileShipperStore: ShipperStore {
    private let reader: JournalReader
    private let sink: String
    private let positionPath: String?
    private let deadLetterPath: String?
    private let files = Mutex<ShipperFiles?>(nil)

    package init(
        journalPath: String,
        checkpointPath: String?,
        sink: String,
        positionPath: String? = nil,
        deadLetterPath: String? = nil
    ) {
        self.reader = JournalReader(journalPath: journalPath, checkpointPath: checkpointPath)
        self.sink = sink
        self.positionPath = positionPath
        self.deadLetterPath = deadLetterPath
    }

    package var journalName: String { reader.journalPath }

    package func open() async throws(ShipperError) -> ShipperPosition {
        let (files, position) = try ShipperFiles.open(
            journalPath: reader.journalPath,
            sink: sink,
            positionPath: positionPath,
            deadLetterPath: deadLetterPath
        )
        self.files.withLock { $0 = files }
        let committed = try reader.committedEnd()
        guard committed >= position.offset else {
            files.close()
            self.files.withLock { $0 = nil }
            throw ShipperError(
                code: .positionCorrupt,
                message: "\(reader.journalPath) ends at \(committed) bytes, before the position "
                    + "\(position.offset) of \(files.positionPath): the journal was truncated or replaced.",
                path: files.positionPath
            )
        }
        return position
    }

    package func committedEnd() async throws(ShipperError) -> Int64 {
        try reader.committedEnd()
    }

    package func read(
        from offset: Int64,
        upTo end: Int64,
        maximumEntries: Int,
        maximumBytes: Int
    ) async throws(ShipperError) -> JournalRead {
        let read = try reader.read(
            from: offset,
            upTo: end,
            maximumEntries: maximumEntries,
            maximumBytes: maximumBytes
        )
        return JournalRead(lines: read.lines, unreadable: read.unreadable)
    }

    package func save(
        _ position: inout ShipperPosition,
        deadLetters rejected: [(line: JournalLine, reason: String)],
        at now: Int64
    ) async throws(ShipperError) {
        guard let files = files.withLock({ $0 }) else {
            throw ShipperError(code: .fileSystem, message: "The shipper's files are not open.", path: positionPath)
        }
        if !rejected.isEmpty {
            position.deadLetterOffset = try files.appendDeadLetters(rejected, sink: sink, at: now)
        }
        try files.save(position)
    }

    package func close() async {
        files.withLock { files in
            files?.close()
            files = nil
        }
    }
}
