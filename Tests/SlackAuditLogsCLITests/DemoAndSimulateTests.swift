import Foundation
import SlackAuditLogs
import SlackAuditLogsTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("demo and simulate, end to end")
struct DemoAndSimulateTests {
    @Test("demo --events 3000 collects every event once, summarizes them, and names its output file")
    func demo() async throws {
        try await withTemporaryDirectory { directory in
            // Its default output goes to a new directory under TMPDIR: this test's, removed afterwards.
            let result = try await CLI.run(["demo", "--events", "3000"], environment: ["TMPDIR": directory])
            #expect(result.status == 0, "\(result)")
            #expect(result.outputText.contains("each exactly once"), "\(result)")
            #expect(result.outputText.contains("Events by category"), "\(result)")
            #expect(!result.outputText.contains("CHECK FAILED"), "\(result)")
            let match = result.outputLines.lazy.compactMap { $0.firstMatch(of: #/ s to (\S+)$/#) }.first
            let path = try #require(match.map { String($0.output.1) }, "the output file is named: \(result)")
            #expect(path.hasPrefix(directory), "\(path) is under TMPDIR")
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(try entryIDs(ofNDJSON: text).count == 3000)
            #expect(FileManager.default.fileExists(atPath: path + ".checkpoint.json"))
        }
    }

    /// Starts `simulate`, waits for its banner, then runs `body` with the process and the base URL and token it
    /// printed. The process is killed if anything throws: no simulator outlives its test.
    func withSimulateProcess(_ body: (CLIProcess, _ baseURL: String, _ token: String) async throws -> Void) async throws
    {
        let process = try CLIProcess.start(["simulate", "--port", "0", "--events", "500"])
        do {
            var baseURL: String?
            var token: String?
            let ready = try await eventually {
                for line in process.currentOutput().split(separator: "\n") {
                    if line.hasPrefix("base URL:") { baseURL = line.dropFirst(9).trimmingCharacters(in: .whitespaces) }
                    if line.hasPrefix("token:") { token = line.dropFirst(6).trimmingCharacters(in: .whitespaces) }
                }
                return baseURL != nil && token != nil
            }
            guard ready, let baseURL, let token else {
                throw TestSupportFailure(
                    message: "simulate printed no base URL and token. stdout: \(process.currentOutput()); stderr: "
                        + process.currentErrorText()
                )
            }
            try await body(process, baseURL, token)
        } catch {
            if process.process.isRunning {
                process.send(SIGKILL)
                _ = await process.wait()
            }
            throw error
        }
    }

    @Test("simulate serves the API at the URL it prints, with the token it prints, until SIGINT")
    func simulate() async throws {
        try await withSimulateProcess { process, baseURL, token in
            let logs = try await CLI.run(
                ["logs", "--base-url", baseURL, "--limit", "50"],
                environment: ["SLACK_AUDIT_TOKEN": token]
            )
            #expect(logs.status == 0, "\(logs)")
            #expect(logs.outputLines.count >= 50)
            #expect(try entryIDs(ofNDJSON: logs.outputText).count == logs.outputLines.count)
            process.send(SIGINT)
            let result = await process.wait(timeout: .seconds(60))
            #expect(result.status == 0, "\(result)")
            #expect(result.errorText.isEmpty, "\(result)")
        }
    }

    @Test("simulate stops cleanly on a signal sent as soon as its banner appears", arguments: [SIGINT, SIGTERM])
    func simulateStopsAtOnce(_ signal: Int32) async throws {
        try await withSimulateProcess { process, _, _ in
            process.send(signal)
            let result = await process.wait(timeout: .seconds(60))
            #expect(result.status == 0, "\(result)")
        }
    }
}
