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
/// The CLI keeps to Slack's 50 calls a minute (a burst of 3, then one call every 1.2 s): one-day windows keep the
/// call count, and so the tests, short.
let wholeRange = [
    "--since", String(referenceNow - 90_000), "--until", String(referenceNow), "--settle-lag", "0", "--window", "1d",
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
        let faults = SimulatorFaults(latency: .milliseconds(20)...(.milliseconds(40)))
        try await withSimulator(events: 1000, faults: faults) { simulator in
            try await withTemporaryDirectory { directory in
                let output = directory + "/audit.ndjson"
                let checkpoint = directory + "/audit.checkpoint.json"
                let arguments =
                    ["collect", "--output", output, "--checkpoint", checkpoint, "--limit", "200"] + wholeRange
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
                #expect(!partial.isEmpty && partial.count < 1000, "stopped part way: \(partial.count) events")

                let second = try await CLI.run(arguments, environment: simulator.tokenEnvironment)
                #expect(second.status == 0, "\(second)")
                let text = try String(contentsOfFile: output, encoding: .utf8)
                expectExactlyOnce(try entryIDs(ofNDJSON: text), simulator.events.map(\.id.description))
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
        #expect(result.errorText.contains("--rate must be more than 0 and at most 50"), "\(result)")
    }
}
