import SlackAuditLogs

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The collector's journal as an NDJSON output (a file, or standard output) and a checkpoint file.
///
/// Opening it takes the output and the checkpoint for this process alone: a second collector on the same files is
/// refused with ``CollectorError/Code/alreadyRunning`` before it reads or writes anything. The locks are `flock`s,
/// which the system drops when the process ends however it ends, so a killed collector never blocks the next run.
///
/// `@unchecked Sendable`: its one writer calls it one operation at a time (``Journal/commit(_:checkpoint:)`` is awaited
/// before the next), and the operations run on the blocking-I/O thread pool, one after another.
final class NDJSONJournal: Journal, @unchecked Sendable {
    let output: CollectorOutput
    private let file: POSIXFile
    private let store: CheckpointStore?
    private let checkpointLock: POSIXFile?
    private var writer = LineWriter()
    private var position: Int64

    /// Opens (creating if needed) the output and takes the locks.
    ///
    /// - Throws: ``CollectorError/Code/alreadyRunning`` when another collector holds the checkpoint or the output,
    ///   ``CollectorError/Code/fileSystem`` when a file cannot be opened.
    init(output: CollectorOutput, checkpointPath: String?) throws(CollectorError) {
        self.output = output
        let store = checkpointPath.map(CheckpointStore.init(path:))
        self.store = store
        let lock = try store.map { store throws(CollectorError) in try Self.lockCheckpoint(store.path) }
        self.checkpointLock = lock
        switch output.storage {
        case .file(let path):
            let file: POSIXFile
            do {
                file = try POSIXFile.openRegular(path, flags: O_RDWR | O_CREAT | O_APPEND, purpose: "the output")
            } catch {
                lock?.close()
                throw error
            }
            do throws(CollectorError) {
                try Self.refuseSameFile(output: file, checkpoint: store?.path, lock: lock)
                guard try file.tryLock() else {
                    throw CollectorError(
                        code: .alreadyRunning,
                        message: "Another collector is writing \(path) (with another checkpoint than "
                            + "\(store?.path ?? "none")). Two collectors on one output would write events twice: "
                            + "stop the other one, or give this collection its own output.",
                        path: path
                    )
                }
                self.position = try file.size()
            } catch {
                file.close()
                lock?.close()
                throw error
            }
            self.file = file
        case .standardOutput:
            self.file = POSIXFile(descriptor: STDOUT_FILENO, path: "standard output")
            self.position = 0
        }
    }

    var size: Int64? { output.path == nil ? nil : position }

    /// Refuses an output that is the checkpoint or its lock under another name (`./x` and `x`, a link, a hard link):
    /// the string comparison of the configuration cannot see those, and the checkpoint would replace the events.
    private static func refuseSameFile(
        output: POSIXFile,
        checkpoint: String?,
        lock: POSIXFile?
    ) throws(CollectorError) {
        guard let checkpoint else { return }
        let outputIdentity = try output.identity()
        let checkpointIdentity = POSIXFile.kind(of: checkpoint)
        let lockIdentity = try lock?.identity()
        guard outputIdentity == checkpointIdentity || outputIdentity == lockIdentity else { return }
        throw CollectorError(
            code: .invalidConfiguration,
            message:
                "The output \(output.path) and the checkpoint \(checkpoint) are the same file (through another path "
                + "or a link): saving the checkpoint would replace the events. Give them different files.",
            path: output.path
        )
    }

    func loadCheckpoint() throws(CollectorError) -> Checkpoint? {
        try store?.load()
    }

    func commit(_ batch: JournalBatch, checkpoint: inout Checkpoint) async throws(CollectorError) {
        let proposed = checkpoint
        checkpoint = try await BlockingWork.run { () throws(CollectorError) in
            var saved = proposed
            try self.write(batch, checkpoint: &saved)
            return saved
        }
    }

    /// ``commit(_:checkpoint:)``'s blocking part.
    private func write(_ batch: JournalBatch, checkpoint: inout Checkpoint) throws(CollectorError) {
        if !batch.entries.isEmpty {
            position += try writer.write(batch.entries, envelope: batch.envelope, to: file)
        }
        if output.path != nil {
            try file.synchronize()
            checkpoint.outputOffset = position
        } else {
            checkpoint.outputOffset = nil
        }
        try store?.save(checkpoint)
    }

    func readBack(
        from offset: Int64,
        upTo end: Int64?,
        visit: (RawLogEntry) -> Void
    ) throws(CollectorError) -> JournalReadBack {
        var result = JournalReadBack()
        let limit = min(end ?? position, position)
        guard output.path != nil, offset < limit else { return result }
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

    func close() {
        if output.path != nil { file.close() }
        checkpointLock?.close()
    }

    /// Takes `<checkpoint>.lock` and writes this process's ID in it, for the message another collector shows.
    private static func lockCheckpoint(_ checkpointPath: String) throws(CollectorError) -> POSIXFile {
        let path = checkpointPath + ".lock"
        let lock = try POSIXFile.openRegular(
            path,
            flags: O_RDWR | O_CREAT | O_NOFOLLOW,
            purpose: "the checkpoint's lock"
        )
        do throws(CollectorError) {
            guard try lock.tryLock() else {
                let holder = (try? lock.read(count: 32, at: 0)).flatMap {
                    Int32(String(decoding: $0, as: UTF8.self).trimmingWhitespace)
                }
                throw CollectorError(
                    code: .alreadyRunning,
                    message: "Another collector\(holder.map { " (pid \($0))" } ?? "") is using the checkpoint "
                        + "\(checkpointPath) and its output. Two collectors on one checkpoint would write events "
                        + "twice: wait for it to finish or stop it. (A collector that died leaves no lock behind.)",
                    path: checkpointPath
                )
            }
            CheckpointStore(path: checkpointPath).removeStaleTemporaryFiles()
            try lock.truncate(to: 0)
            try lock.write(Array("\(getpid())\n".utf8))
            return lock
        } catch {
            lock.close()
            throw error
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and line breaks.
    fileprivate var trimmingWhitespace: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
