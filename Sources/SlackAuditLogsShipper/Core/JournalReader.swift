import SlackAuditLogs
import SlackAuditLogsCollector

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One whole line of the journal, as the entry a sink receives, with the journal offset just after it.
package struct JournalLine: Sendable, Hashable {
    package var entry: ShipmentEntry
    /// The byte offset just past this line's newline: the position once this line is delivered.
    package var end: Int64

    package init(entry: ShipmentEntry, end: Int64) {
        self.entry = entry
        self.end = end
    }
}

/// Reads the collector's NDJSON journal from a byte offset, never past what the collector has committed.
///
/// The committed end is the checkpoint's output offset when a checkpoint is given: lines after it may belong to a
/// commit that a crash cut short. Without a checkpoint it is the end of the last whole line. A line that is not an
/// entry (a damaged line the collector's read-back would also skip) is reported so that it is dead-lettered, never
/// silently passed over.
package struct JournalReader: Sendable {
    package let journalPath: String
    package let checkpointPath: String?

    package init(journalPath: String, checkpointPath: String?) {
        self.journalPath = journalPath
        self.checkpointPath = checkpointPath
    }

    /// How far the journal may be read: the checkpoint's output offset, or the file's size.
    package func committedEnd() throws(ShipperError) -> Int64 {
        if let checkpointPath {
            do {
                if let offset = try CheckpointStore(path: checkpointPath).load()?.outputOffset { return offset }
                return 0
            } catch {
                throw ShipperError(code: .fileSystem, message: error.message, path: checkpointPath)
            }
        }
        guard POSIXFile.exists(journalPath) else { return 0 }
        do {
            let file = try POSIXFile.openRegular(journalPath, flags: O_RDONLY, purpose: "the journal")
            defer { file.close() }
            return try file.size()
        } catch {
            throw ShipperError(code: .fileSystem, message: error.message, path: journalPath)
        }
    }

    /// The whole lines from `offset`, at most `maximumEntries` of them and about `maximumBytes` (a line longer than
    /// that is still read whole), not past `end`.
    package func read(
        from offset: Int64,
        upTo end: Int64,
        maximumEntries: Int,
        maximumBytes: Int
    ) throws(ShipperError) -> (lines: [JournalLine], unreadable: [(bytes: [UInt8], end: Int64)]) {
        guard end > offset, maximumEntries > 0 else { return ([], []) }
        let file: POSIXFile
        do {
            file = try POSIXFile.openRegular(journalPath, flags: O_RDONLY, purpose: "the journal")
        } catch {
            throw ShipperError(code: .fileSystem, message: error.message, path: journalPath)
        }
        defer { file.close() }
        var lines: [JournalLine] = []
        var unreadable: [(bytes: [UInt8], end: Int64)] = []
        var position = offset
        var chunkSize = max(64 * 1024, min(maximumBytes, 8 * 1024 * 1024))
        var pending: [UInt8] = []
        var pendingStart = position
        var readBytes = 0
        while position < end, lines.count + unreadable.count < maximumEntries, readBytes < maximumBytes {
            let count = Int(min(Int64(chunkSize), end - position))
            let chunk: [UInt8]
            do {
                chunk = try file.read(count: count, at: position)
            } catch {
                throw ShipperError(code: .fileSystem, message: error.message, path: journalPath)
            }
            guard !chunk.isEmpty else { break }
            position += Int64(chunk.count)
            pending.append(contentsOf: chunk)
            var lineStart = 0
            while lines.count + unreadable.count < maximumEntries, readBytes < maximumBytes,
                let newline = pending[lineStart...].firstIndex(of: OutputLine.newline)
            {
                let line = pending[lineStart..<newline]
                let lineEnd = pendingStart + Int64(newline + 1)
                readBytes += line.count + 1
                if let entry = Self.entry(of: line) {
                    lines.append(JournalLine(entry: entry, end: lineEnd))
                } else if !line.isEmpty {
                    unreadable.append((Array(line), lineEnd))
                }
                lineStart = newline + 1
            }
            if lines.count + unreadable.count >= maximumEntries || readBytes >= maximumBytes { break }
            // Keep the incomplete tail; a line longer than the chunk makes the next read larger.
            pending.removeFirst(lineStart)
            pendingStart += Int64(lineStart)
            if lineStart == 0 { chunkSize *= 2 }
        }
        return (lines, unreadable)
    }

    /// The entry of one journal line (plain, or in the collector's metadata envelope).
    package static func entry(of line: ArraySlice<UInt8>) -> ShipmentEntry? {
        guard let raw = OutputLine.entry(of: line) else { return nil }
        let action = (try? JSONValue(parsing: raw.bytes))?["action"]?.stringValue
        return ShipmentEntry(bytes: raw.bytes, id: raw.id, dateCreate: raw.dateCreate, action: action)
    }
}
