extension SyslogMessage {
    /// The facility of a message's PRI (RFC 5424 6.2.1): a code from 0 to 23.
    package struct Facility: Sendable, Hashable, CustomStringConvertible {
        /// The numeric code, 0-23.
        package let code: Int

        /// The facility with `code`, or nil when `code` is not 0-23.
        package init?(code: Int) {
            guard (0...23).contains(code) else { return nil }
            self.code = code
        }

        private init(known code: Int) { self.code = code }

        package var description: String { "\(code)" }

        /// Security/authorization messages (4).
        package static let auth = Facility(known: 4)
        /// Log audit (13).
        package static let logAudit = Facility(known: 13)
        /// Local use 0 (16), the default: a site routes it where it wants.
        package static let local0 = Facility(known: 16)
        /// Local use 1 (17).
        package static let local1 = Facility(known: 17)
        /// Local use 2 (18).
        package static let local2 = Facility(known: 18)
        /// Local use 3 (19).
        package static let local3 = Facility(known: 19)
        /// Local use 4 (20).
        package static let local4 = Facility(known: 20)
        /// Local use 5 (21).
        package static let local5 = Facility(known: 21)
        /// Local use 6 (22).
        package static let local6 = Facility(known: 22)
        /// Local use 7 (23).
        package static let local7 = Facility(known: 23)
    }
}
