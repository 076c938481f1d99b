import Foundation
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One collector process: started, then killed or waited for.
///
/// Waiting never blocks a thread: the simulator serves from the same process's concurrency pool.
struct HelperRun {
    let process: Process
    let standardError: Pipe
    let exits: AsyncStream<Int32>

    static func start(environment: [String: String]) throws -> HelperRun {
        let process = Process()
        process.executableURL = try builtExecutable(named: "CollectorCrashHelper")
        process.arguments = []
        process.environment = environment
        let standardError = Pipe()
        process.standardError = standardError
        process.standardOutput = FileHandle.nullDevice
        let exits = try process.runReportingExit()
        return HelperRun(process: process, standardError: standardError, exits: exits)
    }

    /// Waits for the process to end; returns its exit status, or the signal that ended it (negated).
    func wait() async -> Int32 {
        for await status in exits { return status }
        return process.terminationReason == .uncaughtSignal ? -process.terminationStatus : process.terminationStatus
    }

    var errorText: String {
        String(decoding: standardError.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}

@Suite("Crash safety: the collector killed at random moments")
struct CrashTests {
    struct Outcome: CustomStringConvertible {
        var runs = 0
        var kills = 0
        var events = 0
        var duplicates = 0
        var missing = 0
        var extra = 0
        var description: String {
            "runs=\(runs) kills=\(kills) events=\(events) duplicates=\(duplicates) missing=\(missing) extra=\(extra)"
        }
    }

    /// Starts the helper again and again, killing it with SIGKILL after a random delay, `kills` times; then lets the
    /// last run finish and checks the output.
    func crashAndRecover(
        simulatorConfiguration: AuditLogsSimulator.Configuration,
        kills: Int,
        settings: [String: String]
    ) async throws -> Outcome {
        try await withSimulatedOrg(simulatorConfiguration) { simulator, _ in
            try await withTemporaryDirectory { directory in
                let start = referenceNow - 90_000
                let end = referenceNow - 1800
                var environment = settings
                environment["SLACK_AUDIT_TOKEN"] = simulator.token
                environment["COLLECTOR_HELPER_BASE_URL"] = simulator.baseURL
                environment["COLLECTOR_HELPER_OUTPUT"] = directory + "/audit.ndjson"
                environment["COLLECTOR_HELPER_CHECKPOINT"] = directory + "/checkpoint.json"
                environment["COLLECTOR_HELPER_START"] = String(start)
                environment["COLLECTOR_HELPER_END"] = String(end)

                var outcome = Outcome()
                var delays: [Int] = []
                while outcome.kills < kills {
                    let run = try HelperRun.start(environment: environment)
                    outcome.runs += 1
                    let delay = Int.random(in: 30...450)
                    try await Task.sleep(for: .milliseconds(delay))
                    if run.process.isRunning {
                        kill(run.process.processIdentifier, SIGKILL)
                        let status = await run.wait()
                        if status == -SIGKILL {
                            outcome.kills += 1
                            delays.append(delay)
                            continue
                        }
                    }
                    let status = await run.wait()
                    guard status == 0 else {
                        throw TestSupportFailure(message: "The helper exited with \(status): \(run.errorText)")
                    }
                    // It finished before being killed: the range is done; more kills would prove nothing.
                    break
                }
                let last = try HelperRun.start(environment: environment)
                outcome.runs += 1
                let status = await last.wait()
                #expect(status == 0, "the final run finishes: \(last.errorText)")

                let entries = try outputEntries(directory + "/audit.ndjson")
                let ids = entries.map(\.id)
                if settings["COLLECTOR_HELPER_ORDER"] == "oldestFirst" {
                    let dates = entries.map(\.dateCreate)
                    #expect(dates == dates.sorted(), "oldest first across every crash")
                }
                let expected = simulator.events.map(\.id.description)
                outcome.events = expected.count
                let result = expectExactlyOnce(ids, expected)
                outcome.duplicates = result.duplicates
                outcome.missing = result.missing
                outcome.extra = result.extra
                print("Crash test (\(settings)): \(outcome); kill delays (ms): \(delays)")
                return outcome
            }
        }
    }

    @Test("Killed with SIGKILL 20 times: every event exactly once")
    func sigkill() async throws {
        var configuration = AuditLogsSimulator.Configuration(rateLimit: .unlimited, requestLogLimit: 0)
        configuration.events = events(count: 60_000, rateProfile: .bursty(burstProbability: 0.05, burstSize: 400))
        configuration.faults = SimulatorFaults(latency: .milliseconds(1)...(.milliseconds(3)))
        let outcome = try await crashAndRecover(
            simulatorConfiguration: configuration,
            kills: 20,
            settings: ["COLLECTOR_HELPER_LIMIT": "400"]
        )
        #expect(outcome.kills == 20)
    }

    @Test("Killed 20 times while the API resets connections, fails with 5xx and 429, truncates bodies")
    func sigkillWithFaults() async throws {
        var configuration = AuditLogsSimulator.Configuration(rateLimit: .unlimited, requestLogLimit: 0)
        configuration.events = events(count: 60_000, rateProfile: .bursty(burstProbability: 0.05, burstSize: 400))
        configuration.faults = SimulatorFaults(
            seed: 11,
            rules: [
                .init(.resetMidBody, probability: 0.04),
                .init(.truncatedBody, probability: 0.04),
                .init(.closeBeforeResponse, probability: 0.03),
                .init(.serverError(503), probability: 0.04),
                .init(.serverErrorHTML(502), probability: 0.03),
                .init(.rateLimited, probability: 0.04),
            ],
            latency: .milliseconds(1)...(.milliseconds(3))
        )
        let outcome = try await crashAndRecover(
            simulatorConfiguration: configuration,
            kills: 20,
            settings: [
                "COLLECTOR_HELPER_LIMIT": "400",
                "COLLECTOR_HELPER_WORKERS": "3",
                "COLLECTOR_HELPER_METADATA": "1",
            ]
        )
        #expect(outcome.kills == 20)
    }

    @Test("Killed 20 times in oldest-first order with parallel workers")
    func sigkillOldestFirst() async throws {
        var configuration = AuditLogsSimulator.Configuration(rateLimit: .unlimited, requestLogLimit: 0)
        configuration.events = events(count: 40_000, rateProfile: .bursty(burstProbability: 0.05, burstSize: 400))
        configuration.faults = SimulatorFaults(latency: .milliseconds(1)...(.milliseconds(3)))
        let outcome = try await crashAndRecover(
            simulatorConfiguration: configuration,
            kills: 20,
            settings: [
                "COLLECTOR_HELPER_LIMIT": "300",
                "COLLECTOR_HELPER_WORKERS": "2",
                "COLLECTOR_HELPER_ORDER": "oldestFirst",
            ]
        )
        #expect(outcome.kills == 20)
    }

    @Test("SIGTERM stops the collector gracefully: it exits 130 with its checkpoint in step with the output")
    func sigterm() async throws {
        var configuration = AuditLogsSimulator.Configuration(rateLimit: .unlimited, requestLogLimit: 0)
        configuration.events = events(count: 20_000)
        configuration.faults = SimulatorFaults(latency: .milliseconds(5)...(.milliseconds(10)))
        try await withSimulatedOrg(configuration) { simulator, _ in
            try await withTemporaryDirectory { directory in
                let environment = [
                    "SLACK_AUDIT_TOKEN": simulator.token,
                    "COLLECTOR_HELPER_BASE_URL": simulator.baseURL,
                    "COLLECTOR_HELPER_OUTPUT": directory + "/audit.ndjson",
                    "COLLECTOR_HELPER_CHECKPOINT": directory + "/checkpoint.json",
                    "COLLECTOR_HELPER_START": String(referenceNow - 90_000),
                    "COLLECTOR_HELPER_END": String(referenceNow - 1800),
                    "COLLECTOR_HELPER_LIMIT": "100",
                ]
                let run = try HelperRun.start(environment: environment)
                // Wait until it has written something, then ask it to stop.
                let output = directory + "/audit.ndjson"
                for _ in 0..<500 {
                    let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
                    if size > 0 { break }
                    try await Task.sleep(for: .milliseconds(10))
                }
                kill(run.process.processIdentifier, SIGTERM)
                #expect(await run.wait() == 130, "interrupted exit: \(run.errorText)")
                let checkpoint = try JSONValue(
                    parsing: Array(try Data(contentsOf: URL(fileURLWithPath: directory + "/checkpoint.json")))
                )
                let size = try FileManager.default.attributesOfItem(atPath: output)[.size] as? Int
                #expect(checkpoint["output_offset"]?.intValue == size.map(Int64.init), "nothing after the checkpoint")
                let partial = try outputEntries(output)
                #expect(checkpoint["delivered"]?.intValue == Int64(partial.count))
                #expect(partial.count < 20_000)

                #expect(try await HelperRun.start(environment: environment).wait() == 0)
                expectExactlyOnce(try outputEntries(output).map(\.id), simulator.events.map(\.id.description))
            }
        }
    }
}
