import SlackAuditLogs
import SlackAuditLogsCollector

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The files one shipper owns beside the journal: its position, its lock and its dead letters.
///
/// `<journal>.<sink>.position` is replaced atomically after every finished batch. `<journal>.<sink>.lock` is held
/// (`flock`) for the whole run, so a second shipper of the same sink is refused before it sends anything; the kernel
/// releases it however the process ends. `<journal>.<sink>.dead-letter.ndjson` gets one line per refused entry —
/// `{"sink":…,"reason":…,"dead_lettered_at":…,"entry":{…}}` — flushed to disk before the position moves past it.
package final class ShipperFiles: Sendable {
    package let positionPath: String
    package let deadLetterPath: String
    private let lock: POSIXFile
    private let deadLetters: POSIXFile

    /// Takes the lock, cuts dead letters of an unfinished batch, and returns the files with the saved position.
    package static func open(
        journalPath: String,
        sink: String,
        positionPath: String? = nil,
        deadLetterPath: String? = nil
    ) throws(ShipperError) -> (files: ShipperFiles, position: ShipperPosition) {
        let positionPath = positionPath ?? "\(journalPath).\(sink).position"
        let deadLetterPath = deadLetterPath ?? "\(journalPath).\(sink).dead-letter.ndjson"
        do {
            let lock = try POSIXFile.openRegular(
                positionPath + ".lock",
                flags: O_RDWR | O_CREAT | O_CLOEXEC,
                purpose: "the shipper's lock"
            )
            guard try lock.tryLock() else {
                lock.close()
                throw ShipperError(
                    code: .alreadyRunning,
                    message: "Another shipper to \(sink) is delivering \(journalPath) (it holds \(positionPath).lock). "
                        + "Stop it first: two at once would send every entry twice.",
                    path: positionPath
                )
            }
            POSIXFile.removeStaleTemporaryFiles(of: positionPath)
            let position: ShipperPosition
            do {
                position = try ShipperPosition.load(path: positionPath, sink: sink) ?? ShipperPosition(sink: sink)
            } catch {
                lock.close()
                throw error
            }
            let deadLetters = try POSIXFile.openRegular(
                deadLetterPath,
                flags: O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC,
                purpose: "the dead-letter file"
            )
            let size = try deadLetters.size()
            if size < position.deadLetterOffset {
                lock.close()
                deadLetters.close()
                throw ShipperError(
                    code: .positionCorrupt,
                    message: "The dead-letter file \(deadLetterPath) is shorter (\(size) bytes) than the position "
                        + "says it was (\(position.deadLetterOffset)): it was truncated or replaced. Restore it, or "
                        + "remove the position to deliver the journal again.",
                    path: deadLetterPath
                )
            }
            if size > position.deadLetterOffset {
                // Lines of a batch that was not finished: the restart sends that batch again.
                try deadLetters.truncate(to: position.deadLetterOffset)
            }
            let files = ShipperFiles(
                positionPath: positionPath,
                deadLetterPath: deadLetterPath,
                lock: lock,
                deadLetters: deadLetters
            )
            return (files, position)
        } catch let error as ShipperError {
            throw error
        } catch {
            throw ShipperError(code: .fileSystem, message: "\(error)", path: positionPath)
        }
    }

    /// After the journal was moved away whole (sealed as a segment) at `offset`, moves the sink's position to the
    /// start of the new, empty journal, if it is still at `offset`; returns whether it moved. Takes the lock: no
    /// shipper to this sink may be running.
    package static func journalMoved(
        journalPath: String,
        sink: String,
        positionPath: String? = nil,
        deadLetterPath: String? = nil,
        atOffset offset: Int64
    ) throws(ShipperError) -> Bool {
        let (files, position) = try open(
            journalPath: journalPath,
            sink: sink,
            positionPath: positionPath,
            deadLetterPath: deadLetterPath
        )
        defer { files.close() }
        guard position.offset == offset, offset > 0 else { return false }
        var moved = position
        moved.offset = 0
        try files.save(moved)
        return true
    }

    private init(positionPath: String, deadLetterPath: String, lock: POSIXFile, deadLetters: POSIXFile) {
        self.positionPath = positionPath
        self.deadLetterPath = deadLetterPath
        self.lock = lock
        self.deadLetters = deadLetters
    }

    /// Appends one line per refused entry and flushes the file; returns its new size.
    package func appendDeadLetters(
        _ rejected: [(line: JournalLine, reason: String)],
        sink: String,
        at now: Int64
    ) throws(ShipperError) -> Int64 {
        var bytes: [UInt8] = []
        for (line, reason) in rejected {
            bytes.append(contentsOf: #"{"sink":"#.utf8)
            JSONValue.string(sink).write(into: &bytes)
            bytes.append(contentsOf: #","reason":"#.utf8)
            JSONValue.string(reason).write(into: &bytes)
            bytes.append(contentsOf: #","dead_lettered_at":"#.utf8)
            bytes.append(contentsOf: String(now).utf8)
            bytes.append(contentsOf: #","entry":"#.utf8)
            bytes.append(contentsOf: line.entry.bytes)
            bytes.append(contentsOf: "}\n".utf8)
        }
        do throws(CollectorError) {
            // Opened with O_APPEND: every write lands at the end, through the package's one write loop.
            try deadLetters.write(bytes)
            try deadLetters.synchronize()
            return try deadLetters.size()
        } catch {
            throw ShipperError(code: .fileSystem, message: error.message, path: deadLetterPath)
        }
    }

    /// Replaces the position file atomically.
    package func save(_ position: ShipperPosition) throws(ShipperError) {
        do {
            try POSIXFile.replaceAtomically(positionPath, with: position.jsonBytes, purpose: "the new shipper position")
        } catch {
            throw ShipperError(code: .fileSystem, message: error.message, path: positionPath)
        }
    }

    /// Releases the lock and closes the files.
    package func close() {
        deadLetters.close()
        lock.close()
    }
}
