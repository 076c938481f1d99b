import Foundation
import SlackAuditLogsTestSupport
import Testing

/// A base URL where nothing listens: a command that got past validation fails there with 69, not 64.
let unreachableArguments = ["--base-url", "http://127.0.0.1:1/audit/v1/", "--retries", "0"]

@Suite("Bad input and unreachable hosts: one clear message and a documented exit code")
struct UsageErrorTests {
    struct BadInput: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        /// Something the message must say, so that the failure is the expected one.
        var message: String
        /// Whether the command talks to the API (and so takes --base-url).
        var talksToAPI = true
        var testDescription: String { arguments.joined(separator: " ") }
    }

    @Test(
        "Bad input exits 64 with a message saying what is wrong",
        arguments: [
            BadInput(arguments: ["logs", "--oldest", "yesterdayish"], message: "24h"),
            BadInput(arguments: ["logs", "--latest", "2025-13-45"], message: "ISO 8601"),
            BadInput(arguments: ["logs", "--limit", "0"], message: "--limit must be between 1 and 9999, got 0"),
            BadInput(
                arguments: ["logs", "--limit", "10000"],
                message: "--limit must be between 1 and 9999, got 10000"
            ),
            BadInput(arguments: ["logs", "--format", "xml"], message: "'table', 'json', 'ndjson' or 'csv'"),
            BadInput(
                arguments: ["logs", "--oldest", "2025-06-15", "--latest", "2025-06-14"],
                message: "--oldest (2025-06-15T00:00:00Z) is after --latest (2025-06-14T00:00:00Z)"
            ),
            BadInput(arguments: ["logs", "--max-pages", "0"], message: "--max-pages"),
            BadInput(arguments: ["logs", "--fields", "time,two words"], message: "--fields"),
            BadInput(arguments: ["logs", "--log-level", "loud"], message: "'loud' is invalid for '--log-level"),
            BadInput(
                arguments: ["collect", "--order", "newest-first"],
                message: "'newest-first' is invalid for '--order"
            ),
            BadInput(arguments: ["logs", "--timeout", "0"], message: "--timeout"),
            BadInput(arguments: ["logs", "--no-such-option"], message: "--no-such-option"),
            BadInput(arguments: ["actions", "--format", "xml"], message: "'xml'"),
            BadInput(
                arguments: ["collect", "--since", "1d", "--rate", "60"],
                message: "--rate must be",
                talksToAPI: false
            ),
            BadInput(arguments: ["collect", "--since", "1d", "--workers", "0"], message: "--workers"),
            BadInput(arguments: ["collect", "--since", "1d", "--settle-lag", "5 minutes"], message: "90s, 5m, 6h, 1d"),
            BadInput(arguments: ["collect", "--since", "soonish"], message: "24h"),
            BadInput(
                arguments: ["collect", "--since", "1d", "--output", "same", "--checkpoint", "same"],
                message: "different files"
            ),
            BadInput(arguments: ["collect"], message: "--since"),
            // Found by fuzzing (issue 12): each of these crashed, waited for ever, or did nothing, silently.
            BadInput(arguments: ["logs", "--oldest", "99999999999999999w"], message: "--oldest"),
            BadInput(arguments: ["logs", "--latest", "99999999999999999w"], message: "further back than 1970"),
            BadInput(arguments: ["collect", "--since", "99999999999999999w"], message: "--since"),
            BadInput(arguments: ["collect", "--since", "1d", "--until", "99999999999999999d"], message: "--until"),
            BadInput(arguments: ["collect", "--since", "1d", "--interval", "999999999999999d"], message: "--interval"),
            BadInput(
                arguments: ["collect", "--since", "1d", "--settle-lag", "999999999999999h"],
                message: "--settle-lag"
            ),
            BadInput(arguments: ["collect", "--since", "1d", "--recheck", "999999999999999m"], message: "--recheck"),
            BadInput(
                arguments: ["collect", "--since", "1d", "--settle-lag", "106751991167d"],
                message: "--settle-lag takes 0s to 7d"
            ),
            BadInput(arguments: ["collect", "--since", "1d", "--rate", "1e-300"], message: "--rate must be from 1"),
            BadInput(arguments: ["logs", "--rate", "0"], message: "--rate must be from 1"),
            BadInput(arguments: ["logs", "--oldest", "-5"], message: "times cannot be negative"),
            BadInput(arguments: ["collect", "--since", "-5"], message: "times cannot be negative"),
            BadInput(arguments: ["logs", "--action", ""], message: "empty name"),
            BadInput(arguments: ["logs", "--action", ",,,"], message: "empty name"),
            BadInput(arguments: ["logs", "--action", "user_login,,file_downloaded"], message: "empty name"),
            BadInput(
                arguments: ["logs", "--action", String(repeating: "a", count: 100_000)],
                message: "(100000 characters)\" is not an action name"
            ),
            BadInput(arguments: ["logs", "--action", "user login"], message: "not an action name"),
            BadInput(arguments: ["logs", "--actor", String(repeating: "W", count: 300)], message: "not a Slack ID"),
            BadInput(arguments: ["demo", "--events", "0"], message: "--events", talksToAPI: false),
            BadInput(arguments: ["simulate", "--port", "70000"], message: "--port", talksToAPI: false),
            BadInput(arguments: ["simulate", "--latency", "-1"], message: "--latency", talksToAPI: false),
            BadInput(arguments: ["no-such-command"], message: "no-such-command", talksToAPI: false),
        ]
    )
    func badInput(_ input: BadInput) async throws {
        let result = try await CLI.run(
            input.arguments + (input.talksToAPI ? unreachableArguments : []),
            environment: ["SLACK_AUDIT_TOKEN": recognizableToken]
        )
        expectCleanFailure(result, status: 64)
        #expect(result.errorText.contains(input.message), "\(result)")
        // ArgumentParser lists the accepted values one per line ("  - trace") when there are many: one message still.
        let lines = result.errorLines.filter { !$0.hasPrefix("  - ") }
        #expect(lines.count <= 4, "a short message: \(result)")
        #expect(result.errorText.count < 2000, "a bounded message, whatever was typed")
        expectNoToken(result)
    }

    @Test("An unreachable host: exit 69 with a message about the connection")
    func unreachable() async throws {
        let result = try await CLI.run(
            ["logs"] + unreachableArguments,
            environment: ["SLACK_AUDIT_TOKEN": recognizableToken]
        )
        expectCleanFailure(result, status: 69)
        #expect(result.errorLines.count <= 2, "one line, perhaps a hint: \(result)")
        #expect(result.errorText.contains("connection refused"), "\(result)")
        expectNoToken(result)
    }

    @Test("collect against an unreachable host: exit 69")
    func collectUnreachable() async throws {
        try await withTemporaryDirectory { directory in
            let result = try await CLI.run(
                [
                    "collect", "--since", String(referenceNow - 3600), "--until", String(referenceNow),
                    "--output", directory + "/audit.ndjson", "--checkpoint", directory + "/checkpoint.json",
                ] + unreachableArguments,
                environment: ["SLACK_AUDIT_TOKEN": recognizableToken],
                timeout: .seconds(30)
            )
            expectCleanFailure(result, status: 69)
            expectNoToken(result)
        }
    }
}
