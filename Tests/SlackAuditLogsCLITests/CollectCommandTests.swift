import Foundation
import SlackAuditLogs
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The arguments that collect every event of ``withSimulator(events:seed:tokens:rateLimit:faults:_:)``.
///
/// The CLI keeps to Slack's 50 calls a minute; a job of fewer calls goes at full speed, and the collector spends about
/// one call per page, so these tests stay short.
let wholeRange = [
    "--since", String(referenceNow - 90_000), "--until", String(referenceNow), "--settle-lag", "0",
]

@Suite("collect: every event exactly once, resumable")
struct CollectCommandTests {
    @Test("collect to a file with a checkpoint: every event exactly once; a second run adds nothing")
    func toFile() async throws {
        try await withSimulator(events: 2000) { simulator in
            try await withTemporaryDirectory { directory in
                let output = directory + "/audit.ndjson"
                let checkpoint = directory + "/audit.checkpoint.json"
                let arguments =
                    ["collect", "--output", output, "--checkpoint", checkpoint] + wholeRange + simulator.apiArguments
                let result = try await CLI.run(arguments, environment: simulator.tokenEnvironment)
                #expect(result.status == 0, "\(result)")
                #expect(result.output.isEmpty, "the events go to the file")
                let expected = simulator.events.map(\.id.description)
                let text = try String(contentsOfFile: output, encoding: .utf8)
                expectExactlyOnce(try entryIDs(ofNDJSON: text), expected)
                #expect(FileManager.default.fileExists(atPath: checkpoint))

                let again = try await CLI.run(arguments, environment: simulator.tokenEnvironment)
                #expect(again.status == 0, "\(again)")
                #expect(try String(contentsOfFile: output, encoding: .utf8) == text, "nothing new, nothing written")
            }
        }
    }

