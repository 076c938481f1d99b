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

let referenceNow: Int64 = 1_750_000_000

/// ``withSimulatedClient(_:token:timeout:retryHandlers:rateLimiter:_:)`` with the collector tests' quick retries.
func withSimulatedOrg<T>(
    _ configuration: AuditLogsSimulator.Configuration,
    token: String? = nil,
    retryHandlers: [any RetryHandler] = quickRetryHandlers,
    rateLimiter: RateLimiter? = nil,
    _ body: (AuditLogsSimulator, AuditLogsClient) async throws -> T
) async throws -> T {
    try await withSimulatedClient(
        configuration,
        token: token,
        retryHandlers: retryHandlers,
        rateLimiter: rateLimiter,
        body
    )
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

/// A logger that keeps every line in memory.
func memoryLogger() -> (Logger, InMemoryLogHandler) {
    let handler = InMemoryLogHandler()
    var logger = Logger(label: "collector-test", factory: { _ in handler })
    logger.logLevel = .trace
    return (logger, handler)
}
