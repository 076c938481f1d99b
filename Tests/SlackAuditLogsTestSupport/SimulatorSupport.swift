import Foundation
import SlackAuditLogs
import SlackAuditLogsSimulator
import Testing

// The test targets' one home for running simulators and checking what came out of them.

/// A fixed moment far enough in the past that every generated event is settled: 2025-06-15T15:06:40Z.
public let referenceNow: Int64 = 1_750_000_000

/// Simulator events spread over `span` seconds ending at `latest`.
public func events(
    count: Int,
    latest: Int64 = referenceNow - 3600,
    span: Int64 = 86_400,
    seed: UInt64 = 7,
    rateProfile: EventRateProfile = .uniform,
    lateArrivalFraction: Double = 0,
    lateArrivalDelay: ClosedRange<Int64> = 30...900
) -> AuditLogsSimulator.EventBatch {
    AuditLogsSimulator.EventBatch(
        count: count,
        oldest: latest - span + 1,
        latest: latest,
        seed: seed,
        rateProfile: rateProfile,
        lateArrivalFraction: lateArrivalFraction,
        lateArrivalDelay: lateArrivalDelay
    )
}

/// Runs `body` with a started simulator and a client pointed at it, and awaits both shutdowns.
///
/// The client has no rate limiter unless the test passes one, so that tests run at full speed, and a 60 s deadline:
/// only tests about deadlines set a short one, so that a loaded machine cannot turn a slow answer into a timeout.
public func withSimulatedClient<T>(
    _ configuration: AuditLogsSimulator.Configuration = AuditLogsSimulator.Configuration(rateLimit: .unlimited),
    token: String? = nil,
    timeout: Duration = .seconds(60),
    retryHandlers: [any RetryHandler] = [],
    rateLimiter: RateLimiter? = nil,
    _ body: (AuditLogsSimulator, AuditLogsClient) async throws -> T
) async throws -> T {
    try await AuditLogsSimulator.withSimulator(configuration: configuration) { simulator in
        try await simulator.withClient(
            token: token,
            configuration: AuditLogsClient.Configuration(
                timeout: timeout,
                proxy: .none,
                retryHandlers: retryHandlers,
                rateLimiter: rateLimiter
            )
        ) { client in
            try await body(simulator, client)
        }
    }
}

/// The error `body` throws, as an ``AuditLogsError``; fails the test when it throws nothing or something else.
public func auditLogsError(
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async -> AuditLogsError? {
    do {
        try await body()
        Issue.record("Expected an AuditLogsError, but nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as AuditLogsError {
        return error
    } catch {
        Issue.record("Expected an AuditLogsError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Checks that `ids` holds each of `expected` exactly once and nothing else; returns (duplicates, missing, extra).
@discardableResult
public func expectExactlyOnce(
    _ ids: [String],
    _ expected: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) -> (duplicates: Int, missing: Int, extra: Int) {
    var counts: [String: Int] = [:]
    for id in ids { counts[id, default: 0] += 1 }
    let duplicates = counts.values.reduce(0) { $0 + max(0, $1 - 1) }
    let expectedSet = Set(expected)
    let missing = expectedSet.subtracting(counts.keys).count
    let extra = Set(counts.keys).subtracting(expectedSet).count
    #expect(!expected.isEmpty, "the simulator holds events to compare with", sourceLocation: sourceLocation)
    #expect(duplicates == 0, "duplicated entries", sourceLocation: sourceLocation)
    #expect(missing == 0, "missing entries", sourceLocation: sourceLocation)
    #expect(extra == 0, "unexpected entries", sourceLocation: sourceLocation)
    #expect(expectedSet.count == expected.count, "the simulator's IDs are unique", sourceLocation: sourceLocation)
    return (duplicates, missing, extra)
}

/// Polls `condition` until it holds (true) or `timeout` passes (false): for tasks or processes to reach a point, not
/// for time to pass.
public func eventually(
    timeout: Duration = .seconds(60),
    pollingEvery interval: Duration = .milliseconds(2),
    _ condition: () -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try await Task.sleep(for: interval)
    }
    return condition()
}

/// Polls an asynchronous `condition` (a request to a server, say) until it holds or `timeout` passes.
public func eventuallyAsync(
    timeout: Duration = .seconds(60),
    pollingEvery interval: Duration = .milliseconds(20),
    _ condition: () async -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try await Task.sleep(for: interval)
    }
    return await condition()
}

/// Now, in seconds since 1970.
public func unixNow() -> Int64 { Int64(Date().timeIntervalSince1970) }