    @Test("collect stopped by SIGINT exits 130, and the next run completes with every event exactly once")
    func resumeAfterInterrupt() async throws {
        // 20 pages at 300 ms each: long enough to be interrupted part way.
        let faults = SimulatorFaults(latency: .milliseconds(300)...(.milliseconds(300)))
        try await withSimulator(events: 2000, faults: faults) { simulator in
            try await withTemporaryDirectory { directory in
                let output = directory + "/audit.ndjson"
                let checkpoint = directory + "/audit.checkpoint.json"
                let arguments =
                    ["collect", "--output", output, "--checkpoint", checkpoint, "--limit", "100"] + wholeRange
                    + simulator.apiArguments
                let first = try CLIProcess.start(arguments, environment: simulator.tokenEnvironment)
                let wrote = try await eventually {
                    ((try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0) > 0
                }
                #expect(wrote, "the first run wrote something")
                first.send(SIGINT)
                let interrupted = await first.wait(timeout: .seconds(60))
                #expect(interrupted.status == 130, "\(interrupted)")
                for crash in ["Fatal error", "Stack dump"] { #expect(!interrupted.errorText.contains(crash)) }
                let partial = try entryIDs(ofNDJSON: try String(contentsOfFile: output, encoding: .utf8))
                #expect(!partial.isEmpty && partial.count < 2000, "stopped part way: \(partial.count) events")

                let second = try await CLI.run(arguments, environment: simulator.tokenEnvironment)
                #expect(second.status == 0, "\(second)")
                let text = try String(contentsOfFile: output, encoding: .utf8)
                expectExactlyOnce(try entryIDs(ofNDJSON: text), simulator.events.map(\.id.description))
            }
        }
    }

    @Test("A second collect on the same files exits 73 at once, naming the first one's pid; the first goes on")
    func secondCollectorRefused() async throws {
        let faults = SimulatorFaults(latency: .milliseconds(300)...(.milliseconds(300)))
        try await withSimulator(events: 2000, faults: faults) { simulator in
            try await withTemporaryDirectory { directory in
                let output = directory + "/audit.ndjson"
                let arguments =
                    ["collect", "--output", output, "--checkpoint", directory + "/audit.ckpt", "--limit", "100"]
                    + wholeRange + simulator.apiArguments
                let first = try CLIProcess.start(arguments, environment: simulator.tokenEnvironment)
                let wrote = try await eventually {
                    ((try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0) > 0
                }
                #expect(wrote, "the first run wrote something")
                let second = try await CLI.run(arguments, environment: simulator.tokenEnvironment)
                expectCleanFailure(second, status: 73)
                #expect(
                    second.errorText.contains("Another collector (pid \(first.process.processIdentifier))"),
                    "\(second)"
                )
                let finished = await first.wait(timeout: .seconds(120))
                #expect(finished.status == 0, "\(finished)")
                let text = try String(contentsOfFile: output, encoding: .utf8)
                expectExactlyOnce(try entryIDs(ofNDJSON: text), simulator.events.map(\.id.description))
            }
        }
    }

    @Test(
        "collect --plan probes with at most two calls, prints events, calls and time per worker count, writes nothing"
    )
    func plan() async throws {
        try await withSimulator(events: 2000) { simulator in
            try await withTemporaryDirectory { directory in
                let output = directory + "/audit.ndjson"
                let checkpoint = directory + "/audit.ckpt"
                let result = try await CLI.run(
                    [
                        "collect", "--plan", "--workers", "2", "--limit", "300", "--output", output, "--checkpoint",
                        checkpoint,
                    ]
                        + wholeRange + simulator.apiArguments,
                    environment: simulator.tokenEnvironment
                )
                #expect(result.status == 0, "\(result)")
                #expect(simulator.logsRequests.count <= 2)
                #expect(
                    result.outputText.contains("Events: about") || result.outputText.contains("Events: 2,000 (exact)")
                )
                #expect(result.outputText.contains("WORKERS  CALLS  DURATION"), "\(result.outputText)")
                let rows = result.outputLines.filter { $0.first?.isNumber == true }
                #expect(rows.map { $0.split(separator: " ").first.map(String.init) } == ["1", "2", "3", "4"])
                for path in [output, checkpoint, checkpoint + ".lock", checkpoint + ".spool"] {
                    #expect(!FileManager.default.fileExists(atPath: path), "\(path) was not written")
                }
            }
        }
    }

    @Test("collect without --output writes NDJSON to standard output")
    func toStandardOutput() async throws {
        try await withSimulator(events: 1500) { simulator in
            let result = try await CLI.run(
                ["collect"] + wholeRange + simulator.apiArguments,
                environment: simulator.tokenEnvironment
            )
            #expect(result.status == 0, "\(result)")
            expectExactlyOnce(try entryIDs(ofNDJSON: result.outputText), simulator.events.map(\.id.description))
            let rendered = Set(simulator.events.map { String(decoding: simulator.renderJSON(of: $0), as: UTF8.self) })
            #expect(result.outputLines.allSatisfy { rendered.contains($0) }, "each line is an entry as Slack sent it")
        }
    }

    @Test("collect --action and --actor reach the API on every call")
    func filters() async throws {
        try await withSimulator(events: 1500) { simulator in
            let result = try await CLI.run(
                ["collect", "--action", "user_login,file_downloaded", "--actor", "W0NOBODY"] + wholeRange
                    + simulator.apiArguments,
                environment: simulator.tokenEnvironment
            )
            #expect(result.status == 0, "\(result)")
            let requests = simulator.logsRequests
            #expect(!requests.isEmpty)
            for request in requests {
                #expect(request.queryParameters["action"] == "user_login,file_downloaded")
                #expect(request.queryParameters["actor"] == "W0NOBODY")
            }
        }
    }

    @Test("Against a simulator on loopback --rate may exceed Slack's 50: many small pages, fast, exactly once")
    func rateAboveFiftyOnLoopback() async throws {
        try await withSimulator(events: 2000) { simulator in
            try await withTemporaryDirectory { directory in
                let output = directory + "/audit.ndjson"
                let arguments =
                    ["collect", "--output", output, "--rate", "6000", "--limit", "100", "--verbose"] + wholeRange
                    + simulator.apiArguments
                let result = try await CLI.run(arguments, environment: simulator.tokenEnvironment)
                #expect(result.status == 0, "\(result)")
                let text = try String(contentsOfFile: output, encoding: .utf8)
                expectExactlyOnce(try entryIDs(ofNDJSON: text), simulator.events.map(\.id.description))
                #expect(result.errorText.contains("answered 429"), "the rate limiter's figures are reported")
            }
        }
    }

    @Test("collect --rate 60 against Slack is refused: exit 64")
    func rateAboveSlacksLimit() async throws {
        let result = try await CLI.run(
            ["collect", "--rate", "60", "--output", "/dev/null"] + wholeRange,
            environment: ["SLACK_AUDIT_TOKEN": recognizableToken]
        )
        expectCleanFailure(result, status: 64)
        #expect(result.errorText.contains("--rate must be from 1 to 50 calls per minute, got 60"), "\(result)")
    }
}
