#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and atomically replaces the checkpoint file.
///
/// A save writes a new file with a unique name next to the checkpoint (created exclusively, never through a link),
/// flushes it to disk, renames it over the checkpoint and flushes the directory: after a crash at any moment the
/// file holds either the previous checkpoint or the new one, never a mix.
package struct CheckpointStore: Sendable {
    package let path: String

    package init(path: String) {
        self.path = path
    }

    /// The largest checkpoint read: far more than one ever holds, so a wrong path fails at once.
    static let maximumSize: Int64 = 64 * 1024 * 1024

    /// The saved checkpoint, or `nil` when there is none yet.
    package func load() throws(CollectorError) -> Checkpoint? {
        guard POSIXFile.kind(of: path) != .missing else { return nil }
        let file = try POSIXFile.openRegular(path, flags: O_RDONLY, purpose: "the checkpoint")
        defer { file.close() }
        let size = try file.size()
        guard size <= Self.maximumSize else {
            throw CollectorError(
                code: .checkpointCorrupt,
                message:
                    "The checkpoint \(path) is \(size) bytes, far more than a checkpoint ever holds: it is not one "
                    + "of this collector's checkpoints. Check the path.",
                path: path
            )
        }
        let bytes = try file.read(count: Int(size), at: 0)
        return try Checkpoint(json: bytes, path: path)
    }

    /// Removes the temporary files a crash between creating one and renaming it left next to the checkpoint
    /// (`<checkpoint>.tmp-…`, and the fixed `<checkpoint>.tmp` of earlier versions). `unlink` removes a link itself,
    /// never what it points to, so a link planted there cannot be used to remove or overwrite another file.
    func removeStaleTemporaryFiles() {
        POSIXFile.removeStaleTemporaryFiles(of: path)
    }

    /// After the output was moved away whole (sealed as a journal segment) at `offset`, makes the checkpoint
    /// describe the new, empty output, if it is still at `offset`; returns whether it changed. No collector may be
    /// running on it. The collection's progress (windows, covered range, delivered count) is unchanged.
    package func outputMoved(atOffset offset: Int64) throws(CollectorError) -> Bool {
        guard var checkpoint = try load(), checkpoint.outputOffset == offset, offset > 0 else { return false }
        checkpoint.outputOffset = 0
        checkpoint.recheckOffset = checkpoint.recheckOffset.map { _ in 0 }
        checkpoint.rescanOffset = nil
        try save(checkpoint)
        return true
    }

    /// Replaces the checkpoint atomically.
    func save(_ checkpoint: Checkpoint) throws(CollectorError) {
        try POSIXFile.replaceAtomically(path, with: checkpoint.jsonBytes, purpose: "the new checkpoint")
    }
}
