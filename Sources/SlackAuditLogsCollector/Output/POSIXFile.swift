#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file descriptor with the few calls the collector needs, each failing with a ``CollectorError`` that names the
/// file and says what the system reported.
///
/// Written on the C library rather than Foundation's `FileHandle`: the collector needs `fsync`, `pread`, `flock`,
/// `O_EXCL`/`O_NOFOLLOW` and `errno` in its errors, which `FileHandle` does not give.
package struct POSIXFile {
    package let descriptor: Int32
    package let path: String

    /// Opens `path` with `flags`, creating it with owner-only permissions: audit logs are sensitive.
    package static func open(_ path: String, flags: Int32, purpose: String) throws(CollectorError) -> POSIXFile {
        let descriptor = systemOpen(path, flags | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("open \(purpose)", path: path) }
        return POSIXFile(descriptor: descriptor, path: path)
    }

    /// What a path names, for refusing anything but a regular file before blocking on it.
    package enum Kind: Equatable {
        case missing
        case regular(device: UInt64, inode: UInt64)
        case other(String)
    }

    /// What `path` names now, following links.
    package static func kind(of path: String) -> Kind {
        var status = stat()
        guard stat(path, &status) == 0 else { return .missing }
        return kind(of: status)
    }

    private static func kind(of status: stat) -> Kind {
        switch status.st_mode & 0o170_000 {
        case 0o100_000: return .regular(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
        case 0o040_000: return .other("a folder")
        case 0o010_000: return .other("a FIFO (named pipe)")
        case 0o020_000, 0o060_000: return .other("a device")
        case 0o140_000: return .other("a socket")
        default: return .other("not a regular file")
        }
    }

    /// Opens `path` only if it is a regular file (or absent, when `flags` create it): a FIFO would block the open and
    /// every read through any signal, a folder or a device is never what was meant. The check is made before the open
    /// and again on the open file, which is opened without blocking.
    package static func openRegular(_ path: String, flags: Int32, purpose: String) throws(CollectorError) -> POSIXFile {
        if case .other(let what) = kind(of: path) { throw notRegular(path, what, purpose: purpose) }
        let file = try open(path, flags: flags | O_NONBLOCK, purpose: purpose)
        var status = stat()
        guard fstat(file.descriptor, &status) == 0 else {
            file.close()
            throw failure("examine \(purpose)", path: path)
        }
        if case .other(let what) = kind(of: status) {
            file.close()
            throw notRegular(path, what, purpose: purpose)
        }
        _ = fcntl(file.descriptor, F_SETFL, fcntl(file.descriptor, F_GETFL) & ~O_NONBLOCK)
        return file
    }

    /// The device and inode of the open file: two paths name the same file when these are equal.
    package func identity() throws(CollectorError) -> Kind {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Self.failure("examine", path: path) }
        return Self.kind(of: status)
    }

    private static func notRegular(_ path: String, _ what: String, purpose: String) -> CollectorError {
        CollectorError(
            code: .invalidConfiguration,
            message: "\(path), given as \(purpose), is \(what): the collector reads and writes regular files only. "
                + "Give the path of a file (it is created if it does not exist).",
            path: path
        )
    }

    /// Creates a new file with a unique name next to `path` (`path.tmp-PID-RANDOM`), never following a link and
    /// never reusing a file that exists: a planted symbolic link or a stale file cannot be written through.
    package static func createUnique(beside path: String, purpose: String) throws(CollectorError) -> POSIXFile {
        var attempt = 0
        while true {
            let candidate = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let descriptor = systemOpen(candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC)
            if descriptor >= 0 { return POSIXFile(descriptor: descriptor, path: candidate) }
            attempt += 1
            guard errno == EEXIST, attempt < 16 else { throw failure("create \(purpose) next to", path: path) }
        }
    }

    /// A file descriptor that is already open (standard output).
    package init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// Writes every byte, retrying short writes and interruptions.
    package func write(_ bytes: UnsafeRawBufferPointer) throws(CollectorError) {
        guard Self.writeAll(bytes, to: descriptor) else { throw Self.failure("write to", path: path) }
    }

    /// Writes every byte to `descriptor`, retrying short writes and interruptions (`EINTR`); `false` with `errno`
    /// set when the system refuses. The package's one write loop: the CLI's terminal output uses it too.
    package static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var written = 0
        while written < bytes.count {
            let result = systemWrite(descriptor, base + written, bytes.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                return false
            }
            written += result
        }
        return true
    }

    /// Writes every byte of `bytes`.
    package func write(_ bytes: [UInt8]) throws(CollectorError) {
        let outcome = bytes.withUnsafeBytes { buffer in
            Result { () throws(CollectorError) in try write(buffer) }
        }
        try outcome.get()
    }

    /// Forces what was written to disk.
    package func synchronize() throws(CollectorError) {
        guard fsync(descriptor) == 0 else { throw Self.failure("flush to disk", path: path) }
    }

    /// The file's size in bytes.
    package func size() throws(CollectorError) -> Int64 {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Self.failure("measure", path: path) }
        return Int64(status.st_size)
    }

    /// Reads `count` bytes at `offset` (fewer at the end of the file).
    package func read(count: Int, at offset: Int64) throws(CollectorError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress.map { $0 + filled }, count - filled, off_t(offset) + off_t(filled))
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw Self.failure("read", path: path)
            }
            if result == 0 { break }
            filled += result
        }
        bytes.removeLast(count - filled)
        return bytes
    }

    /// Cuts the file to `length` bytes.
    package func truncate(to length: Int64) throws(CollectorError) {
        guard ftruncate(descriptor, off_t(length)) == 0 else { throw Self.failure("truncate", path: path) }
    }

    /// Takes an exclusive lock on the file without waiting: `false` when another open file holds it. The system
    /// releases it when the descriptor is closed or the process ends, however it ends.
    package func tryLock() throws(CollectorError) -> Bool {
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            if errno == EWOULDBLOCK { return false }
            throw Self.failure("lock", path: path)
        }
        return true
    }

    package func close() {
        _ = systemClose(descriptor)
    }

    /// Whether `path` exists.
    package static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    /// Renames `source` over `destination` atomically, then flushes the directory so the rename survives a crash.
    package static func replace(_ destination: String, with source: String) throws(CollectorError) {
        guard rename(source, destination) == 0 else { throw failure("rename \(source) to", path: destination) }
        synchronizeDirectory(of: destination)
    }

    /// Flushes the directory holding `path`, so that a file created or renamed there survives a crash.
    package static func synchronizeDirectory(of path: String) {
        let descriptor = systemOpen(directoryName(of: path), O_RDONLY | O_CLOEXEC)
        if descriptor >= 0 {
            _ = fsync(descriptor)
            _ = systemClose(descriptor)
        }
    }

    /// Removes `path` if it exists.
    package static func remove(_ path: String) {
        _ = unlink(path)
    }

    /// The directory part of a path (`.` for a bare file name).
    package static func directoryName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// An error for a failed system call, with the system's own explanation.
    package static func failure(_ action: String, path: String) -> CollectorError {
        let number = errno
        let reason = String(cString: strerror(number))
        return CollectorError(
            code: .fileSystem,
            message: "Could not \(action) \(path): \(reason). Check the path, its permissions and the free space.",
            path: path,
            errno: number
        )
    }
}

