import Foundation
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Synchronization
import Testing

/// A collector running in follow mode in the background, watched through its progress reports.
final class FollowingCollector: Sendable {
    final class LatestProgress: Sendable {
        let value = Mutex<CollectionProgress?>(nil)
    }

    let task: Task<CollectionSummary, any Error>
    private let latest = LatestProgress()

    init(_ collector: AuditLogsCollector) {
        let latest = self.latest
        task = Task { try await collector.run { progress in latest.value.withLock { $0 = progress } } }
    }

    /// Waits until everything before `second` is delivered. The deadline is a hang guard, not a speed check: on a loaded
    /// two-core machine running the whole suite, a page can take seconds.
    func waitUntilComplete(through second: Int64) async throws {
        let deadline = ContinuousClock.now + .seconds(180)
        while latest.value.withLock({ $0?.completeUntil ?? .min }) <= second {
            guard ContinuousClock.now < deadline else {
                let progress = latest.value.withLock { $0 }
                throw TestSupportFailure(
                    message: "The collector did not reach \(second) in time: \(String(describing: progress))"
                )
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits until two more rounds have finished: the second one started after anything the caller did before.
    func waitForTwoMoreRounds() async throws {
        let start = latest.value.withLock { $0?.roundsCompleted ?? 0 }
        let deadline = ContinuousClock.now + .seconds(180)
        while latest.value.withLock({ $0?.roundsCompleted ?? 0 }) < start + 2 {
            guard ContinuousClock.now < deadline else {
                throw TestSupportFailure(message: "The collector did not finish two more rounds in time.")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    func stop() async throws -> CollectionSummary {
        task.cancel()
        return try await task.value
    }
}

@Suite("Following: late arrivals and new events")
struct FollowTests {
    /// Events over the hour before the simulator's "now", 30% of them made visible 30 s to 5 min late.
    static func lateSimulator(now: Int64) -> AuditLogsSimulator.Configuration {
        var configuration = AuditLogsSimulator.Configuration(rateLimit: .unlimited)
        configuration.events = events(
            count: 4000,
            latest: now - 10,
            span: 3600,
            lateArrivalFraction: 0.3,
            lateArrivalDelay: 30...300
        )
        return configuration
    }

    static func followConfiguration(
        _ directory: String,
        simulator: AuditLogsSimulator,
        start: Int64,
        settleLag: Duration,
        recheckSpan: Duration? = nil
    ) -> AuditLogsCollector.Configuration {
        var configuration = AuditLogsCollector.Configuration(
            query: LogsQuery(limit: 200),
            start: start,
            follow: true,
            followInterval: .milliseconds(20),
            settleLag: settleLag,
            recheckSpan: recheckSpan,
            output: .file(directory + "/audit.ndjson"),
            checkpointPath: directory + "/checkpoint.json"
        )
        configuration.now = { simulator.now }
        return configuration
    }

    @Test("A settle lag longer than the lateness collects every late event, and events added while following")
    func settleLagCollectsLateEvents() async throws {
        let now = Int64(Date().timeIntervalSince1970)
        try await withSimulatedOrg(Self.lateSimulator(now: now)) { simulator, client in
            try await withTemporaryDirectory { directory in
                let hidden = simulator.events.filter { $0.visibleFrom > simulator.now }.count
                #expect(hidden > 20, "some events are not visible yet when collection starts")
                let configuration = Self.followConfiguration(
                    directory,
                    simulator: simulator,
                    start: now - 3700,
                    settleLag: .seconds(400)
                )
                let following = FollowingCollector(try AuditLogsCollector(client: client, configuration: configuration))
                try await following.waitUntilComplete(through: now - 402)

                // New events arrive while following, then time passes.
                let added = try simulator.generateEvents(count: 300, oldest: now - 5, latest: now + 100)
                simulator.advanceClock(by: 900)
                try await following.waitUntilComplete(through: now + 400)
                let summary = try await following.stop()
                #expect(summary.interrupted)
                #expect(simulator.events.allSatisfy { $0.visibleFrom <= simulator.now })
                let ids = try outputEntries(directory + "/audit.ndjson").map(\.id)
                expectExactlyOnce(ids, simulator.events.map(\.id.description))
                #expect(Set(ids).isSuperset(of: added.map(\.id.description)))
            }
        }
    }

    @Test("Without a settle lag late events are missed; a re-check of recent windows finds them, once each")
    func recheckFindsLateEvents() async throws {
        let now = Int64(Date().timeIntervalSince1970)
        for recheck in [false, true] {
            try await withSimulatedOrg(Self.lateSimulator(now: now)) { simulator, client in
                try await withTemporaryDirectory { directory in
                    let configuration = Self.followConfiguration(
                        directory,
                        simulator: simulator,
                        start: now - 3700,
                        settleLag: .zero,
                        recheckSpan: recheck ? .seconds(900) : nil
                    )
                    let following = FollowingCollector(
                        try AuditLogsCollector(client: client, configuration: configuration)
                    )
                    try await following.waitUntilComplete(through: now - 1)
                    simulator.advanceClock(by: 400)
                    try await following.waitUntilComplete(through: now + 398)
                    // One more full round after every event became visible.
                    try await following.waitForTwoMoreRounds()
                    let summary = try await following.stop()
                    let ids = Set(try outputEntries(directory + "/audit.ndjson").map(\.id))
                    let expected = Set(simulator.events.map(\.id.description))
                    if recheck {
                        #expect(summary.lateEventsFound > 0)
                        expectExactlyOnce(
                            try outputEntries(directory + "/audit.ndjson").map(\.id),
                            simulator.events.map(\.id.description)
                        )
                    } else {
                        // The pitfall the settle lag exists for: these were read before they were visible.
                        #expect(expected.subtracting(ids).count > 20)
                        #expect(summary.lateEventsFound == 0)
                    }
                }
            }
        }
    }

    @Test("A re-check after a restart remembers what the output already holds")
    func recheckAfterRestart() async throws {
        let now = Int64(Date().timeIntervalSince1970)
        try await withSimulatedOrg(Self.lateSimulator(now: now)) { simulator, client in
            try await withTemporaryDirectory { directory in
                let configuration = Self.followConfiguration(
                    directory,
                    simulator: simulator,
                    start: now - 3700,
                    settleLag: .zero,
                    recheckSpan: .seconds(900)
                )
                let first = FollowingCollector(try AuditLogsCollector(client: client, configuration: configuration))
                try await first.waitUntilComplete(through: now - 1)
                _ = try await first.stop()
                simulator.advanceClock(by: 400)
                let second = FollowingCollector(try AuditLogsCollector(client: client, configuration: configuration))
                try await second.waitUntilComplete(through: now + 398)
                try await second.waitForTwoMoreRounds()
                let summary = try await second.stop()
                #expect(summary.lateEventsFound > 0)
                expectExactlyOnce(
                    try outputEntries(directory + "/audit.ndjson").map(\.id),
                    simulator.events.map(\.id.description)
                )
            }
        }
    }
}
