import SlackAuditLogs

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where oldest-first order keeps each window's entries until every older window is written: one file per window,
/// so that memory holds a page per worker whatever a window's size.
///
/// Pages arrive newest first and are appended as they come (flushed before the checkpoint that counts them); a read
/// window is written out by reading its file backwards, which gives its entries oldest first. The files live in
/// `<checkpoint>.spool/` (or a temporary folder without a checkpoint), owner-only, and are removed once written out.
///
/// `@unchecked Sendable` for the same reason as ``NDJSONJournal``: one writer, one operation at a time, on the
/// blocking-I/O thread pool.
final class WindowSpool: @unchecked Sendable {
    /// How much of a spool is read back per commit when writing it out.
    static let chunkSize = 8 * 1024 * 1024

    let directory: String
    private let isTemporary: Bool
    private var files: [String: POSIXFile] = [:]
    private var writer = LineWriter()

    /// Opens (creating if needed) the spool folder for a collection with this checkpoint.
    init(checkpointPath: String?) throws(CollectorError) {
        if let checkpointPath {
            directory = checkpointPath + ".spool"
            isTemporary = false
            if mkdir(directory, 0o700) != 0, errno != EEXIST {
                throw POSIXFile.failure("create the spool folder", path: directory)
            }
        } else {
            var template = Array("/tmp/slack-audit-logs-spool-XXXXXX".utf8CString)
            let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
            guard made != nil else { throw POSIXFile.failure("create a spool folder in", path: "/tmp") }
            directory = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            isTemporary = true
        }
    }

    /// The file of a window: named after its query, which never changes.
    func path(of window: WindowProgress) -> String {
        "\(directory)/window-\(window.queryOldest)-\(window.latest).ndjson"
    }

    /// Makes the window's file hold exactly what its checkpoint says (a crash may have left more); creates it.
    /// Returns `false` when the file holds less than the checkpoint says (it was removed or cut).
    func prepare(_ window: WindowProgress) throws(CollectorError) -> Bool {
        let file = try open(window)
        let expected = window.spool?.bytes ?? 0
        let size = try file.size()
        guard size >= expected else { return false }
        if size > expected {
            try file.truncate(to: expected)
            try file.synchronize()
        }
        return true
    }

    /// Appends entries to the window's file and flushes them; returns the file's new size.
    func append(_ entries: [RawLogEntry], to window: WindowProgress) throws(CollectorError) -> Int64 {
        let file = try open(window)
        let before = window.spool?.bytes ?? 0
        // A window's first page starts its file: nothing a crashed run left there counts.
        if window.spool == nil, try file.size() > 0 { try file.truncate(to: 0) }
        let written = entries.isEmpty ? 0 : try writer.write(entries, envelope: nil, to: file)
        if written > 0 || before == 0 { try file.synchronize() }
        return before + written
    }

    /// The next chunk to write out: the entries just before what is already emitted, oldest first, and the emitted
    /// count after them. `nil` when everything is emitted.
    func chunk(of window: WindowProgress) throws(CollectorError) -> (entries: [RawLogEntry], emitted: Int64)? {
        guard let spool = window.spool, spool.emitted < spool.bytes else { return nil }
        let file = try open(window)
        let end = spool.bytes - spool.emitted
        var length = Int64(Self.chunkSize)
        while true {
            let start = max(0, end - length)
            let bytes = try file.read(count: Int(end - start), at: start)
            guard bytes.count == Int(end - start) else {
                throw CollectorError(
                    code: .fileSystem,
                    message: "The spool \(file.path) is shorter than its checkpoint says; it was changed while the "
                        + "collector ran. Collect again with --rescan-output to write only what is missing.",
                    path: file.path
                )
            }
            // The bytes before the first line break belong to a line that starts earlier, unless this is the start.
            let first = start == 0 ? 0 : (bytes.firstIndex(of: OutputLine.newline).map { $0 + 1 } ?? bytes.count)
            if first == bytes.count, start > 0 {
                length *= 2  // one line longer than the chunk
                continue
            }
            // The file holds the window newest first: its lines read backwards come oldest first.
            var entries: [RawLogEntry] = []
            for line in bytes[first...].split(separator: OutputLine.newline).reversed() {
                guard let entry = try? RawLogEntry(parsing: Array(line)) else {
                    throw CollectorError(
                        code: .fileSystem,
                        message: "The spool \(file.path) holds a line that is not JSON; it was damaged. Collect again "
                            + "with --rescan-output to write only what is missing.",
                        path: file.path
                    )
                }
                entries.append(entry)
            }
            return (entries, spool.emitted + Int64(bytes.count - first))
        }
    }

    /// Removes a window's file once it is written out.
    func remove(_ window: WindowProgress) {
        let path = path(of: window)
        files.removeValue(forKey: path)?.close()
        POSIXFile.remove(path)
    }

    /// Removes the files of windows the checkpoint no longer knows (written out just before a crash).
    func removeFiles(except windows: [WindowProgress]) {
        let keep = Set(windows.map { path(of: $0) })
        guard let handle = opendir(directory) else { return }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.hasPrefix("window-"), name.hasSuffix(".ndjson") else { continue }
            let path = "\(directory)/\(name)"
            if !keep.contains(path) { POSIXFile.remove(path) }
        }
    }

    /// Closes the files; a temporary folder is removed with what it holds.
    func close() {
        for file in files.values { file.close() }
        files = [:]
        if isTemporary {
            removeFiles(except: [])
            _ = rmdir(directory)
        }
    }

    private func open(_ window: WindowProgress) throws(CollectorError) -> POSIXFile {
        let path = path(of: window)
        if let file = files[path] { return file }
        let file = try POSIXFile.open(path, flags: O_RDWR | O_CREAT | O_APPEND | O_NOFOLLOW, purpose: "a spool file")
        files[path] = file
        return file
    }
}
