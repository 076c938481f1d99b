import Foundation
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsSimulator

/// Calls per backfill: what the collector spends on each kind of organization, against the optimum of one call per
/// 9,999 entries, and the time it takes under a simulated budget of 600 calls per minute with 200 ms per call.
///
/// Calls are counted at the simulator (every `/logs` request, 429s included).
func callBenchmarks() async throws {
    struct Case {
        var name: String
        var count: Int
        var span: Int64
        var profile: EventRateProfile
    }
    let day: Int64 = 86_400
    let cases = [
        Case(name: "small org, 1 year, uniform", count: 20_000, span: 366 * day, profile: .uniform),
        Case(name: "30 days, uniform", count: 300_000, span: 30 * day, profile: .uniform),
        Case(name: "30 days, bursty (hot seconds)", count: 300_000, span: 30 * day, profile: .bursty()),
        Case(name: "grew over a year (front-loaded)", count: 100_000, span: 366 * day, profile: .growing),
        Case(name: "sparse, 3 a day over 3 years", count: 3_300, span: 3 * 366 * day, profile: .uniform),
    ]
    print("")
    print("calls per backfill: 9,999-entry pages, simulator at 600 calls/min with 200 ms per call, limiter 600/min")
    print("| org | events | optimum | workers | calls | 429s | wall |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    let end: Int64 = 1_750_000_000
    for item in cases {
        for workers in [1, 4] {
            var configuration = AuditLogsSimulator.Configuration(
                seed: 42,
                events: EventGenerator.Configuration(
                    count: item.count,
                    oldest: end - item.span,
                    latest: end - 1,
                    seed: 42,
                    rateProfile: item.profile
                ),
                rateLimit: .perMinute(600)
            )
            configuration.faults = SimulatorFaults(latency: .milliseconds(200)...(.milliseconds(200)))
            let simulator = try await AuditLogsSimulator.start(configuration: configuration)
            var clientConfiguration = benchmarkClientConfiguration(baseURL: simulator.baseURL)
            clientConfiguration.rateLimiter = try RateLimiter(.perMinute(600))
            clientConfiguration.retryHandlers = .allBuiltIn
            let client = try AuditLogsClient(token: simulator.token, configuration: clientConfiguration)
            let directory = NSTemporaryDirectory() + "slack-audit-logs-bench-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var collectorConfiguration = AuditLogsCollector.Configuration(
                start: end - item.span,
                end: end,
                settleLag: .zero,
                workers: workers,
                output: .file(directory + "/audit.ndjson"),
                checkpointPath: directory + "/checkpoint.json"
            )
            collectorConfiguration.now = { end + 3600 }
            let started = ContinuousClock.now
            let summary = try await AuditLogsCollector(client: client, configuration: collectorConfiguration).run()
            let wall = seconds(ContinuousClock.now - started)
            let requests = simulator.requests.filter { $0.path.hasSuffix("/logs") }
            let limited = requests.filter { $0.outcome == .rateLimited }.count
            let optimum = (item.count + LogsQuery.maximumLimit - 1) / LogsQuery.maximumLimit
            print(
                "| \(item.name) | \(item.count) | \(optimum) | \(workers) | \(requests.count) | \(limited) "
                    + "| \(format("%.1f", wall)) s |"
                    + (summary.delivered == item.count ? "" : " DELIVERED \(summary.delivered) OF \(item.count)")
            )
            try await client.shutdown()
            try await simulator.shutdown()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}

/// `pull BASE_URL OLDEST LATEST OUTPUT`: what a program using the library's fast path does, for
/// `Benchmarks/compare.sh` to measure beside Slack's Python SDK: page through `rawLogPages` (the default Tier 3 rate
/// limiter, no retries) and write each entry's bytes and a newline straight to a file, through a 64 KB buffer.
/// The token comes from `SLACK_AUDIT_TOKEN`. Prints the entries and pages.
func pullBenchmark(arguments: [String]) async throws {
    guard arguments.count == 4, let oldest = Int64(arguments[1]), let latest = Int64(arguments[2]),
        let token = ProcessInfo.processInfo.environment["SLACK_AUDIT_TOKEN"]
    else {
        print("usage: SLACK_AUDIT_TOKEN=… slack-audit-logs-benchmarks pull BASE_URL OLDEST LATEST OUTPUT")
        exit(2)
    }
    let client = try AuditLogsClient(
        token: token,
        configuration: AuditLogsClient.Configuration(baseURL: arguments[0], timeout: .seconds(120), proxy: .none)
    )
    guard let output = FileHandle(forWritingAtPath: arguments[3]) ?? createFile(arguments[3]) else {
        print("cannot write \(arguments[3])")
        exit(2)
    }
    var buffer: [UInt8] = []
    buffer.reserveCapacity(64 * 1024 + 16 * 1024)
    var entries = 0
    var pages = 0
    let query = LogsQuery(latest: latest, oldest: oldest, limit: LogsQuery.maximumLimit)
    for try await page in client.rawLogPages(query) {
        pages += 1
        for entry in page.entries {
            buffer.append(contentsOf: entry.bytes)
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= 64 * 1024 {
                output.write(Data(buffer))
                buffer.removeAll(keepingCapacity: true)
            }
            entries += 1
        }
    }
    output.write(Data(buffer))
    try output.close()
    try await client.shutdown()
    print("entries=\(entries) pages=\(pages)")
}

private func createFile(_ path: String) -> FileHandle? {
    guard FileManager.default.createFile(atPath: path, contents: nil) else { return nil }
    return FileHandle(forWritingAtPath: path)
}
