import Foundation
import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogsShipper

/// The syslog sink against a real rsyslog (see ``RsyslogServer``); each test starts its own.
@Suite("Syslog sink against rsyslog")
struct SyslogSinkTests {
    /// `count` entries whose JSON covers what a receiver must keep byte for byte: an escaped newline, a raw LF
    /// inside the message, non-ASCII text, and SD values that need escaping.
    static func entries(_ count: Int) -> [ShipmentEntry] {
        (0..<count).map { index in
            let id = "entry-\(index)"
            let json: [UInt8]
            let action: String
            switch index % 4 {
            case 0:
                action = "user_login"
                json = Array(#"{"id":"\#(id)","action":"user_login","note":"line one\nline two"}"#.utf8)
            case 1:
                action = "file_downloaded"
                json = Array(#"{"id":"\#(id)","raw":"before"#.utf8) + [0x0A] + Array(#"after"}"#.utf8)
            case 2:
                action = "channel_created"
                json = Array(#"{"id":"\#(id)","name":"café 日本"}"#.utf8)
            default:
                action = #"odd"action]\"#
                json = Array(#"{"id":"\#(id)","entity":{"type":"user","user":{"name":"Zoë"}}}"#.utf8)
            }
            return ShipmentEntry(
                bytes: ArraySlice(json),
                id: id,
                dateCreate: 1_704_164_645 + Int64(index),
                action: action
            )
        }
    }

    static func configuration(port: Int, transport: SyslogSink.Transport = .tcp) -> SyslogSink.Configuration {
        SyslogSink.Configuration(
            host: "127.0.0.1",
            port: port,
            transport: transport,
            hostname: "test-host",
            connectTimeout: .seconds(5),
            writeTimeout: .seconds(10)
        )
    }

    static func expected(_ entries: [ShipmentEntry], _ configuration: SyslogSink.Configuration) -> [[UInt8]] {
        entries.map { entry in
            SyslogMessage(
                entry: entry,
                facility: configuration.facility,
                severity: configuration.severity,
                hostname: configuration.hostname ?? "",
                appName: configuration.appName
            ).bytes
        }
    }

    /// Delivers `entries` in batches of 100, expects every entry `.delivered`, shuts the sink down, and expects rsyslog
    /// to have received each message exactly once, in order, equal to the formatted message.
    static func deliverAndCompare(
        _ entries: [ShipmentEntry],
        configuration: SyslogSink.Configuration,
        server: RsyslogServer
    ) async throws {
        let sink = try SyslogSink(configuration: configuration)
        for start in stride(from: 0, to: entries.count, by: 100) {
            let batch = Array(entries[start..<min(start + 100, entries.count)])
            let outcomes = try await sink.deliver(batch)
            #expect(outcomes == Array(repeating: .delivered, count: batch.count))
        }
        await sink.shutdown()
        let received = try await server.waitForMessages(count: entries.count)
        let expected = expected(entries, configuration)
        #expect(received.count == expected.count)
        let mismatch = zip(received, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(mismatch == nil, "message \(mismatch ?? -1) differs")
        // Nothing beyond the expected count arrives later.
        try await Task.sleep(for: .milliseconds(200))
        #expect(try server.receivedMessages().count == expected.count)
    }

    @Test("1,000 entries over TCP arrive exactly once, each message byte for byte")
    func plainTCP() async throws {
        try await withRsyslog { server in
            try await Self.deliverAndCompare(
                Self.entries(1_000),
                configuration: Self.configuration(port: server.plainPort),
                server: server
            )
        }
    }

    @Test("1,000 entries over TLS with the test CA arrive exactly once, and the sink ends with close_notify")
    func tls() async throws {
        try await withRsyslog { server in
            let transport = SyslogSink.Transport.tls(
                caFile: try RsyslogServer.resourcePath("ca.pem"),
                serverName: "localhost"
            )
            try await Self.deliverAndCompare(
                Self.entries(1_000),
                configuration: Self.configuration(port: server.tlsPort, transport: transport),
                server: server
            )
            // rsyslog logs GnuTLS error -110 for a client that closes without close_notify.
            #expect(!server.internalMessages().contains("-110"), "\(server.internalMessages())")
        }
    }

    @Test("a port nobody listens on: every entry is retried, without hanging")
    func refused() async throws {
        try await withRefusingPort { port in
            let sink = try SyslogSink(configuration: Self.configuration(port: port))
            let started = ContinuousClock.now
            let outcomes = try await sink.deliver(Self.entries(10))
            // A hang guard, not a speed check: a refused connection must not wait for ever.
            #expect(ContinuousClock.now - started < .seconds(60))
            #expect(outcomes.count == 10)
            for outcome in outcomes {
                guard case .retry(let reason, let after) = outcome else {
                    Issue.record("expected .retry, got \(outcome)")
                    continue
                }
                #expect(after == nil)
                #expect(reason.contains("127.0.0.1:\(port)"))
            }
            await sink.shutdown()
        }
    }

    @Test("a TLS receiver whose certificate the CA did not sign: every entry is retried, nothing arrives")
    func untrustedCertificate() async throws {
        try await withRsyslog { server in
            let transport = SyslogSink.Transport.tls(
                caFile: try RsyslogServer.resourcePath("other-ca.pem"),
                serverName: "localhost"
            )
            let sink = try SyslogSink(configuration: Self.configuration(port: server.tlsPort, transport: transport))
            let outcomes = try await sink.deliver(Self.entries(5))
            #expect(outcomes.allSatisfy { if case .retry = $0 { true } else { false } })
            await sink.shutdown()
            try await Task.sleep(for: .milliseconds(200))
            #expect(try server.receivedMessages().isEmpty)
        }
    }

    @Test("rsyslog's RFC 5424 parser reads the header and the escaped SD values back")
    func headerAndStructuredDataRoundTrip() async throws {
        try await withRsyslog { server in
            let entry = ShipmentEntry(
                bytes: ArraySlice(#"{"id":"x"}"#.utf8),
                id: #"a"b\c]d"#,
                dateCreate: 1_704_164_645,
                action: "user_login"
            )
            var configuration = Self.configuration(port: server.plainPort)
            configuration.facility = .local3
            configuration.severity = .warning
            configuration.appName = "audit-shipper"
            let sink = try SyslogSink(configuration: configuration)
            #expect(try await sink.deliver([entry]) == [.delivered])
            await sink.shutdown()
            _ = try await server.waitForMessages(count: 1)
            let parsed = try server.parsedMessages()
            #expect(
                parsed == [
                    #"19|4|2024-01-02T03:04:05Z|test-host|audit-shipper|-|user_login|"#
                        + #"[audit@32473 id="a\"b\\c\]d" action="user_login"]"#
                ]
            )
        }
    }

    @Test("rsyslog stopped and started again on the same port: the next batch goes out on a new connection")
    func reconnectsAfterReceiverRestart() async throws {
        let entries = Self.entries(4)
        let (port, configuration, sink) = try await withRsyslog { server in
            let configuration = Self.configuration(port: server.plainPort)
            let sink = try SyslogSink(configuration: configuration)
            #expect(try await sink.deliver(Array(entries[0..<2])) == [.delivered, .delivered])
            #expect(try await server.waitForMessages(count: 2) == Self.expected(Array(entries[0..<2]), configuration))
            return (server.plainPort, configuration, sink)
        }
        // The first rsyslog closed the connection when it stopped; the sink notices and connects anew.
        try await withRsyslog(plainPort: port) { server throws in
            #expect(try await sink.deliver(Array(entries[2..<4])) == [.delivered, .delivered])
            await sink.shutdown()
            #expect(try await server.waitForMessages(count: 2) == Self.expected(Array(entries[2..<4]), configuration))
        }
    }

    @Test(
        "settings that cannot work are refused when the sink is made",
        arguments: [
            SyslogSink.Configuration(host: "", port: 514),
            SyslogSink.Configuration(host: "localhost", port: 0),
            SyslogSink.Configuration(host: "localhost", port: 65_536),
            SyslogSink.Configuration(host: "localhost", connectTimeout: .zero),
            SyslogSink.Configuration(host: "localhost", writeTimeout: .seconds(-1)),
            SyslogSink.Configuration(host: "localhost", transport: .tls(caFile: "/nonexistent/ca.pem")),
            SyslogSink.Configuration(host: "localhost", transport: .tls(serverName: "127.0.0.1")),
        ]
    )
    func invalidConfiguration(configuration: SyslogSink.Configuration) {
        let error = #expect(throws: ShipperError.self) {
            _ = try SyslogSink(configuration: configuration)
        }
        #expect(error?.code == .invalidConfiguration)
    }

    @Test("the sink's name and guarantee; an empty batch needs no connection")
    func identity() async throws {
        try await withRefusingPort { port in
            let sink = try SyslogSink(configuration: Self.configuration(port: port))
            #expect(sink.name == "syslog")
            #expect(sink.guarantee == .atLeastOnce)
            #expect(try await sink.deliver([]).isEmpty)
            await sink.shutdown()
            let afterShutdown = try await sink.deliver(Self.entries(1))
            #expect(afterShutdown.allSatisfy { if case .retry = $0 { true } else { false } })
        }
    }
}
