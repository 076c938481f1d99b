import Foundation
import Logging
import PostgresNIO
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsCommands
import SlackAuditLogsPostgreSQL
import SlackAuditLogsSimulator

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// serve's PostgreSQL store against the database at `url` (Scripts/postgres-benchmarks.sh makes a fresh cluster):
///
/// 1. commits: pages of 1,000 realistic entries, each page one fenced transaction (lease check, insert, checkpoint),
///    as the collector makes them: entries and pages committed per second;
/// 2. the cost of fencing: the lease check (`SELECT … FOR UPDATE` of the lease row) in a transaction, against the
///    same transaction without it;
/// 3. failover: three `slack-audit-logs-postgres serve` instances on one simulated organization; `kills` times the
///    holder is killed with SIGKILL mid-page, and the time until another holds the lease, and until its first
///    call to Slack, is measured.
///
///     swift run -c release slack-audit-logs-benchmarks postgres URL [kills]
func postgresBenchmark(url: String, kills: Int) async throws {
    let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
    let parsed = try PostgresURL(parsing: url)
    let client = PostgresClient(configuration: try parsed.clientConfiguration(), backgroundLogger: logger)
    let running = Task.detached { await client.run() }
    defer { running.cancel() }
    let session = PostgresSession(client: client, logger: logger, deadline: .seconds(120))
    _ = try await PostgresSchema.migrate(session)
    print("PostgreSQL store benchmark: \(parsed.location)")
    // Pages as the collector commits them: 9,999 entries is a full page of Slack's (the collector asks for the
    // largest), 1,000 a smaller one (a poll that finds fewer new events commits less).
    for pageSize in [1000, 9999] { try await commitBenchmark(session, pageSize: pageSize) }
    try await fencingBenchmark(session)
    if kills > 0 { try await failoverBenchmark(url: url, session: session, kills: kills) }
}

private func commitBenchmark(_ session: PostgresSession, pageSize: Int) async throws {
    let pages = 100_000 / pageSize
    guard case .array(let values)? = SamplePage.page(entries: pageSize * pages, seed: UInt64(pageSize))["entries"]
    else { return }
    let entries = try values.map { try RawLogEntry(parsing: $0.jsonBytes(sortedKeys: false)) }
    let bytes = entries.reduce(0) { $0 + $1.bytes.count }
    let organization = "bench-\(UUID().uuidString.prefix(8))"
    let fence = try await benchmarkLease(organization, session)
    let journal = PostgresJournal(session: session, fence: fence)
    var checkpoint = Checkpoint(filters: [:], start: 0)
    var commitTimes: [Double] = []
    let started = ContinuousClock.now
    for page in 0..<pages {
        let batch = JournalBatch(entries: Array(entries[(page * pageSize)..<((page + 1) * pageSize)]))
        let commitStart = ContinuousClock.now
        try await journal.commit(batch, checkpoint: &checkpoint)
        commitTimes.append(seconds(ContinuousClock.now - commitStart) * 1000)
    }
    let elapsed = seconds(ContinuousClock.now - started)
    commitTimes.sort()
    print(
        "  commits: \(pages) pages of \(pageSize) entries (\(bytes / pages / pageSize) bytes each on average), one "
            + "fenced transaction per page"
    )
    print(
        "    \(String(format: "%.0f", Double(pages * pageSize) / elapsed)) entries/s, "
            + "\(String(format: "%.1f", Double(pages) / elapsed)) pages/s, "
            + "\(String(format: "%.1f", Double(bytes) / elapsed / 1e6)) MB/s; a page's commit: median "
            + "\(String(format: "%.1f", commitTimes[pages / 2])) ms, max "
            + "\(String(format: "%.1f", commitTimes[pages - 1])) ms"
    )
    print(
        "    Slack's budget feeds at most 50 pages a minute (≈ 500,000 entries/min ≈ 8,300 entries/s): "
            + "\(String(format: "%.1f", Double(pages * pageSize) / elapsed / (50 * 9999 / 60)))× that"
    )
}

/// A lease of `organization` held by the benchmark for an hour, and its fence.
private func benchmarkLease(_ organization: String, _ session: PostgresSession) async throws -> LeaseFence {
    try await session.run { connection, logger in
        _ = try await connection.query(
            """
            INSERT INTO slack_audit_logs_leases (org, holder, epoch, expires_at)
            VALUES (\(organization), 'bench#1', 1, now() + interval '1 hour')
            """,
            logger: logger
        )
    }
    return LeaseFence(lease: ServeLease(organization: organization, epoch: 1), holder: "bench#1") { _ in }
}

private func fencingBenchmark(_ session: PostgresSession) async throws {
    let organization = "fence-\(UUID().uuidString.prefix(8))"
    let fence = try await benchmarkLease(organization, session)
    let rounds = 2000
    func time(_ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> Void) async throws -> Double {
        var samples: [Double] = []
        for _ in 0..<5 {
            let start = ContinuousClock.now
            for _ in 0..<rounds { try await session.transaction(body) }
            samples.append(seconds(ContinuousClock.now - start) / Double(rounds) * 1e6)
        }
        return samples.sorted()[2]
    }
    let plain = try await time { connection, logger in
        try await connection.query("SELECT 1", logger: logger)
    }
    let fenced = try await time { connection, logger in
        try await fence.check(connection, logger: logger)
    }
    print("  fencing: \(rounds) transactions × 5, median of the 5")
    print(
        "    a transaction with SELECT 1: \(String(format: "%.0f", plain)) µs; with the lease check instead: "
            + "\(String(format: "%.0f", fenced)) µs; the check costs \(String(format: "%.0f", fenced - plain)) µs "
            + "per commit"
    )
}