private func systemOpen(_ path: String, _ flags: Int32) -> Int32 {
    #if canImport(Darwin)
    Darwin.open(path, flags, 0o600)
    #else
    Glibc.open(path, flags, 0o600)
    #endif
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.write(descriptor, buffer, count)
    #else
    Glibc.write(descriptor, buffer, count)
    #endif
}

private func systemClose(_ descriptor: Int32) -> Int32 {
    #if canImport(Darwin)
    Darwin.close(descriptor)
    #else
    Glibc.close(descriptor)
    #endif
}

extension POSIXFile {
    /// Replaces `path` with `bytes` atomically: a new file with a unique name beside it (created exclusively, never
    /// through a link), flushed to disk, renamed over `path`, and the folder flushed. After a crash at any moment the
    /// file holds the previous content or the new one, never a mix. The checkpoint and the shippers' positions use it.
    package static func replaceAtomically(_ path: String, with bytes: [UInt8], purpose: String) throws(CollectorError) {
        let file = try createUnique(beside: path, purpose: purpose)
        do {
            try file.write(bytes)
            try file.synchronize()
        } catch {
            file.close()
            remove(file.path)
            throw error
        }
        file.close()
        do {
            try replace(path, with: file.path)
        } catch {
            remove(file.path)
            throw error
        }
    }

    /// Removes the temporary files a crash between creating one and renaming it left beside `path`
    /// (`<path>.tmp-…`, and the fixed `<path>.tmp` of earlier versions). `unlink` removes a link itself, never what
    /// it points to, so a link planted there cannot be used to remove or overwrite another file.
    package static func removeStaleTemporaryFiles(of path: String) {
        let directory = directoryName(of: path)
        let base = path.split(separator: "/").last.map(String.init) ?? path
        guard let handle = opendir(directory) else { return }
        defer { closedir(handle) }
        var stale: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == base + ".tmp" || name.hasPrefix(base + ".tmp-") { stale.append(name) }
        }
        for name in stale { remove(directory == "." ? name : "\(directory)/\(name)") }
    }
}
