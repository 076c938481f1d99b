import Foundation
import SlackAuditLogs
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The `ship` and `collect --sink` commands as subprocesses, against the FAKE `_bulk` and HEC endpoints.
@Suite("The CLI ships: ship, collect --sink, kills, a sink that is down, and secrets")
struct ShipCommandTests {
    static let hecToken = "5c1d9f4e-6a2b-hec-secret-7c9d1e3f0b7a"

    @Test("collect --sink elasticsearch: the journal and the index both hold every event once")
    func collectAndShip() async throws {
        try await withTemporaryDirectory { directory in
            var simulatorConfiguration = AuditLogsSimulator.Configuration(rateLimit: .unlimited)
            simulatorConfiguration.events = events(count: 4000, latest: unixNow() - 3600)
            let fake = try await FakeElasticsearch.start()
            try await withShutdown(fake) { fake in
                try await AuditLogsSimulator.withSimulator(configuration: simulatorConfiguration) { simulator in
                    let result = try await CLIRun.run(
                        [
                            "collect", "--base-url", simulator.baseURL, "--since", "2d", "--output",
                            directory + "/audit.ndjson", "--checkpoint", directory + "/audit.ckpt", "--rate", "1000",
                            "--sink", "elasticsearch", "--sink-url", fake.url, "--batch", "700",
                        ],
                        environment: ["SLACK_AUDIT_TOKEN": simulator.token]
                    )
                    #expect(result.status == 0, "\(result)")
                    let expected = try simulator.expectedIDs(for: LogsQuery())
                    expectExactlyOnce(fake.storedIDs, expected)
                    let journal = try String(contentsOfFile: directory + "/audit.ndjson", encoding: .utf8)
                    #expect(journal.split(separator: "\n").count == expected.count)
                    #expect(
                        result.errorText.contains("Shipped \(expected.count) entries to elasticsearch"),
                        "\(result)"
                    )
                }
            }
        }
    }

    @Test("a sink down during collection: the journal keeps collecting, and nothing is lost when the sink is back")
    func sinkDown() async throws {
        try await withTemporaryDirectory { directory in
            let fixtureEvents = 3000
            var simulatorConfiguration = AuditLogsSimulator.Configuration(rateLimit: .unlimited)
            simulatorConfiguration.events = events(count: fixtureEvents, latest: unixNow() - 3600)
            let fake = try await FakeElasticsearch.start()
            try await withShutdown(fake) { fake in
                // Down for its first 25 requests (503s and resets), then back.
                for number in 0..<25 { fake.script(number % 3 == 0 ? .reset : .status(503, retryAfter: "0")) }
                try await AuditLogsSimulator.withSimulator(configuration: simulatorConfiguration) { simulator in
                    let result = try await CLIRun.run(
                        [
                            "collect", "--base-url", simulator.baseURL, "--since", "2d", "--output",
                            directory + "/audit.ndjson", "--checkpoint", directory + "/audit.ckpt", "--rate", "1000",
                            "--limit", "200", "--sink", "elasticsearch", "--sink-url", fake.url, "--batch", "300",
                            "--sink-retry-max", "1",
                        ],
                        environment: ["SLACK_AUDIT_TOKEN": simulator.token]
                    )
                    #expect(result.status == 0, "\(result)")
                    expectExactlyOnce(fake.storedIDs, try simulator.expectedIDs(for: LogsQuery()))
                }
            }
        }
    }

    @Test("10 SIGKILLs while shipping to HEC with acks: every entry at least once, duplicates ≤ one batch per kill")
    func killedShippingToHEC() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await JournalFixture.collect(count: 10_000, in: directory)
            let fake = try await FakeSplunkHEC.start(token: Self.hecToken, acknowledgement: true)
            try await withShutdown(fake) { fake in
                let arguments = [
                    "ship", "--journal", fixture.journal, "--checkpoint", fixture.checkpoint, "--sink", "splunk",
                    "--sink-url", fake.url, "--ack", "--batch", "250",
                ]
                let environment = ["SLACK_AUDIT_HEC_TOKEN": Self.hecToken]
                var kills = 0
                var generator = SystemRandomNumberGenerator()
                for _ in 0..<100 where kills < 10 {
                    let (process, exits, _) = try CLIRun.launch(arguments, environment: environment)
                    try await Task.sleep(for: .milliseconds(Int64.random(in: 50...500, using: &generator)))
                    kill(process.processIdentifier, SIGKILL)
                    var status: Int32?
                    for await value in exits { status = value }
                    guard status == -SIGKILL else { break }
                    kills += 1
                }
                let final = try await CLIRun.run(arguments, environment: environment)
                #expect(final.status == 0, "\(final)")
                #expect(Set(fake.indexedIDs) == Set(fixture.ids), "nothing lost")
                let duplicates = fake.indexedIDs.count - fixture.ids.count
                #expect(duplicates <= kills * 250, "duplicates \(duplicates) after \(kills) kills")
                for text in [final.output, final.errorText] { #expect(!text.contains(Self.hecToken)) }
            }
        }
    }

    @Test("ship --sink syslog over TLS to a real rsyslog: every entry once, each message's MSG the entry's bytes")
    func shipToRsyslog() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await JournalFixture.collect(count: 2000, in: directory)
            try await withRsyslog { server in
                let result = try await CLIRun.run([
                    "ship", "--journal", fixture.journal, "--checkpoint", fixture.checkpoint, "--sink", "syslog",
                    "--sink-url", "tls://localhost:\(server.tlsPort)",
                    "--sink-ca-file", try RsyslogServer.resourcePath("ca.pem"), "--batch", "300",
                ])
                #expect(result.status == 0, "\(result)")
                let messages = try await server.waitForMessages(count: fixture.ids.count)
                let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
                var ids: [String] = []
                for message in messages {
                    guard let start = message.firstRange(of: bom) else {
                        Issue.record("a message without the BOM that starts MSG")
                        continue
                    }
                    let entry = try JSONValue(parsing: Array(message[start.upperBound...]))
                    if let id = entry["id"]?.stringValue { ids.append(id) }
                }
                expectExactlyOnce(ids, fixture.ids)
            }
        }
    }

    @Test("10 SIGKILLs while shipping to rsyslog over TCP: every entry at least once, duplicates ≤ one batch per kill")
    func killedShippingToRsyslog() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await JournalFixture.collect(count: 20_000, in: directory)
            try await withRsyslog { server in
                let arguments = [
                    "ship", "--journal", fixture.journal, "--checkpoint", fixture.checkpoint, "--sink", "syslog",
                    "--sink-url", "tcp://127.0.0.1:\(server.plainPort)", "--batch", "50",
                ]
                var kills = 0
                var generator = SystemRandomNumberGenerator()
                for _ in 0..<100 where kills < 10 {
                    let (process, exits, _) = try CLIRun.launch(arguments)
                    try await Task.sleep(for: .milliseconds(Int64.random(in: 10...120, using: &generator)))
                    kill(process.processIdentifier, SIGKILL)
                    var status: Int32?
                    for await value in exits { status = value }
                    guard status == -SIGKILL else { break }
                    kills += 1
                }
                let final = try await CLIRun.run(arguments)
                #expect(final.status == 0, "\(final)")
                let messages = try await server.waitForMessages(count: fixture.ids.count)
                let ids = messages.compactMap { message -> String? in
                    guard let start = message.firstRange(of: [0xEF, 0xBB, 0xBF] as [UInt8]) else { return nil }
                    return (try? JSONValue(parsing: Array(message[start.upperBound...])))?["id"]?.stringValue
                }
                #expect(Set(ids) == Set(fixture.ids), "nothing lost")
                #expect(
                    ids.count - fixture.ids.count <= kills * 50,
                    "duplicates \(ids.count - fixture.ids.count) after \(kills) kills"
                )
                #expect(kills >= 3, "the shipper was killed mid-run (\(kills) kills)")
            }
        }
    }

    @Test("secrets: never as flags, never printed, never in the files the shipper writes")
    func secrets() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await JournalFixture.collect(count: 50, in: directory)
            let fake = try await FakeSplunkHEC.start(token: Self.hecToken, acknowledgement: false)
            try await withShutdown(fake) { fake in
                let given = try await CLIRun.run([
                    "ship", "--journal", fixture.journal, "--sink", "splunk", "--sink-url", fake.url,
                    "--hec-token-file", Self.hecToken,
                ])
                #expect(given.status == 64 || given.status == 1, "\(given)")
                #expect(!given.errorText.contains(Self.hecToken) && !given.output.contains(Self.hecToken))
                let wrong = "aaaaaaaa-bbbb-wrong-cccc-dddddddddddd"
                let refused = try await CLIRun.run(
                    ["ship", "--journal", fixture.journal, "--sink", "splunk", "--sink-url", fake.url, "-v"],
                    environment: ["SLACK_AUDIT_HEC_TOKEN": wrong]
                )
                #expect(refused.status == 77, "\(refused)")
                #expect(!refused.errorText.contains(wrong))
                let shipped = try await CLIRun.run(
                    [
                        "ship", "--journal", fixture.journal, "--sink", "splunk", "--sink-url", fake.url, "--log-level",
                        "trace",
                    ],
                    environment: ["SLACK_AUDIT_HEC_TOKEN": Self.hecToken]
                )
                #expect(shipped.status == 0, "\(shipped)")
                #expect(!shipped.errorText.contains(Self.hecToken) && !shipped.output.contains(Self.hecToken))
                for file in try FileManager.default.contentsOfDirectory(atPath: directory) {
                    let text = (try? String(contentsOfFile: directory + "/" + file, encoding: .utf8)) ?? ""
                    #expect(!text.contains(Self.hecToken), "\(file)")
                }
            }
        }
    }
}
