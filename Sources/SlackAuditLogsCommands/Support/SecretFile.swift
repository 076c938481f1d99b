import Foundation

/// Reads a secret (a Slack token, a HEC token, an API key, a password) from a file: the CLI's one way to take a
/// secret that is not in the environment, since a flag's value shows in `ps` and shell history.
///
/// At most `maximumBytes` are read (a larger file is refused at once, not read: it is not a secret file), and the
/// messages name the file, never its content.
enum SecretFile {
    static func read(_ path: String, what: String, maximumBytes: Int = 4096) throws -> String {
        // A value that does not look like a path may be the secret itself, given where its file was expected:
        // never repeat it.
        let shown = path.contains("/") || path.contains(".") ? path : "(the value given, not shown: it may be a secret)"
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CLIError(
                message: "Cannot read the \(what) file \(shown).",
                hint: "Check the path and that this user may read it.",
                exitCode: ExitStatus.usage
            )
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
        } catch {
            throw CLIError(
                message: "Cannot read the \(what) file \(shown): it is not a readable file.",
                hint: "Give the path of a file that holds the \(what) on its first line.",
                exitCode: ExitStatus.usage
            )
        }
        guard data.count <= maximumBytes else {
            throw CLIError(
                message:
                    "The \(what) file \(shown) holds more than \(maximumBytes) bytes, so it is not a \(what) file.",
                hint: "Check the path: the file should hold the \(what) on its first line.",
                exitCode: ExitStatus.usage
            )
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The first line of `text`, trimmed, with `prefix` (compared without case) dropped when it starts with it;
    /// refuses an empty one (exit `emptyExitCode`) or one with spaces or control characters (exit 64).
    static func firstLine(
        of text: String,
        what: String,
        source: String,
        example: String? = nil,
        droppingPrefix prefix: String? = nil,
        emptyExitCode: Int32 = ExitStatus.usage
    ) throws -> String {
        var line = (text.split(whereSeparator: \.isNewline).first.map(String.init) ?? "")
            .trimmingCharacters(in: .whitespaces)
        if let prefix, line.lowercased().hasPrefix(prefix.lowercased()) {
            line = line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
        }
        guard !line.isEmpty else {
            throw CLIError(
                message: "\(source) holds no \(what).",
                hint: "Put the \(what) on the first line.",
                exitCode: emptyExitCode
            )
        }
        guard line.utf8.count <= 1024, line.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw CLIError(
                message: "\(source) does not hold a \(what): its first line is longer than 1 KB or has spaces or "
                    + "characters a \(what) never has.",
                hint: "Put only the \(what)\(example.map { " (\($0))" } ?? "") on the first line.",
                exitCode: ExitStatus.usage
            )
        }
        return line
    }

    /// The secret from `file` when given, else from the environment variable `variable`; `nil` when neither.
    static func secret(file: String?, variable: String, what: String) throws -> String? {
        if let file {
            return try firstLine(of: try read(file, what: what), what: what, source: "The \(what) file \(file)")
        }
        if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty {
            return try firstLine(of: value, what: what, source: "The environment variable \(variable)")
        }
        return nil
    }
}
