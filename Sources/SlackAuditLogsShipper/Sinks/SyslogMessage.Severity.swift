extension SyslogMessage {
    /// The severity of a message's PRI (RFC 5424 6.2.1): a code from 0 (emergency) to 7 (debug).
    package struct Severity: Sendable, Hashable, CustomStringConvertible {
        /// The numeric code, 0-7.
        package let code: Int

        /// The severity with `code`, or nil when `code` is not 0-7.
        package init?(code: Int) {
            guard (0...7).contains(code) else { return nil }
            self.code = code
        }

        private init(known code: Int) { self.code = code }

        package var description: String { "\(code)" }

        /// Warning conditions (4).
        package static let warning = Severity(known: 4)
        /// Normal but significant condition (5), the default for audit entries.
        package static let notice = Severity(known: 5)
        /// Informational messages (6).
        package static let informational = Severity(known: 6)
    }
}
