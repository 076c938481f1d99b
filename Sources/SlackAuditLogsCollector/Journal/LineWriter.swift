import SlackAuditLogs

/// Writes entries as NDJSON lines through a small reused buffer, so that a page is never copied whole: memory holds
/// the page as received plus this buffer.
struct LineWriter {
    /// Lines are written out whenever the buffer holds this much.
    static let bufferSize = 1 << 20

    private var buffer: [UInt8] = []

    init() {
        buffer.reserveCapacity(Self.bufferSize + 64 * 1024)
    }

    /// Writes a line for each entry to `file`; returns the bytes written.
    mutating func write(
        _ entries: [RawLogEntry],
        envelope: OutputLine.Envelope?,
        to file: POSIXFile
    ) throws(CollectorError) -> Int64 {
        var written: Int64 = 0
        buffer.removeAll(keepingCapacity: true)
        for entry in entries {
            OutputLine.append(entry, envelope: envelope, to: &buffer)
            if buffer.count >= Self.bufferSize {
                try file.write(buffer)
                written += Int64(buffer.count)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty {
            try file.write(buffer)
            written += Int64(buffer.count)
            buffer.removeAll(keepingCapacity: true)
        }
        return written
    }
}
