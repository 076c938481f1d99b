import Foundation
import Logging
import MetricsTestKit
import SlackAuditLogs
import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogsShipper

/// Against a FAKE `_bulk` endpoint (see `FakeElasticsearch`): no real Elasticsearch can run here.
@Suite("Shipping to Elasticsearch _bulk: acknowledged, retried, dead-lettered, exactly once by _id")
struct ElasticsearchShipperTests {
    static func shipper(
        _ fake: FakeElasticsearch,
        _ fixture: JournalFixture,
        batch: Int = 500,
        index: String = "slack-audit-%Y.%m.%d",
        apiKey: String? = nil
    ) throws -> (Shipper, ElasticsearchSink) {
        var sinkConfiguration = ElasticsearchSink.Configuration(url: fake.url)
        sinkConfiguration.index = index
        if let apiKey { sinkConfiguration.authorization = .apiKey(apiKey) }
        sinkConfiguration.timeout = .seconds(30)
        let sink = try ElasticsearchSink(configuration: sinkConfiguration)
        var configuration = Shipper.Configuration(journalPath: fixture.journal, checkpointPath: fixture.checkpoint)
        configuration.batchEntries = batch
        configuration.backoff = RetryBackoff(initial: .milliseconds(5), maximum: .milliseconds(50))
        return (
            try Shipper(
                sink: sink,
                configuration: configuration,
                logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
            ), sink
        )
    }

