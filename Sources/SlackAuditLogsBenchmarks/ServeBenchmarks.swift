import Foundation
import SlackAuditLogs
import SlackAuditLogsSimulator

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `serve` for `organizations` simulated organizations for `minutes`, collecting and shipping to a `_bulk`
/// endpoint, while each simulator gains `eventsPerSecond` new events a second: prints the process's RSS and CPU
/// each minute, then whether RSS at the last minute is within 10% of minute 2 (the steady state, no leak).
///
///     swift run -c release slack-audit-logs-benchmarks serve [organizations] [minutes]
func serveBenchmark(organizations: Int, minutes: Int, eventsPerSecond: Int = 5) async throws {
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("slack-audit-logs").path
    guard FileManager.default.isExecutableFile(atPath: executable) else {
        print("serve benchmark: build slack-audit-logs first (swift build -c release)")
        return
    }
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("serve-bench-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }

    // The SIEM: a `_bulk` endpoint that accepts every document (counting them), as fast as loopback allows.
    let accepted = Counter()
    let bulk = try await LoopbackHTTPServer.start(requestLogLimit: 0) { request in
        let documents = request.body.split(separator: UInt8(ascii: "\n")).count / 2
        accepted.add(documents)
        let items = Array(repeating: #"{"create":{"status":201}}"#, count: documents).joined(separator: ",")
        return .ok(#"{"took":1,"errors":false,"items":[\#(items)]}"#)
    }
    var simulators: [AuditLogsSimulator] = []
    var yaml = """
        http:
          listen: 127.0.0.1:0
        state_directory: \(folder)/state
        defaults:
          poll_interval: 10s
          settle_lag: 0
          backfill: 2d
        organizations:

        """
    let now = Int64(Date().timeIntervalSince1970)
    for index in 0..<organizations {
        let token = "xoxp-\(1_000_000_000 + index)-bench-\(UUID().uuidString.lowercased())"
        let simulator = try await AuditLogsSimulator.start(
            configuration: AuditLogsSimulator.Configuration(
                tokens: [token],
                seed: UInt64(100 + index),
                events: AuditLogsSimulator.EventBatch(
                    count: 20_000,
                    oldest: now - 86_400,
                    latest: now - 60,
                    seed: UInt64(100 + index)
                ),
                rateLimit: .tier3,
                requestLogLimit: 0
            )
        )
        simulators.append(simulator)
        let tokenFile = "\(folder)/org\(index).token"
        try (token + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
        yaml += """
              - name: org\(index)
                token_file: \(tokenFile)
                api_url: \(simulator.baseURL)
                segment_size: 4MiB
                retention: 2m
                sinks:
                  - type: elasticsearch
                    url: http://127.0.0.1:\(bulk.port)
                    index: org\(index)-%Y.%m

            """
    }
    let configPath = "\(folder)/serve.yaml"
    try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["serve", "--config", configPath, "--log-level", "warning"]
    process.environment = ["PATH": "/usr/bin:/bin"]
    let log = FileHandle(forWritingAtPath: "/dev/null")
    process.standardError = log
    process.standardOutput = log
    try process.run()
    let pid = process.processIdentifier
    print(
        "serve benchmark: \(organizations) organizations (20,000 events each to start, \(eventsPerSecond)/s each "
            + "after), Tier 3 rate limit, _bulk sink, \(minutes) min"
    )
    print("minute  RSS MB  CPU % (of one core, that minute)  events delivered  calls")

    // New events, every second, for every organization: dated a second ahead, so that each poll finds them.
    let feeder = Task {
        while !Task.isCancelled {
            let second = Int64(Date().timeIntervalSince1970) + 1
            for simulator in simulators {
                _ = try? simulator.generateEvents(count: eventsPerSecond, oldest: second, latest: second)
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
    var samples: [Double] = []
    var lastCPU = cpuSeconds(pid)
    for minute in 1...minutes {
        try await Task.sleep(for: .seconds(60))
        let cpu = cpuSeconds(pid)
        let rss = residentMegabytes(pid)
        samples.append(rss)
        let calls = simulators.map(\.counters.requests).reduce(0, +)
        print(
            "\(String(format: "%6d", minute))  \(String(format: "%6.1f", rss))  "
                + "\(String(format: "%5.1f", (cpu - lastCPU) / 60 * 100))"
                + "                             \(String(format: "%16d", accepted.value))  \(calls)"
        )
        lastCPU = cpu
    }
    feeder.cancel()
    process.terminate()
    process.waitUntilExit()
    if samples.count >= 2 {
        let growth = (samples[samples.count - 1] - samples[1]) / samples[1] * 100
        print(
            "RSS at minute \(samples.count) vs minute 2: \(String(format: "%+.1f", growth))% "
                + (abs(growth) <= 10 ? "(within 10%: steady)" : "(more than 10%)")
        )
    }
    print("serve exited with \(process.terminationStatus) after SIGTERM")
    for simulator in simulators { try? await simulator.shutdown() }
    try? await bulk.shutdown()
}

/// A thread-safe running total.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    func add(_ count: Int) { lock.withLock { total += count } }
    var value: Int { lock.withLock { total } }
}

/// User + system CPU seconds of process `pid` (from /proc; 0 where there is none).
private func cpuSeconds(_ pid: Int32) -> Double {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let close = text.lastIndex(of: ")")
    else { return 0 }
    let fields = text[text.index(after: close)...].split(separator: " ")
    // After the command: state is field 3; utime and stime are fields 14 and 15.
    guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// Resident memory of process `pid`, in MB (from /proc; 0 where there is none).
private func residentMegabytes(_ pid: Int32) -> Double {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
    else { return 0 }
    let kilobytes = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
    return kilobytes / 1024
}
