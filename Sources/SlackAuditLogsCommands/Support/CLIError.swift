/// A failure the CLI reports as one line, a hint, and an exit code.
struct CLIError: Error, CustomStringConvertible {
    var message: String
    var hint: String?
    var exitCode: Int32
    /// More detail, shown with `--verbose` (never the token).
    var detail: String?

    var description: String { message }
}
