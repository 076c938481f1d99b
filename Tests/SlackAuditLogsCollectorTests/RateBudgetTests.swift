import Foundation
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Testing

@Suite("Rate budget: parallel backfill under Slack's limit")
struct RateBudgetTests {
    /// What the simulator saw during one collection.
    struct Measured: CustomStringConvertible {
        var calls: Int
        var rateLimited: Int
        var callsPerMinute: Double
        var budgetUse: Double
        var description: String {
            "calls=\(calls) 429s=\(rateLimited) rate=\(Int(callsPerMinute.rounded()))/min "
                + "budget use=\(Int((budgetUse * 100).rounded()))%"
        }
    }

    /// Collects under a simulated limit of `ceiling` calls per minute with `latency` per request, the client's
    /// limiter set to the same ceiling.
    func collect(workers: Int, ceiling: Double, latency: Duration) async throws -> Measured {
        var configuration = AuditLogsSimulator.Configuration(rateLimit: .perMinute(ceiling, burst: 5))
        configuration.events = events(count: 8000)
        configuration.faults = SimulatorFaults(latency: latency...latency)
        let simulator = try await AuditLogsSimulator.start(configuration: configuration)
        let limiter = try RateLimiter(.perMinute(ceiling, burst: 3))
        let client = try AuditLogsClient(
            token: simulator.token,
            configuration: AuditLogsClient.Configuration(
                baseURL: simulator.baseURL,
                proxy: .none,
                retryHandlers: .allBuiltIn,
                rateLimiter: limiter
            )
        )
        defer {
            Task {
                try? await client.shutdown()
                try? await simulator.shutdown()
            }
        }
        return try await withTemporaryDirectory { directory in
            // Small pages so that the range takes about a hundred calls.
            let collectorConfiguration = BackfillTests.configuration(
                directory: directory,
                start: referenceNow - 90_000,
                limit: 120,
                workers: workers,
                windowLength: .seconds(3600)
            )
            let summary = try await AuditLogsCollector(client: client, configuration: collectorConfiguration).run()
            expectExactlyOnce(
                try outputEntries(directory + "/audit.ndjson").map(\.id),
                simulator.events.map(\.id.description)
            )
            #expect(summary.delivered == 8000)
            let requests = simulator.requests.filter { $0.path.hasSuffix("/logs") }
            let rateLimited = requests.filter { $0.outcome == .rateLimited }.count
            let times = requests.map(\.receivedAt).sorted()
            guard let first = times.first, let last = times.last, times.count > 10 else {
                return Measured(calls: times.count, rateLimited: rateLimited, callsPerMinute: 0, budgetUse: 0)
            }
            // The first calls may use the burst; the steady rate is measured after it.
            let steadyCalls = Double(times.count - 3)
            let span = (last - times[2]).secondsValue
            let perMinute = steadyCalls / span * 60
            _ = first
            return Measured(
                calls: times.count,
                rateLimited: rateLimited,
                callsPerMinute: perMinute,
                budgetUse: perMinute / ceiling
            )
        }
    }

    @Test("Four workers with 200 ms latency use at least 90% of a 600/min budget without exceeding it by 5%")
    func parallelWorkersUseTheBudget() async throws {
        let single = try await collect(workers: 1, ceiling: 600, latency: .milliseconds(200))
        let parallel = try await collect(workers: 4, ceiling: 600, latency: .milliseconds(200))
        print("Rate budget, 600 calls/min, 200 ms latency: 1 worker \(single); 4 workers \(parallel)")
        // One worker is bound by latency: at most one call per 200 ms, half the budget.
        #expect(single.budgetUse < 0.6)
        #expect(parallel.budgetUse >= 0.9)
        #expect(parallel.callsPerMinute <= 600 * 1.05)
        #expect(parallel.rateLimited <= 3)
        #expect(single.rateLimited <= 3)
    }
}

extension Duration {
    fileprivate var secondsValue: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
