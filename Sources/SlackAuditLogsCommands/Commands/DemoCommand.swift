import ArgumentParser
import Foundation
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsSimulator

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "See it work with no token: collect a simulated day of audit events and summarize them.",
        discussion: """
            Starts the built-in simulator on a free loopback port, collects a realistic day of events through the \
            real client and collector (rate limited, 4 workers), writes them to an NDJSON file and prints a summary.
            """
    )

    @Option(help: "Events in the simulated day.")
    var events: Int = 30_000

    @Option(help: "Where to write the NDJSON (default: a new temporary directory).")
    var output: String?

    @Option(help: "Seed of the simulated organization.")
    var seed: UInt64 = 2026

    func validate() throws {
        guard (1...1_000_000).contains(events) else {
            throw ValidationError("--events must be 1 to 1000000, got \(events).")
        }
    }

    func run() async throws {
        try await reportingFailures(verbose: false) {
            let started = ContinuousClock.now
            // Slack's budget is 50 calls a minute; the demo's simulator allows 600 so that a day takes seconds, and
            // the client's rate limiter keeps to it, as it would to Slack's.
            var simulatorConfiguration = AuditLogsSimulator.Configuration(
                seed: seed,
                events: .recent(count: events, span: 86_400, seed: seed, rateProfile: .diurnal),
                rateLimit: .perMinute(600),
                requestLogLimit: 0
            )
            simulatorConfiguration.faults = SimulatorFaults(latency: .milliseconds(20)...(.milliseconds(60)))
            let simulator = try await AuditLogsSimulator.start(configuration: simulatorConfiguration)
            let path = try output ?? Self.temporaryOutput()
            let checkpoint = path + ".checkpoint.json"
            Terminal.diagnostic("Simulator on \(simulator.baseURL) with \(events) events over the last 24 hours.")
            Terminal.diagnostic("Collecting to \(path) …")
            let client = try AuditLogsClient(
                token: simulator.token,
                configuration: AuditLogsClient.Configuration(
                    baseURL: simulator.baseURL,
                    proxy: .none,
                    retryHandlers: .allBuiltIn,
                    rateLimiter: try RateLimiter(.perMinute(600))
                )
            )
            let now = simulator.now
            var configuration = AuditLogsCollector.Configuration(
                query: LogsQuery(limit: 2000),
                start: now - 86_400,
                end: now + 1,
                settleLag: .zero,
                workers: 4,
                output: .file(path),
                checkpointPath: checkpoint,
                recovery: .rescanOutput
            )
            configuration.now = { simulator.now + 1 }
            let summary: CollectionSummary
            let expected: Set<String>
            do {
                let collector = try AuditLogsCollector(client: client, configuration: configuration)
                summary = try await ShutdownSignals.run {
                    try await collector.run { progress in ProgressLine.show(progress, bounded: true) }
                }
                expected = Set(simulator.events.map(\.id.description))
                try await client.shutdown()
                try await simulator.shutdown()
            } catch {
                try? await client.shutdown()
                try? await simulator.shutdown()
                throw error
            }
            Terminal.endStatus()
            if summary.interrupted { throw ExitCode(ExitStatus.interrupted) }
            let report = try DemoReport(path: path, expected: expected)
            Terminal.write(
                report.render(
                    summary: summary,
                    path: path,
                    checkpoint: checkpoint,
                    elapsed: ContinuousClock.now - started
                )
            )
        }
    }

    private static func temporaryOutput() throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("slack-audit-logs-demo-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("audit.ndjson").path
    }
}
