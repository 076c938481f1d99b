#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One RFC 5424 syslog message for an audit entry, and its RFC 6587 octet-counted frame.
///
/// The message is
/// `<PRI>1 TIMESTAMP HOSTNAME APP-NAME - MSGID [audit@32473 id="…" action="…"] BOM MSG`:
/// - TIMESTAMP is the entry's `date_create` in UTC to the second (`2024-01-02T03:04:05Z`), or `-` when the entry has
///   none or it is outside the years 1970-9999.
/// - PROCID is always `-`: the shipper's process id tells a SIEM nothing about the entry.
/// - MSGID is the entry's `action` (`user_login`), so that a receiver can route on it without parsing the JSON; `audit`
///   when the entry has no action. Like HOSTNAME and APP-NAME it is cut to its RFC length (32) and every character
///   that is not printable US-ASCII (33-126) becomes `?`; an empty field is `-`.
/// - STRUCTURED-DATA is one element, `audit@32473` (32473 is the RFC's example enterprise number), with the
///   entry's `id` and `action` as they are, `"`, `\` and `]` escaped with `\` (RFC 5424 6.3.3); `-` when the entry
///   has neither.
/// - MSG is the UTF-8 BOM followed by the entry's JSON, byte for byte: a receiver that stores the raw message gets
///   back exactly what Slack sent.
package struct SyslogMessage: Sendable, Hashable {
    /// The structured-data element's id.
    package static let structuredDataID = "audit@32473"
    /// The MSGID of an entry without an action.
    package static let defaultMessageID = "audit"
    /// What a header field holds instead of a character that is not printable US-ASCII.
    package static let replacement = UInt8(ascii: "?")

    /// The SYSLOG-MSG, without framing.
    package private(set) var bytes: [UInt8]

    /// The message for `entry`.
    ///
    /// - Parameters:
    ///   - entry: The audit entry; its bytes become MSG unchanged.
    ///   - facility: The PRI's facility.
    ///   - severity: The PRI's severity.
    ///   - hostname: HOSTNAME, cut to 255 printable ASCII characters.
    ///   - appName: APP-NAME, cut to 48 printable ASCII characters.
    package init(
        entry: ShipmentEntry,
        facility: Facility = .local0,
        severity: Severity = .notice,
        hostname: String,
        appName: String = "slack-audit-logs"
    ) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entry.bytes.count + 160)
        bytes.append(UInt8(ascii: "<"))
        bytes.append(contentsOf: String(facility.code * 8 + severity.code).utf8)
        bytes.append(contentsOf: ">1 ".utf8)
        bytes.append(contentsOf: Self.timestamp(entry.dateCreate).utf8)
        bytes.append(UInt8(ascii: " "))
        Self.appendHeaderField(hostname, maximumLength: 255, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        Self.appendHeaderField(appName, maximumLength: 48, to: &bytes)
        bytes.append(contentsOf: " - ".utf8)
        Self.appendHeaderField(entry.action ?? Self.defaultMessageID, maximumLength: 32, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        Self.appendStructuredData(id: entry.id, action: entry.action, to: &bytes)
        bytes.append(UInt8(ascii: " "))
        bytes.append(contentsOf: [0xEF, 0xBB, 0xBF])
        bytes.append(contentsOf: entry.bytes)
        self.bytes = bytes
    }

    /// The octet-counted frame, `MSG-LEN SP SYSLOG-MSG` (RFC 6587 3.4.1, the only framing RFC 5425 allows).
    package var frame: [UInt8] {
        var frame = Array(String(bytes.count).utf8)
        frame.append(UInt8(ascii: " "))
        frame.append(contentsOf: bytes)
        return frame
    }

    /// `seconds` since 1970 as an RFC 5424 TIMESTAMP in UTC, or `-` when unknown or not a four-digit year.
    package static func timestamp(_ seconds: Int64?) -> String {
        // 253402300800 is 10000-01-01T00:00:00Z.
        guard let seconds, seconds >= 0, seconds < 253_402_300_800 else { return "-" }
        let days = seconds / 86_400
        let secondOfDay = seconds % 86_400
        let (year, month, day) = civilDate(daysSince1970: days)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let paddedYear = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return "\(paddedYear)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay % 3600 / 60))"
            + ":\(two(secondOfDay % 60))Z"
    }

    /// The proleptic Gregorian date of a day count (Howard Hinnant's `civil_from_days`), for non-negative counts.
    private static func civilDate(daysSince1970: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = daysSince1970 + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Appends `value` as a header field: printable US-ASCII only, at most `maximumLength`, `-` when empty.
    private static func appendHeaderField(_ value: String, maximumLength: Int, to bytes: inout [UInt8]) {
        var written = 0
        for scalar in value.unicodeScalars.prefix(maximumLength) {
            bytes.append((33...126).contains(scalar.value) ? UInt8(scalar.value) : replacement)
            written += 1
        }
        if written == 0 { bytes.append(UInt8(ascii: "-")) }
    }

    /// Appends the `audit@32473` element with the params that are known, or `-` when none is.
    private static func appendStructuredData(id: String?, action: String?, to bytes: inout [UInt8]) {
        let params = [("id", id), ("action", action)].compactMap { name, value in value.map { (name, $0) } }
        guard !params.isEmpty else {
            bytes.append(UInt8(ascii: "-"))
            return
        }
        bytes.append(UInt8(ascii: "["))
        bytes.append(contentsOf: structuredDataID.utf8)
        for (name, value) in params {
            bytes.append(UInt8(ascii: " "))
            bytes.append(contentsOf: name.utf8)
            bytes.append(contentsOf: "=\"".utf8)
            bytes.append(contentsOf: escapedParamValue(value))
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// `value` as PARAM-VALUE bytes: UTF-8 with `"`, `\` and `]` preceded by `\` (RFC 5424 6.3.3).
    package static func escapedParamValue(_ value: String) -> [UInt8] {
        var escaped: [UInt8] = []
        escaped.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "]") {
                escaped.append(UInt8(ascii: "\\"))
            }
            escaped.append(byte)
        }
        return escaped
    }

    /// The machine's host name as `gethostname(2)` gives it, or `-` when it cannot be read.
    package static func machineHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "-" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return bytes.isEmpty ? "-" : String(decoding: bytes, as: UTF8.self)
    }
}
