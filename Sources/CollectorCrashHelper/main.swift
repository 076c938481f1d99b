// A collector in its own process, for the crash-safety tests: they kill it with SIGKILL at random moments and
// start it again. Everything comes from the environment (the token too: never on a command line).
import Foundation
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsCommands

let environment = ProcessInfo.processInfo.environment

func setting(_ name: String) -> String? { environment["COLLECTOR_HELPER_\(name)"] }
func integer(_ name: String) -> Int64? { setting(name).flatMap { Int64($0) } }

func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(code)
}

guard let baseURL = setting("BASE_URL"), let output = setting("OUTPUT"), let checkpoint = setting("CHECKPOINT"),
    let start = integer("START"), let end = integer("END"), let token = environment["SLACK_AUDIT_TOKEN"]
else {
    fail("Set COLLECTOR_HELPER_BASE_URL, _OUTPUT, _CHECKPOINT, _START, _END and SLACK_AUDIT_TOKEN.", code: 64)
}

let retryHandlers: [any RetryHandler] = [
    ConnectionErrorRetryHandler(maxRetryCount: 50, intervalCalculator: .fixed(.milliseconds(5))),
    RateLimitErrorRetryHandler(
        maxRetryCount: 50,
        jitter: .none,
        missingHeaderDelay: .milliseconds(10),
        maximumDelay: .milliseconds(50)
    ),
    ServerErrorRetryHandler(maxRetryCount: 50, intervalCalculator: .fixed(.milliseconds(5))),
]

do {
    let client = try AuditLogsClient(
        token: token,
        configuration: AuditLogsClient.Configuration(
            baseURL: baseURL,
            timeout: .seconds(10),
            proxy: .none,
            retryHandlers: retryHandlers,
            rateLimiter: nil
        )
    )
    var configuration = AuditLogsCollector.Configuration(
        query: LogsQuery(limit: Int(integer("LIMIT") ?? 500)),
        start: start,
        end: end,
        settleLag: .zero,
        workers: Int(integer("WORKERS") ?? 1),
        order: setting("ORDER") == "oldestFirst" ? .oldestFirst : .asFetched,
        output: .file(output),
        checkpointPath: checkpoint,
        includeMetadata: setting("METADATA") == "1"
    )
    configuration.now = { end + 3600 }
    let collector = try AuditLogsCollector(client: client, configuration: configuration)
    let outcome: Result<CollectionSummary, CollectorError>
    do {
        outcome = .success(try await ShutdownSignals.run { try await collector.run() })
    } catch let error as CollectorError {
        outcome = .failure(error)
    } catch {
        fail("collector failed: \(error)", code: 3)
    }
    try? await client.shutdown()
    switch outcome {
    case .success(let summary):
        print(
            "delivered=\(summary.delivered) duplicates=\(summary.duplicatesSkipped) interrupted=\(summary.interrupted)"
        )
        exit(summary.interrupted ? 130 : 0)
    case .failure(let error) where error.code == .alreadyRunning:
        fail("collector refused: \(error)", code: 73)
    case .failure(let error):
        fail("collector failed: \(error)", code: 3)
    }
} catch {
    fail("setup failed: \(error)", code: 2)
}
