import Foundation
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsSimulator
import Synchronization

/// End-to-end collection from the in-process simulator (no rate limit) to an NDJSON file: entries per second, output
/// MB/s, and the process's working memory above the simulator's event store, sampled while collecting.
func collectorBenchmarks(counts: [Int]) async throws {
    print("")
    print(
        "collector end to end (simulator in-process, no rate limit, 9,999-entry pages, fsync + checkpoint per page; "
            + "oldest first through the spool)"
    )
    let end: Int64 = 1_700_000_000
    for count in counts {
        let variants: [(Int, AuditLogsCollector.OutputOrder)] = [
            (1, .asFetched), (4, .asFetched), (1, .oldestFirst), (4, .oldestFirst),
        ]
        for (workers, order) in variants {
            let simulator = try await AuditLogsSimulator.start(
                configuration: AuditLogsSimulator.Configuration(
                    seed: 42,
                    events: EventGenerator.Configuration(
                        count: count,
                        oldest: end - 30 * 86_400,
                        latest: end - 1,
                        seed: 42,
                        rateProfile: .bursty()
                    ),
                    rateLimit: .unlimited,
                    requestLogLimit: 0
                )
            )
            let client = try AuditLogsClient(
                token: simulator.token,
                configuration: benchmarkClientConfiguration(baseURL: simulator.baseURL)
            )
            let directory = NSTemporaryDirectory() + "slack-audit-logs-bench-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            var configuration = AuditLogsCollector.Configuration(
                query: LogsQuery(limit: LogsQuery.maximumLimit),
                start: end - 30 * 86_400,
                end: end,
                settleLag: .zero,
                workers: workers,
                order: order,
                output: .file(directory + "/audit.ndjson"),
                checkpointPath: directory + "/checkpoint.json"
            )
            configuration.now = { end + 3600 }
            let collector = try AuditLogsCollector(client: client, configuration: configuration)

            let started = ContinuousClock.now
            let (summary, sampled) = try await sampledMemory { try await collector.run() }
            let elapsed = seconds(ContinuousClock.now - started)
            let bytes = (try? FileManager.default.attributesOfItem(atPath: directory + "/audit.ndjson")[.size] as? Int)
            let megabytes = Double(bytes ?? 0) / 1_000_000
            let label = "\(count) events, \(workers) worker\(workers == 1 ? "" : "s"), \(order)"
            let speed =
                "\(format("%6.2f", elapsed)) s \(format("%9.0f", Double(summary.delivered) / elapsed)) entries/s"
            let memory = "working memory peak +\(format("%.0f", sampled.peak - sampled.baseline)) MB"
            let check = summary.delivered == count ? "" : "  (DELIVERED \(summary.delivered) of \(count))"
            print(
                label.padding(toLength: 44, withPad: " ", startingAt: 0) + " " + speed
                    + " \(format("%6.1f", megabytes / elapsed)) MB/s  \(summary.pages) calls  " + memory + check
            )
            try await client.shutdown()
            try await simulator.shutdown()
        }
    }
}

/// The client used by the benchmarks: no proxy, generous timeout, no retries, no rate limit.
func benchmarkClientConfiguration(baseURL: String) -> AuditLogsClient.Configuration {
    AuditLogsClient.Configuration(
        baseURL: baseURL,
        timeout: .seconds(120),
        proxy: .none,
        retryHandlers: [],
        rateLimiter: nil
    )
}

/// Current resident memory of this process, in MB (Linux: /proc/self/statm; elsewhere the peak so far).
func residentMemoryMegabytes() -> Double {
    #if os(Linux)
    if let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) {
        let fields = text.split(separator: " ")
        if fields.count > 1, let pages = Double(fields[1]) {
            return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
        }
    }
    #endif
    return peakMemoryMegabytes()
}

/// Runs `body` while sampling this process's resident memory every 5 ms; returns its result, the memory before it
/// and the highest sample, in MB.
func sampledMemory<Result: Sendable>(
    _ body: () async throws -> Result
) async rethrows -> (Result, (baseline: Double, peak: Double)) {
    let baseline = residentMemoryMegabytes()
    let peak = Mutex(baseline)
    let sampler = Task {
        while !Task.isCancelled {
            let current = residentMemoryMegabytes()
            peak.withLock { $0 = max($0, current) }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
    let result: Result
    do {
        result = try await body()
    } catch {
        sampler.cancel()
        _ = await sampler.value
        throw error
    }
    sampler.cancel()
    _ = await sampler.value
    return (result, (baseline, peak.withLock { $0 }))
}
