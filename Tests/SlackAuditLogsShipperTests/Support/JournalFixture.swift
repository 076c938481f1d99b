import Foundation
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport

/// A journal written by the real collector from a simulator, for the shippers to read.
struct JournalFixture {
    var journal: String
    var checkpoint: String
    /// The simulator's IDs: what every sink must end up holding.
    var ids: [String]

    /// Collects `count` events spread over the day before ``referenceNow`` into `directory/audit.ndjson`.
    static func collect(
        count: Int,
        in directory: String,
        metadata: Bool = false,
        configure: (inout AuditLogsSimulator.Configuration) -> Void = { _ in }
    ) async throws -> JournalFixture {
        var simulator = AuditLogsSimulator.Configuration(rateLimit: .unlimited)
        simulator.events = events(count: count)
        simulator.requestLogLimit = 0
        configure(&simulator)
        let journal = directory + "/audit.ndjson"
        let checkpoint = directory + "/checkpoint.json"
        let ids = try await withSimulatedClient(simulator) { simulator, client in
            var configuration = AuditLogsCollector.Configuration(
                query: LogsQuery(limit: 9999),
                start: referenceNow - 2 * 86_400,
                end: referenceNow - 1800,
                settleLag: .seconds(60),
                output: .file(journal),
                checkpointPath: checkpoint,
                includeMetadata: metadata
            )
            configuration.now = { referenceNow }
            _ = try await AuditLogsCollector(client: client, configuration: configuration).run()
            return try simulator.expectedIDs(for: LogsQuery())
        }
        return JournalFixture(journal: journal, checkpoint: checkpoint, ids: ids)
    }
}
