import SlackAuditLogs

/// The NDJSON lines the collector writes, and how it reads them back.
///
/// A line is either the entry's bytes, or (with metadata) an envelope whose last member is those bytes:
/// `{"collected_at":1700000000,"window_oldest":…,"window_latest":…,"entry":{…}}`.
package enum OutputLine {
    package static let newline = UInt8(ascii: "\n")
    private static let envelopeStart = Array(#"{"collected_at":"#.utf8)
    private static let entryKey = Array(#""entry":"#.utf8)

    /// The envelope around each entry of a batch: when it was collected and the window it was read in.
    struct Envelope: Sendable, Hashable {
        var collectedAt: Int64
        var window: ClosedRange<Int64>
    }

    /// Appends one line for `entry`.
    ///
    /// JSON allows line breaks only as whitespace between tokens (inside strings they are escaped), so a line break
    /// in an entry's bytes is written as a space: the line stays one valid JSON value with the same content.
    static func append(_ entry: RawLogEntry, envelope: Envelope?, to output: inout [UInt8]) {
        if let envelope {
            output.append(contentsOf: envelopeStart)
            output.append(contentsOf: String(envelope.collectedAt).utf8)
            output.append(contentsOf: #","window_oldest":"#.utf8)
            output.append(contentsOf: String(envelope.window.lowerBound).utf8)
            output.append(contentsOf: #","window_latest":"#.utf8)
            output.append(contentsOf: String(envelope.window.upperBound).utf8)
            output.append(UInt8(ascii: ","))
            output.append(contentsOf: entryKey)
            appendOnOneLine(entry.bytes, to: &output)
            output.append(UInt8(ascii: "}"))
        } else {
            appendOnOneLine(entry.bytes, to: &output)
        }
        output.append(newline)
    }

    private static func appendOnOneLine(_ bytes: ArraySlice<UInt8>, to output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: bytes)
        guard bytes.contains(where: { $0 == newline || $0 == UInt8(ascii: "\r") }) else { return }
        for index in start..<output.count where output[index] == newline || output[index] == UInt8(ascii: "\r") {
            output[index] = UInt8(ascii: " ")
        }
    }

    /// The entry of a line written by ``append(_:envelope:to:)``, or `nil` when the line is not one.
    package static func entry(of line: ArraySlice<UInt8>) -> RawLogEntry? {
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
