import Foundation

/// The API token, kept out of every `description`, `debugDescription`, interpolation, `dump` and log line.
struct RedactedToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The token itself: read it only to build the `Authorization` header.
    let value: String

    var description: String { "<redacted>" }
    var debugDescription: String { "<redacted>" }
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// Whether a token was given.
    var isEmpty: Bool { value.isEmpty }

    /// Validates a token as a header value: no line breaks or other control characters, no inner spaces.
    /// Leading and trailing white space (a newline at the end of a token file) is removed.
    init(validating raw: String) throws(AuditLogsError) {
        let token = raw.trimmingWhitespace()
        guard token.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw AuditLogsError(
                code: .invalidConfiguration,
                message: "The token contains spaces, line breaks or non-ASCII characters. Give the token alone, "
                    + "as Slack shows it (xoxp-…)."
            )
        }
        self.value = token
    }

    /// Replaces every occurrence of the token in `text`, for text that echoes what a server sent.
    func scrub(_ text: String) -> String {
        guard value.count >= 8, text.contains(value) else { return text }
        return text.replacingOccurrences(of: value, with: "<redacted>")
    }
}
