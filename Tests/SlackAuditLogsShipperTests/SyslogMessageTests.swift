import Testing

@testable import SlackAuditLogsShipper

@Suite("Syslog messages (RFC 5424) and frames (RFC 6587)")
struct SyslogMessageTests {
    static let bom = "\u{FEFF}"

    static func entry(
        _ json: String = #"{"id":"e1","action":"user_login"}"#,
        id: String? = "e1",
        dateCreate: Int64? = 1_704_164_645,
        action: String? = "user_login"
    ) -> ShipmentEntry {
        ShipmentEntry(bytes: ArraySlice(json.utf8), id: id, dateCreate: dateCreate, action: action)
    }

    static func text(_ message: SyslogMessage) -> String {
        String(decoding: message.bytes, as: UTF8.self)
    }

    @Test("the whole message: PRI, version, UTC timestamp, header, SD element, BOM and the exact JSON")
    func wholeMessage() {
        let message = SyslogMessage(entry: Self.entry(), hostname: "collector-1")
        #expect(
            Self.text(message)
                == #"<133>1 2024-01-02T03:04:05Z collector-1 slack-audit-logs - user_login "#
                + #"[audit@32473 id="e1" action="user_login"] "# + Self.bom + #"{"id":"e1","action":"user_login"}"#
        )
        #expect(
            message.bytes.suffix(Self.entry().bytes.count + 3).elementsEqual([0xEF, 0xBB, 0xBF] + Self.entry().bytes)
        )
    }

    @Test(
        "PRI is facility × 8 + severity",
        arguments: [(0, 0, "<0>"), (16, 5, "<133>"), (23, 7, "<191>"), (4, 6, "<38>")]
    )
    func priority(facility: Int, severity: Int, prefix: String) throws {
        let message = SyslogMessage(
            entry: Self.entry(),
            facility: try #require(SyslogMessage.Facility(code: facility)),
            severity: try #require(SyslogMessage.Severity(code: severity)),
            hostname: "h"
        )
        #expect(Self.text(message).hasPrefix(prefix + "1 "))
    }

    @Test("a facility or severity outside the RFC's range cannot be made")
    func priorityRange() {
        #expect(SyslogMessage.Facility(code: 24) == nil)
        #expect(SyslogMessage.Facility(code: -1) == nil)
        #expect(SyslogMessage.Severity(code: 8) == nil)
        #expect(SyslogMessage.Facility.local0.code == 16)
        #expect(SyslogMessage.Severity.notice.code == 5)
    }

    @Test(
        "TIMESTAMP is UTC to the second, '-' when unknown or not a four-digit year",
        arguments: [
            (Int64?.some(0), "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_704_164_645, "2024-01-02T03:04:05Z"),
            (253_402_300_799, "9999-12-31T23:59:59Z"),
            (253_402_300_800, "-"),
            (-1, "-"),
            (nil, "-"),
        ]
    )
    func timestamp(seconds: Int64?, expected: String) {
        #expect(SyslogMessage.timestamp(seconds) == expected)
    }

    @Test("header fields hold printable ASCII only, cut to their RFC length, '-' when empty")
    func headerFields() {
        let long = String(repeating: "h", count: 300)
        let message = SyslogMessage(
            entry: Self.entry(action: "weird action\u{7F}é" + String(repeating: "x", count: 40)),
            hostname: long,
            appName: "app name\n" + String(repeating: "a", count: 60)
        )
        let fields = Self.text(message).split(separator: " ", maxSplits: 6, omittingEmptySubsequences: false)
        #expect(fields[2] == Substring(String(repeating: "h", count: 255)))
        #expect(fields[3] == Substring("app?name?" + String(repeating: "a", count: 39)))
        #expect(fields[4] == "-")
        #expect(fields[5] == Substring("weird?action??" + String(repeating: "x", count: 18)))

        let empty = SyslogMessage(entry: Self.entry(action: ""), hostname: "", appName: "")
        #expect(Self.text(empty).hasPrefix("<133>1 2024-01-02T03:04:05Z - - - - [audit@32473 id=\"e1\" action=\"\"] "))
    }

    @Test("MSGID is 'audit' when the entry has no action; SD is '-' when it has neither id nor action")
    func missingFields() {
        let message = SyslogMessage(entry: Self.entry(id: nil, dateCreate: nil, action: nil), hostname: "h")
        #expect(Self.text(message) == "<133>1 - h slack-audit-logs - audit - " + Self.bom + Self.entry().bytes.text)
        let onlyID = SyslogMessage(entry: Self.entry(action: nil), hostname: "h")
        #expect(Self.text(onlyID).contains(#" audit [audit@32473 id="e1"] "#))
    }

    @Test("PARAM-VALUE escapes '\"', '\\' and ']' and keeps everything else, UTF-8 included (RFC 5424 6.3.3)")
    func paramEscaping() {
        #expect(SyslogMessage.escapedParamValue(#"a"b\c]d"#) == Array(#"a\"b\\c\]d"#.utf8))
        #expect(SyslogMessage.escapedParamValue("café 日本 [x]=") == Array("café 日本 [x\\]=".utf8))
        let message = SyslogMessage(entry: Self.entry(id: #"x"]\"#, action: "a]"), hostname: "h")
        #expect(Self.text(message).contains(#"[audit@32473 id="x\"\]\\" action="a\]"] "#))
    }

    @Test("MSG is the entry's bytes unchanged: escaped and raw newlines, non-ASCII, invalid UTF-8")
    func messageBytes() {
        let bytes: [UInt8] = Array(#"{"note":"a\nb","raw":""#.utf8) + [0x0A] + Array("café 日本\"}".utf8) + [0xFF]
        let entry = ShipmentEntry(bytes: ArraySlice(bytes), id: "e", dateCreate: 1, action: "x")
        let message = SyslogMessage(entry: entry, hostname: "h")
        #expect(Array(message.bytes.suffix(bytes.count + 3)) == [0xEF, 0xBB, 0xBF] + bytes)
    }

    @Test("the frame is the decimal octet count, a space, then the message (RFC 6587 3.4.1)")
    func frame() {
        let message = SyslogMessage(entry: Self.entry(#"{"x":"日本"}"#), hostname: "h")
        let prefix = Array("\(message.bytes.count) ".utf8)
        #expect(message.frame == prefix + message.bytes)
        #expect(message.bytes.count > Self.text(message).count)
    }

    @Test("the machine's host name is never empty")
    func machineHostname() {
        #expect(!SyslogMessage.machineHostname().isEmpty)
    }
}

extension ArraySlice<UInt8> {
    fileprivate var text: String { String(decoding: self, as: UTF8.self) }
}
