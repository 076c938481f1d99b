import Foundation
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Testing

/// Calls are Slack's scarce resource (about 50 a minute for a whole organization): the collector must spend close
/// to one per page of entries, whatever the density. Counted at the simulator, with pages of 200 entries so that
/// each case takes a few dozen calls on little data.
@Suite("Call budget: a backfill spends close to ceil(N / limit) calls")
struct CallBudgetTests {
    struct Distribution: Sendable, CustomTestStringConvertible {
        var name: String
        var count: Int
        var span: Int64
        var profile: EventRateProfile
        var testDescription: String { name }
    }

    static let year: Int64 = 366 * 86_400
    static let limit = 200

    static let distributions: [Distribution] = [
        Distribution(name: "small org, a year, uniform", count: 4_000, span: year, profile: .uniform),
        Distribution(name: "30 days, uniform", count: 12_000, span: 30 * 86_400, profile: .uniform),
        Distribution(
            name: "30 days, bursty (same-second runs)",
            count: 12_000,
            span: 30 * 86_400,
            profile: .bursty(burstProbability: 0.1, burstSize: 120)
        ),
        Distribution(name: "an org that grew over a year", count: 8_000, span: year, profile: .growing),
        Distribution(name: "sparse: a few a week over three years", count: 660, span: 3 * year, profile: .uniform),
    ]

    /// Collects `distribution` into a fresh output; returns the calls the simulator saw.
    func collect(
        _ distribution: Distribution,
        workers: Int,
        order: AuditLogsCollector.OutputOrder = .asFetched
    ) async throws -> (calls: Int, optimum: Int) {
        var configuration = AuditLogsSimulator.Configuration(rateLimit: .unlimited)
        configuration.events = events(
            count: distribution.count,
            span: distribution.span,
            rateProfile: distribution.profile
        )
        return try await withSimulatedOrg(configuration) { simulator, client in
            try await withTemporaryDirectory { directory in
                let collectorConfiguration = BackfillTests.configuration(
                    directory: directory,
                    start: referenceNow - 3600 - distribution.span + 1,
                    limit: Self.limit,
                    workers: workers,
                    order: order
                )
                let summary = try await AuditLogsCollector(client: client, configuration: collectorConfiguration).run()
                let output = try outputEntries(directory + "/audit.ndjson")
                expectExactlyOnce(output.map(\.id), simulator.events.map(\.id.description))
                #expect(summary.delivered == distribution.count)
                if order == .oldestFirst {
                    let dates = output.map(\.dateCreate)
                    #expect(dates == dates.sorted(), "oldest first")
                }
                let calls = simulator.requests.filter { $0.path.hasSuffix("/logs") }.count
                return (calls, (distribution.count + Self.limit - 1) / Self.limit)
            }
        }
    }

    @Test(
        "Every distribution, 1 and 4 workers: at most ceil(N / limit) × 1.05 + workers + 2 calls",
        arguments: distributions,
        [1, 4]
    )
    func callsNearTheOptimum(distribution: Distribution, workers: Int) async throws {
        let (calls, optimum) = try await collect(distribution, workers: workers)
        let bound = Int(Double(optimum) * 1.05) + workers + 2
        print("Call budget: \(distribution.name), \(workers) worker(s): \(calls) calls, optimum \(optimum)")
        #expect(calls <= bound, "\(calls) calls for an optimum of \(optimum)")
    }

    @Test(
        "Oldest-first order, a whole range in one spooled window or split: same calls, sorted output",
        arguments: [1, 4]
    )
    func oldestFirstSpendsTheSame(workers: Int) async throws {
        let distribution = Self.distributions[2]
        let (calls, optimum) = try await collect(distribution, workers: workers, order: .oldestFirst)
        #expect(calls <= Int(Double(optimum) * 1.05) + workers + 2)
    }

    @Test("On a sparse range extra workers spend no extra calls")
    func sparseRangeWorkers() async throws {
        let sparse = Self.distributions[4]
        let single = try await collect(sparse, workers: 1)
        let parallel = try await collect(sparse, workers: 4)
        #expect(single.calls == single.optimum)
        #expect(parallel.calls == single.calls)
    }

    @Test("A round whose new events fit in one page spends one call, with one worker or four", arguments: [1, 4])
    func smallRoundIsOneCall(workers: Int) async throws {
        var configuration = AuditLogsSimulator.Configuration(rateLimit: .unlimited)
        configuration.events = events(count: 1000)
        try await withSimulatedOrg(configuration) { simulator, client in
            try await withTemporaryDirectory { directory in
                var collectorConfiguration = BackfillTests.configuration(
                    directory: directory,
                    start: referenceNow - 86_400 - 3600,
                    end: referenceNow - 3600,
                    limit: Self.limit,
                    workers: workers
                )
                _ = try await AuditLogsCollector(client: client, configuration: collectorConfiguration).run()
                // 150 new events in the next ten minutes, then a round over them.
                try simulator.generateEvents(count: 150, oldest: referenceNow - 3600, latest: referenceNow - 3001)
                simulator.resetRecords()
                collectorConfiguration.end = referenceNow - 3000
                let round = try await AuditLogsCollector(client: client, configuration: collectorConfiguration).run()
                #expect(round.delivered == 150)
                #expect(simulator.requests.filter { $0.path.hasSuffix("/logs") }.count == 1)
                expectExactlyOnce(
                    try outputEntries(directory + "/audit.ndjson").map(\.id),
                    simulator.events.map(\.id.description)
                )
            }
        }
    }
}
