import SlackAuditLogs

/// The NDJSON lines the collector writes, and how it reads them back.
///
/// A line is either the entry's exact bytes, or (with metadata) an envelope whose last member is those bytes:
/// `{"collected_at":1700000000,"window_oldest":…,"window_latest":…,"entry":{…}}`.
enum OutputLine {
    static let newline = UInt8(ascii: "\n")
    private static let envelopeStart = Array(#"{"collected_at":"#.utf8)
    private static let entryKey = Array(#""entry":"#.utf8)

    /// Appends one line for `entry`.
    static func append(
        _ entry: RawLogEntry,
        metadata: (collectedAt: Int64, window: WindowProgress)?,
        to output: inout [UInt8]
    ) {
        if let metadata {
            output.append(contentsOf: envelopeStart)
            output.append(contentsOf: String(metadata.collectedAt).utf8)
            output.append(contentsOf: #","window_oldest":"#.utf8)
            output.append(contentsOf: String(metadata.window.oldest).utf8)
            output.append(contentsOf: #","window_latest":"#.utf8)
            output.append(contentsOf: String(metadata.window.latest).utf8)
            output.append(UInt8(ascii: ","))
            output.append(contentsOf: entryKey)
            output.append(contentsOf: entry.bytes)
            output.append(UInt8(ascii: "}"))
        } else {
            output.append(contentsOf: entry.bytes)
        }
        output.append(newline)
    }

    /// The entry of a line written by ``append(_:metadata:to:)``, or `nil` when the line is not one.
    static func entry(of line: ArraySlice<UInt8>) -> RawLogEntry? {
        var bytes = Array(line)
        if bytes.starts(with: envelopeStart), let range = firstRange(of: entryKey, in: bytes),
            let end = bytes.lastIndex(of: UInt8(ascii: "}")), end > range.upperBound
        {
            bytes = Array(bytes[range.upperBound..<end])
        }
        return try? RawLogEntry(parsing: bytes)
    }

    private static func firstRange(of needle: [UInt8], in bytes: [UInt8]) -> Range<Int>? {
        guard bytes.count >= needle.count else { return nil }
        var start = 0
        while start <= bytes.count - needle.count {
            if bytes[start..<(start + needle.count)].elementsEqual(needle) { return start..<(start + needle.count) }
            start += 1
        }
        return nil
    }
}
