import SlackAuditLogsCollector

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the CLI writes: data to standard output, everything else to standard error.
enum Terminal {
    static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Writes to standard output, unbuffered (large outputs are written in chunks by the callers).
    static func write(_ text: String) {
        writeAll(Array(text.utf8), to: STDOUT_FILENO)
    }

    static func write(bytes: [UInt8]) {
        writeAll(bytes, to: STDOUT_FILENO)
    }

    /// Writes a line to standard error, never with a token in it.
    static func diagnostic(_ text: String) {
        writeAll(Array((TokenPattern.scrub(text) + "\n").utf8), to: STDERR_FILENO)
    }

    /// Rewrites the current standard-error line (progress), only on a terminal.
    static func status(_ text: String) {
        guard standardErrorIsTerminal else { return }
        writeAll(Array("\r\u{1B}[2K\(text)".utf8), to: STDERR_FILENO)
    }

    /// Ends a progress line.
    static func endStatus() {
        guard standardErrorIsTerminal else { return }
        writeAll(Array("\r\u{1B}[2K".utf8), to: STDERR_FILENO)
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        // A terminal or pipe that refuses a write has nowhere to report it: the bytes are dropped, as `print` does.
        _ = bytes.withUnsafeBytes { POSIXFile.writeAll($0, to: descriptor) }
    }
}
