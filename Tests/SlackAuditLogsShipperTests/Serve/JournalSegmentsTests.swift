import Foundation
import SlackAuditLogsCollector
import SlackAuditLogsShipper
import SlackAuditLogsTestSupport
import Testing

@testable import SlackAuditLogsCommands

@Suite("serve: journal segments and retention")
struct JournalSegmentsTests {
    @Test("sealing is due only when the journal is large enough, wholly committed and wholly delivered")
    func due() {
        #expect(JournalSegments.shouldSeal(journalSize: 100, committed: 100, positions: [100, 100], segmentBytes: 100))
        #expect(!JournalSegments.shouldSeal(journalSize: 99, committed: 99, positions: [99], segmentBytes: 100))
        #expect(!JournalSegments.shouldSeal(journalSize: 150, committed: 120, positions: [120], segmentBytes: 100))
        #expect(
            !JournalSegments.shouldSeal(journalSize: 150, committed: 150, positions: [150, 149], segmentBytes: 100)
        )
        #expect(!JournalSegments.shouldSeal(journalSize: 150, committed: nil, positions: [], segmentBytes: 100))
        #expect(JournalSegments.shouldSeal(journalSize: 150, committed: 150, positions: [], segmentBytes: 100))
        #expect(!JournalSegments.shouldSeal(journalSize: 0, committed: 0, positions: [], segmentBytes: 0))
    }

    @Test("a segment is deleted once it has been sealed for the retention")
    func expiry() {
        let names = ["000001-1000.ndjson", "000002-2000.ndjson", "notes.txt", "000003-x.ndjson"]
        #expect(JournalSegments.expired(names, now: 1999, retention: 999) == ["000001-1000.ndjson"])
        #expect(
            JournalSegments.expired(names, now: 2000, retention: 0) == ["000001-1000.ndjson", "000002-2000.ndjson"]
        )
        #expect(JournalSegments.expired(names, now: 1500, retention: 600).isEmpty)
    }

    /// A collected journal at `<folder>/audit.ndjson` with its checkpoint where serve keeps it, and a position of
    /// the sink `siem` at `delivered` bytes (the whole journal when nil).
    static func fixture(
        in folder: String,
        delivered: Int64? = nil
    ) async throws -> (
        JournalSegments, JournalFixture, Int64
    ) {
        let fixture = try await JournalFixture.collect(count: 300, in: folder)
        try FileManager.default.moveItem(atPath: fixture.checkpoint, toPath: fixture.journal + ".checkpoint.json")
        let size = Int64(try Data(contentsOf: URL(fileURLWithPath: fixture.journal)).count)
        let (files, position) = try ShipperFiles.open(journalPath: fixture.journal, sink: "siem")
        var moved = position
        moved.offset = delivered ?? size
        try files.save(moved)
        files.close()
        var organization = ServeDecisionFixtures.organization(journal: fixture.journal, sinks: ["siem"])
        organization.segmentBytes = 1024
        organization.retention = 3600
        return (JournalSegments(organization), fixture, size)
    }

    @Test("sealing moves the journal into a segment and the checkpoint and positions to the new, empty journal")
    func seal() async throws {
        try await withTemporaryDirectory(prefix: "segments") { folder in
            let (segments, fixture, size) = try await Self.fixture(in: folder)
            #expect(segments.isSealDue())
            let name = try #require(try segments.seal(now: 5000))
            #expect(name == "000001-5000.ndjson")
            #expect(!FileManager.default.fileExists(atPath: fixture.journal))
            expectExactlyOnce(journalIDs("\(segments.folder)/\(name)"), fixture.ids)
            #expect(try CheckpointStore(path: segments.checkpoint).load()?.outputOffset == 0)
            #expect(try ShipperPosition.load(path: segments.positionPath("siem"), sink: "siem")?.offset == 0)
            #expect(!FileManager.default.fileExists(atPath: segments.intentPath))
            #expect(segments.diskUsage() >= size)
            #expect(segments.removeExpired(now: 8599).isEmpty)
            #expect(segments.removeExpired(now: 8600) == [name])
            #expect(segments.segmentNames().isEmpty)
        }
    }

    @Test("nothing is sealed while a sink has not delivered it all")
    func notDelivered() async throws {
        try await withTemporaryDirectory(prefix: "segments") { folder in
            let (segments, fixture, size) = try await Self.fixture(in: folder, delivered: 100)
            #expect(!segments.isSealDue())
            #expect(try segments.seal(now: 5000) == nil)
            #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.journal)).count == Int(size))
        }
    }

    @Test(
        "a seal interrupted after any step is finished by recover(), exactly once",
        arguments: ["intent", "renamed", "checkpoint moved"]
    )
    func recovery(_ step: String) async throws {
        try await withTemporaryDirectory(prefix: "segments") { folder in
            let (segments, fixture, size) = try await Self.fixture(in: folder)
            let intent = JournalSegments.Intent(segment: "000001-5000.ndjson", offset: size)
            try JSONEncoder().encode(intent).write(to: URL(fileURLWithPath: segments.intentPath))
            if step != "intent" {
                try FileManager.default.createDirectory(atPath: segments.folder, withIntermediateDirectories: true)
                try FileManager.default.moveItem(
                    atPath: fixture.journal,
                    toPath: "\(segments.folder)/\(intent.segment)"
                )
            }
            if step == "checkpoint moved" {
                #expect(try CheckpointStore(path: segments.checkpoint).outputMoved(atOffset: size))
            }
            try segments.recover()
            try segments.recover()
            expectExactlyOnce(journalIDs("\(segments.folder)/\(intent.segment)"), fixture.ids)
            #expect(try CheckpointStore(path: segments.checkpoint).load()?.outputOffset == 0)
            #expect(try ShipperPosition.load(path: segments.positionPath("siem"), sink: "siem")?.offset == 0)
            #expect(!FileManager.default.fileExists(atPath: segments.intentPath))
        }
    }
}

/// Organizations for the serve tests that need one without a file.
enum ServeDecisionFixtures {
    static func organization(journal: String, sinks: [String]) -> ServeConfiguration.Organization {
        ServeConfiguration.Organization(
            name: "acme",
            token: .file("/t/acme"),
            journal: journal,
            sinks: sinks.map { ServeConfiguration.Sink(name: $0, kind: .syslog(.init(url: "tcp://h:514"))) }
        )
    }
}