    @Test("every entry once, in daily indices; a second run sends nothing; the position says where it stopped")
    func everyEntryOnce() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await JournalFixture.collect(count: 5000, in: directory)
            let fake = try await FakeElasticsearch.start()
            try await withShutdown(fake) { fake in
                let (shipper, sink) = try Self.shipper(fake, fixture)
                let summary = try await shipper.run()
                await sink.shutdown()
                #expect(summary.delivered == 5000)
                #expect(summary.deadLettered == 0)
                expectExactlyOnce(fake.storedIDs, fixture.ids)
                #expect(fake.indices.keys.allSatisfy { $0.hasPrefix("slack-audit-2025.06.") })
                let (again, sink2) = try Self.shipper(fake, fixture)
                let second = try await again.run()
                await sink2.shutdown()
                #expect(second.delivered == 0 && second.batches == 0)
                #expect(fake.createsReceived == 5000, "nothing was sent twice")
                let position = try String(contentsOfFile: fixture.journal + ".elasticsearch.position", encoding: .utf8)
                let size = try FileManager.default.attributesOfItem(atPath: fixture.journal)[.size] as? Int
                #expect(position.contains(#""offset":\#(size ?? -1)"#), "\(position)")
            }
        }
    }

    @Test("503, 429 with Retry-After, a reset and rejected items are retried; nothing lost or doubled")
    func faults() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await JournalFixture.collect(count: 3000, in: directory, metadata: true)
            let fake = try await FakeElasticsearch.start()
            try await withShutdown(fake) { fake in
                fake.script(
                    .status(503, retryAfter: nil),
                    .status(429, retryAfter: "0"),
                    .reset,
                    .rejectItems([0, 7, 99])
                )
                fake.setRandomItemRejection(0.05)
                let (shipper, sink) = try Self.shipper(fake, fixture, batch: 700)
                let summary = try await shipper.run()
                await sink.shutdown()
                #expect(summary.delivered == 3000)
                #expect(summary.retried > 0)
                expectExactlyOnce(fake.storedIDs, fixture.ids)
            }
        }
    }

    @Test("a request that never gets an answer times out and is sent again; nothing is doubled")
    func timeout() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await JournalFixture.collect(count: 600, in: directory)
            let fake = try await FakeElasticsearch.start()
            try await withShutdown(fake) { fake in
                fake.script(.stall, .stall)
                var sinkConfiguration = ElasticsearchSink.Configuration(url: fake.url)
                sinkConfiguration.timeout = .seconds(1)
                let sink = try ElasticsearchSink(configuration: sinkConfiguration)
                var configuration = Shipper.Configuration(
                    journalPath: fixture.journal,
                    checkpointPath: fixture.checkpoint
                )
                configuration.backoff = RetryBackoff(initial: .milliseconds(5), maximum: .milliseconds(20))
                let shipper = try Shipper(
                    sink: sink,
                    configuration: configuration,
                    logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
                )
                let summary = try await shipper.run()
                await sink.shutdown()
                // At least the two stalled requests were sent again; on a loaded machine a slow answer can pass the
                // 1 s deadline too. Either way nothing is doubled.
                #expect(summary.delivered == 600 && summary.retried >= 1200)
                expectExactlyOnce(fake.storedIDs, fixture.ids)
            }
        }
    }

    @Test("a mapping error dead-letters that entry with Elasticsearch's reason, and the rest goes on")
    func deadLetters() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await JournalFixture.collect(count: 1000, in: directory)
            // Plant two entries the fake refuses: a copy of a real line with a marker in it.
            let lines = try String(contentsOfFile: fixture.journal, encoding: .utf8).split(separator: "\n")
            var marked: [String] = []
            for (number, line) in lines.prefix(2).enumerated() {
                let planted = line.replacingOccurrences(
                    of: #""id":""#,
                    with: #""mapping_error_marker":true,"id":"x\#(number)-"#
                )
                marked.append(planted)
            }
            let handle = try #require(FileHandle(forWritingAtPath: fixture.journal))
            handle.seekToEndOfFile()
            handle.write(Data((marked.joined(separator: "\n") + "\n").utf8))
            try handle.close()
            let fake = try await FakeElasticsearch.start()
            try await withShutdown(fake) { fake in
                // No checkpoint: the planted lines are past the collector's committed end otherwise.
                var sinkConfiguration = ElasticsearchSink.Configuration(url: fake.url)
                sinkConfiguration.timeout = .seconds(30)
                let sink = try ElasticsearchSink(configuration: sinkConfiguration)
                let shipper = try Shipper(
                    sink: sink,
                    configuration: Shipper.Configuration(journalPath: fixture.journal),
                    logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
                )
                let summary = try await shipper.run()
                await sink.shutdown()
                #expect(summary.delivered == 1000)
                #expect(summary.deadLettered == 2)
                let dead = try String(
                    contentsOfFile: fixture.journal + ".elasticsearch.dead-letter.ndjson",
                    encoding: .utf8
                )
                .split(separator: "\n")
                #expect(dead.count == 2)
                #expect(
                    dead.allSatisfy {
                        $0.contains("mapper_parsing_exception") && $0.contains(#""sink":"elasticsearch""#)
                    }
                )
                expectExactlyOnce(fake.storedIDs, fixture.ids)
            }
        }
    }

    @Test("metrics per sink: delivered, retried, dead-lettered, batch latency, lag; labelled with the sink's name only")
    func metrics() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await JournalFixture.collect(count: 1200, in: directory)
            let fake = try await FakeElasticsearch.start()
            try await withShutdown(fake) { fake in
                fake.script(.rejectItems([1, 2, 3]))
                let metrics = TestMetrics()
                var sinkConfiguration = ElasticsearchSink.Configuration(url: fake.url)
                sinkConfiguration.timeout = .seconds(30)
                let sink = try ElasticsearchSink(configuration: sinkConfiguration)
                var configuration = Shipper.Configuration(
                    journalPath: fixture.journal,
                    checkpointPath: fixture.checkpoint
                )
                configuration.batchEntries = 500
                configuration.backoff = RetryBackoff(initial: .milliseconds(1), maximum: .milliseconds(5))
                configuration.metricsFactory = metrics
                let shipper = try Shipper(
                    sink: sink,
                    configuration: configuration,
                    logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
                )
                _ = try await shipper.run()
                await sink.shutdown()
                let dimensions = [("sink", "elasticsearch")]
                let delivered = try metrics.expectCounter("slack_audit_logs_shipper_delivered_total", dimensions)
                #expect(delivered.totalValue == 1200)
                let retried = try metrics.expectCounter("slack_audit_logs_shipper_retried_total", dimensions)
                #expect(retried.totalValue == 3)
                let timer = try metrics.expectTimer("slack_audit_logs_shipper_batch_duration_seconds", dimensions)
                #expect(timer.values.count == 3)
                let lag = try metrics.expectGauge("slack_audit_logs_shipper_lag_bytes", dimensions)
                #expect(lag.lastValue == 0)
            }
        }
    }

    @Test("wrong credentials stop the shipper with a clear error that holds no key")
    func refusedCredentials() async throws {
        try await withTemporaryDirectory { directory in
            let fixture = try await JournalFixture.collect(count: 10, in: directory)
            let fake = try await FakeElasticsearch.start(apiKey: "right-key-0123456789")
            try await withShutdown(fake) { fake in
                let (shipper, sink) = try Self.shipper(fake, fixture, apiKey: "wrong-key-9876543210")
                let error = await #expect(throws: ShipperError.self) { try await shipper.run() }
                await sink.shutdown()
                #expect(error?.code == .sinkRefused)
                #expect(error.map { !"\($0)".contains("wrong-key-9876543210") } == true)
                #expect(fake.storedIDs.isEmpty)
            }
        }
    }

    @Test("index names: dates from date_create in UTC; bad patterns refused with the rule")
    func indexPatterns() throws {
        let pattern = try IndexPattern("audit-%Y.%m.%d-%%")
        func entry(_ date: Int64) -> ShipmentEntry { ShipmentEntry(bytes: [], id: "a", dateCreate: date, action: nil) }
        #expect(pattern.name(for: entry(0), now: 0) == "audit-1970.01.01-%")
        #expect(pattern.name(for: entry(951_782_400), now: 0) == "audit-2000.02.29-%")
        #expect(pattern.name(for: entry(1_735_689_599), now: 0) == "audit-2024.12.31-%")
        #expect(pattern.name(for: entry(4_107_542_400), now: 0) == "audit-2100.03.01-%")
        for bad in ["Audit", "a b", "-x", "a/b", "a%q", ""] {
            #expect(throws: ShipperError.self, "\(bad)") { try IndexPattern(bad) }
        }
        // Every day of a span agrees with Foundation's calendar.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for day in stride(from: Int64(-1000), to: 60_000, by: 37) {
            let seconds = day * 86_400 + 43_210
            let parts = calendar.dateComponents(
                [.year, .month, .day],
                from: Date(timeIntervalSince1970: Double(seconds))
            )
            let date = entry(seconds).utcDate(now: 0)
            #expect(
                date.year == Int64(parts.year ?? 0) && date.month == Int64(parts.month ?? 0)
                    && date.day == Int64(parts.day ?? 0)
            )
        }
    }
}