private func failoverBenchmark(url: String, session: PostgresSession, kills: Int) async throws {
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("slack-audit-logs-postgres").path
    guard FileManager.default.isExecutableFile(atPath: executable) else {
        print("  failover: build slack-audit-logs-postgres first (swift build -c release)")
        return
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ha-bench-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let organization = "failover-\(UUID().uuidString.prefix(8).lowercased())"
    let token = "xoxp-1000000000-bench-\(UUID().uuidString.lowercased())"
    let now = Int64(Date().timeIntervalSince1970)
    let simulator = try await AuditLogsSimulator.start(
        configuration: AuditLogsSimulator.Configuration(
            tokens: [token],
            events: AuditLogsSimulator.EventBatch(count: 5000, oldest: now - 86_400, latest: now - 60),
            defaultLimit: 1000,
            rateLimit: .unlimited,
            faults: SimulatorFaults(latency: .milliseconds(300)...(.milliseconds(500)))
        )
    )
    try (token + "\n").write(toFile: "\(folder)/token", atomically: true, encoding: .utf8)
    try (url + "\n").write(toFile: "\(folder)/database-url", atomically: true, encoding: .utf8)
    chmod("\(folder)/database-url", 0o600)
    func start(_ name: String) throws -> Process {
        let yaml = """
            database:
              url_file: \(folder)/database-url
              lease_ttl: 3s
              instance_name: \(name)
            defaults:
              rate_per_minute: 6000
              poll_interval: 1s
              retry_max: 1s
              settle_lag: 0
              backfill: 2d
            organizations:
              - name: \(organization)
                token_file: \(folder)/token
                api_url: \(simulator.baseURL)

            """
        try yaml.write(toFile: "\(folder)/\(name).yaml", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--config", "\(folder)/\(name).yaml", "--log-level", "warning"]
        process.environment = ["PATH": "/usr/bin:/bin"]
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        return process
    }
    func lease() async throws -> (instance: String, epoch: Int64, live: Bool)? {
        try await session.run { connection, logger in
            var found: (String, Int64, Bool)?
            for try await row in try await connection.query(
                "SELECT holder, epoch, expires_at > now() FROM slack_audit_logs_leases WHERE org = \(organization)",
                logger: logger
            ) {
                let (holder, epoch, live) = try row.decode((String?, Int64, Bool).self)
                if let holder { found = (String(holder.prefix { $0 != "#" }), epoch, live) }
            }
            return found
        }
    }
    var instances: [String: Process] = [:]
    for name in ["node-1", "node-2", "node-3"] { instances[name] = try start(name) }
    let feeder = Task {
        while !Task.isCancelled {
            let second = Int64(Date().timeIntervalSince1970) + 1
            _ = try? simulator.generateEvents(count: 20, oldest: second, latest: second)
            try? await Task.sleep(for: .seconds(1))
        }
    }
    var takeovers: [Double] = []
    var resumed: [Double] = []
    for _ in 0..<kills {
        var current: (instance: String, epoch: Int64, live: Bool)?
        while current?.live != true {
            current = try await lease()
            try await Task.sleep(for: .milliseconds(50))
        }
        guard let holder = current, let process = instances[holder.instance] else { break }
        // Mid-page: a call is in flight (each takes 300–500 ms) when the holder dies.
        let calls = simulator.counters.requests
        while simulator.counters.requests == calls { try await Task.sleep(for: .milliseconds(10)) }
        let killedAt = ContinuousClock.now
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        while true {
            if let next = try await lease(), next.live, next.epoch > holder.epoch, next.instance != holder.instance {
                takeovers.append(seconds(ContinuousClock.now - killedAt))
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        // The first call under the new lease (its user agent names the lease).
        let marker = "; lease "
        while true {
            let newer = simulator.requests.contains { request in
                request.receivedAt > killedAt
                    && (request.headers.first { $0.name.lowercased() == "user-agent" }?.value
                        .components(separatedBy: marker).last
                        .flatMap { Int64($0.prefix { $0.isNumber }) } ?? 0) > holder.epoch
            }
            if newer { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        resumed.append(seconds(ContinuousClock.now - killedAt))
        instances[holder.instance] = try start(holder.instance)
        try await Task.sleep(for: .seconds(2))
    }
    feeder.cancel()
    for process in instances.values {
        process.terminate()
        process.waitUntilExit()
    }
    try? await simulator.shutdown()
    func summary(_ values: [Double]) -> String {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return "none" }
        return "median \(String(format: "%.2f", sorted[sorted.count / 2])) s, max "
            + "\(String(format: "%.2f", sorted[sorted.count - 1])) s, min \(String(format: "%.2f", sorted[0])) s"
    }
    print(
        "  failover: 3 instances, lease TTL 3 s (renewed every 1 s), \(takeovers.count) SIGKILLs of the holder mid-page"
    )
    print("    kill → another instance holds the lease: \(summary(takeovers))")
    print("    kill → its first call to Slack:          \(summary(resumed))")
}
