import SlackAuditLogs

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The open output: appends lines, makes them durable on commit, and reads back what earlier runs wrote.
final class OutputSink {
    let output: CollectorOutput
    private let file: POSIXFile
    /// Bytes in the file (or written to standard output) so far.
    private(set) var position: Int64

    /// What reading back part of the output found.
    struct ScanResult {
        var lines = 0
        var unreadableLines = 0
        /// Bytes of an incomplete last line that were cut off.
        var tornBytes: Int64 = 0
    }

    init(_ output: CollectorOutput) throws(CollectorError) {
        self.output = output
        switch output.storage {
        case .file(let path):
            file = try POSIXFile.open(path, flags: O_RDWR | O_CREAT | O_APPEND, purpose: "the output")
            position = try file.size()
        case .standardOutput:
            file = POSIXFile(descriptor: STDOUT_FILENO, path: "standard output")
            position = 0
        }
    }

    /// Whether the output can be read back (a file) to find what an interrupted run wrote.
    var isReadable: Bool { output.path != nil }

    func write(_ bytes: [UInt8]) throws(CollectorError) {
        guard !bytes.isEmpty else { return }
        try file.write(bytes)
        position += Int64(bytes.count)
    }

    /// Flushes everything written to disk; returns the durable size of a file, `nil` for standard output.
    func commit() throws(CollectorError) -> Int64? {
        guard isReadable else { return nil }
        try file.synchronize()
        return position
    }

    func close() {
        if isReadable { file.close() }
    }

    /// Reads every complete line from `offset` to `end` (the end of the file when `nil`) and gives its entry to
    /// `visit`. An incomplete last line at the end of the file (a write cut short by a crash) is cut off: it was
    /// never committed and will be fetched again.
    func scan(
        from offset: Int64,
        upTo end: Int64?,
        visit: (RawLogEntry) -> Void
    ) throws(CollectorError) -> ScanResult {
        var result = ScanResult()
        let limit = min(end ?? position, position)
        guard isReadable, offset < limit else { return result }
        let chunkSize = 8 * 1024 * 1024
        var carried: [UInt8] = []
        var readOffset = offset
        while readOffset < limit {
            let count = Int(min(Int64(chunkSize), limit - readOffset))
            let chunk = try file.read(count: count, at: readOffset)
            if chunk.isEmpty { break }
            readOffset += Int64(chunk.count)
            carried.append(contentsOf: chunk)
            var lineStart = 0
            while let newline = carried[lineStart...].firstIndex(of: OutputLine.newline) {
                let line = carried[lineStart..<newline]
                lineStart = newline + 1
                if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { continue }
                result.lines += 1
                if let entry = OutputLine.entry(of: line) {
                    visit(entry)
                } else {
                    result.unreadableLines += 1
                }
            }
            carried.removeFirst(lineStart)
        }
        if !carried.isEmpty, limit == position {
            result.tornBytes = Int64(carried.count)
            position -= result.tornBytes
            try file.truncate(to: position)
            try file.synchronize()
        }
        return result
    }
}
