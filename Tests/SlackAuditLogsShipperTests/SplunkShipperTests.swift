import Foundation
import Logging
import SlackAuditLogs
import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogsShipper

/// Against a FAKE HTTP Event Collector (see `FakeSplunkHEC`): no real Splunk can run here.
@Suite("Shipping to Splunk HEC: gzip, indexer acknowledgement, retries, at least once with bounded duplicates")
struct SplunkShipperTests {
    static let token = "0b7a2c9e-hec-token-4c1d-9f4e-6a2b7c9d1e3f"

    static func shipper(
        _ fake: FakeSplunkHEC,
        _ fixture: JournalFixture,
        batch: Int = 500,
        token: String = token,
        acknowledgement: Bool = true
    ) throws -> (Shipper, SplunkHECSink) {
        var sinkConfiguration = SplunkHECSink.Configuration(url: fake.url, token: token)
        sinkConfiguration.acknowledgement = acknowledgement
        sinkConfiguration.acknowledgementPollInterval = .milliseconds(20)
        sinkConfiguration.acknowledgementTimeout = .milliseconds(500)
        sinkConfiguration.index = "slack"
        sinkConfiguration.host = "collector-1"
        sinkConfiguration.timeout = .seconds(30)
        let sink = try SplunkHECSink(configuration: sinkConfiguration)
        var configuration = Shipper.Configuration(journalPath: fixture.journal, checkpointPath: fixture.checkpoint)
        configuration.batchEntries = batch
        configuration.backoff = RetryBackoff(initial: .milliseconds(5), maximum: .milliseconds(50))
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        return (try Shipper(sink: sink, configuration: configuration, logger: logger), sink)
    }

    @Test("every entry indexed once, gzipped, acknowledged, with time = date_create and the configured metadata")
    func everyEntry() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await JournalFixture.collect(count: 3000, in: directory)
            let fake = try await FakeSplunkHEC.start(token: Self.token, acknowledgement: true)
            try await withShutdown(fake) { fake in
                let (shipper, sink) = try Self.shipper(fake, fixture)
                let summary = try await shipper.run()
                await sink.shutdown()
                #expect(summary.delivered == 3000)
                expectExactlyOnce(fake.indexedIDs, fixture.ids)
                #expect(fake.gzipRequests == 6)
                #expect(fake.channels == [sink.channel])
                let envelope = try #require(fake.envelopes.first)
                #expect(
                    envelope["sourcetype"] == "slack:audit" && envelope["index"] == "slack"
                        && envelope["host"] == "collector-1"
                )
                #expect(envelope["time"]?.intValue == envelope["event"]?["date_create"]?.intValue)
            }
        }
    }

    @Test(
        "busy, 429, a reset and an ack that never comes are retried: every entry at least once, duplicates ≤ one batch"
    )
    func faults() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await JournalFixture.collect(count: 2000, in: directory)
            let fake = try await FakeSplunkHEC.start(token: Self.token, acknowledgement: true)
            try await withShutdown(fake) { fake in
                fake.script(
                    .status(503, code: 9, retryAfter: nil),
                    .status(429, code: 9, retryAfter: "0"),
                    .reset,
                    .neverAcknowledge,
                    .status(500, code: 8, retryAfter: nil)
                )
                let (shipper, sink) = try Self.shipper(fake, fixture, batch: 400)
                let summary = try await shipper.run()
                await sink.shutdown()
                #expect(summary.delivered == 2000)
                #expect(Set(fake.indexedIDs) == Set(fixture.ids), "nothing lost")
                let duplicates = fake.indexedIDs.count - fixture.ids.count
                #expect(duplicates == 400, "exactly the batch whose acknowledgement never came, sent again")
            }
        }
    }

    @Test("an invalid event is dead-lettered with HEC's reason; the rest of its batch is sent again")
    func invalidEvent() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await JournalFixture.collect(count: 300, in: directory)
            let fake = try await FakeSplunkHEC.start(token: Self.token, acknowledgement: false)
            try await withShutdown(fake) { fake in
                fake.script(.invalidEvent(7))
                let (shipper, sink) = try Self.shipper(fake, fixture, batch: 100, acknowledgement: false)
                let summary = try await shipper.run()
                await sink.shutdown()
                #expect(summary.deadLettered == 1 && summary.delivered == 299)
                let dead = try String(contentsOfFile: fixture.journal + ".splunk.dead-letter.ndjson", encoding: .utf8)
                #expect(dead.contains("Invalid data format") && dead.contains(#""sink":"splunk""#))
                #expect(Set(fake.indexedIDs).count == 299)
            }
        }
    }

    @Test("a refused token stops the shipper with a message that names the fix and never the token")
    func refusedToken() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await JournalFixture.collect(count: 10, in: directory)
            let fake = try await FakeSplunkHEC.start(token: Self.token, acknowledgement: true)
            try await withShutdown(fake) { fake in
                let wrong = "ffffffff-wrong-token-0000-111122223333"
                let (shipper, sink) = try Self.shipper(fake, fixture, token: wrong)
                let error = await #expect(throws: ShipperError.self) { try await shipper.run() }
                await sink.shutdown()
                #expect(error?.code == .sinkRefused)
                #expect(error?.message.contains("Check the HEC token") == true, "\(error?.message ?? "")")
                #expect(error.map { !"\($0)".contains(wrong) && !"\($0)".contains(Self.token) } == true)
                #expect(fake.indexedIDs.isEmpty)
            }
        }
    }
}
