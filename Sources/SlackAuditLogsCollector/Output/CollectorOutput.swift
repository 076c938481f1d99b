/// Where the collector writes entries: one JSON object per line (NDJSON).
///
/// ```swift
/// configuration.output = .file("/var/log/slack/audit.ndjson")
/// ```
///
/// A file is opened for appending, flushed to disk (`fsync`) before each checkpoint, and read back after a crash so
/// that entries written after the last checkpoint are not written again. Standard output cannot be read back: after
/// a crash, the pages after the last checkpoint are written again (at least once).
public struct CollectorOutput: Sendable, Hashable, CustomStringConvertible {
    enum Storage: Sendable, Hashable {
        case file(String)
        case standardOutput
    }

    let storage: Storage

    /// An NDJSON file, created with owner-only permissions if missing, appended to otherwise.
    public static func file(_ path: String) -> CollectorOutput { CollectorOutput(storage: .file(path)) }

    /// The process's standard output.
    public static let standardOutput = CollectorOutput(storage: .standardOutput)

    /// The file's path, or `nil` for standard output.
    public var path: String? {
        if case .file(let path) = storage { return path }
        return nil
    }

    public var description: String { path ?? "standard output" }
}
