import Foundation
import InMemoryLogging
import Logging
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Testing

/// Retry handlers that ride out the simulator's faults quickly: many retries, millisecond waits.
let quickRetryHandlers: [any RetryHandler] = [
    ConnectionErrorRetryHandler(maxRetryCount: 50, intervalCalculator: .fixed(.milliseconds(5))),
    RateLimitErrorRetryHandler(
        maxRetryCount: 50,
        jitter: .none,
        missingHeaderDelay: .milliseconds(10),
        maximumDelay: .milliseconds(50)
    ),
    ServerErrorRetryHandler(maxRetryCount: 50, intervalCalculator: .fixed(.milliseconds(5))),
]

/// A fixed moment far enough in the past that every generated event is settled.
let referenceNow: Int64 = 1_750_000_000

/// Simulator events spread over `span` seconds ending at `latest`, in bursts when asked.
func events(
    count: Int,
    latest: Int64 = referenceNow - 3600,
    span: Int64 = 86_400,
    seed: UInt64 = 7,
    rateProfile: EventRateProfile = .uniform,
    lateArrivalFraction: Double = 0,
    lateArrivalDelay: ClosedRange<Int64> = 30...900
) -> EventGenerator.Configuration {
    EventGenerator.Configuration(
        count: count,
        oldest: latest - span + 1,
        latest: latest,
        seed: seed,
        rateProfile: rateProfile,
        lateArrivalFraction: lateArrivalFraction,
        lateArrivalDelay: lateArrivalDelay
    )
}

/// Runs `body` with a simulator and a client pointed at it; shuts both down.
func withSimulatedOrg<T>(
    _ configuration: AuditLogsSimulator.Configuration,
    token: String? = nil,
    retryHandlers: [any RetryHandler] = quickRetryHandlers,
    rateLimiter: RateLimiter? = nil,
    _ body: (AuditLogsSimulator, AuditLogsClient) async throws -> T
) async throws -> T {
    try await AuditLogsSimulator.withSimulator(configuration: configuration) { simulator in
        try await simulator.withClient(
            token: token,
            configuration: AuditLogsClient.Configuration(
                timeout: .seconds(60),
                proxy: .none,
                retryHandlers: retryHandlers,
                rateLimiter: rateLimiter
            )
        ) { client in
            try await body(simulator, client)
        }
    }
}

/// The entries of an NDJSON output, in file order: (id, date_create) of each line, envelope or not.
func outputEntries(_ path: String) throws -> [(id: String, dateCreate: Int64)] {
    guard FileManager.default.fileExists(atPath: path) else { return [] }
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    var result: [(String, Int64)] = []
    let envelope = Array(#"{"collected_at":"#.utf8)
    for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) where !line.isEmpty {
        // The raw scanner reads only id and date_create: a full parse of every line of a large output kept the few
        // threads Swift concurrency has busy for seconds, stalling the other tests' servers and collectors.
        let id: String?
        let date: Int64?
        if line.starts(with: envelope) {
            let entry = try JSONValue(parsing: Array(line))["entry"]
            (id, date) = (entry?["id"]?.stringValue, entry?["date_create"]?.intValue)
        } else {
            let entry = try RawLogEntry(parsing: Array(line))
            (id, date) = (entry.id, entry.dateCreate)
        }
        guard let id, let date else {
            Issue.record("A line without id or date_create: \(String(decoding: line, as: UTF8.self))")
            continue
        }
        result.append((id, date))
    }
    if let last = data.last, last != UInt8(ascii: "\n") { Issue.record("The output does not end with a newline") }
    return result
}

/// Checks that `ids` holds each of `expected` exactly once and nothing else; returns (duplicates, missing, extra).
@discardableResult
func expectExactlyOnce(
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
    #expect(duplicates == 0, "duplicated entries", sourceLocation: sourceLocation)
    #expect(missing == 0, "missing entries", sourceLocation: sourceLocation)
    #expect(extra == 0, "unexpected entries", sourceLocation: sourceLocation)
    #expect(expectedSet.count == expected.count, "the simulator's IDs are unique", sourceLocation: sourceLocation)
    return (duplicates, missing, extra)
}

/// A logger that keeps every line in memory.
func memoryLogger() -> (Logger, InMemoryLogHandler) {
    let handler = InMemoryLogHandler()
    var logger = Logger(label: "collector-test", factory: { _ in handler })
    logger.logLevel = .trace
    return (logger, handler)
}
