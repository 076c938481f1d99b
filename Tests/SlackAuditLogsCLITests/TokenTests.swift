import Foundation
import SlackAuditLogs
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Testing

/// Checks that nothing the CLI printed holds the token, or a recognizable part of it.
func expectNoToken(
    _ result: CLIResult,
    token: String = recognizableToken,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let fragment = "clitestsecret"
    for (name, text) in [("stdout", result.outputText), ("stderr", result.errorText)] {
        #expect(!text.contains(token), "the token is in \(name)", sourceLocation: sourceLocation)
        #expect(!text.contains(fragment), "part of the token is in \(name)", sourceLocation: sourceLocation)
    }
}

@Suite("Token sources, and the token never printed")
struct TokenTests {
    enum Source: String, Sendable, CaseIterable {
        case auditToken = "SLACK_AUDIT_TOKEN"
        case orgAdminToken = "SLACK_ORG_ADMIN_USER_TOKEN"
        case file = "--token-file"
        case standardInput = "--token-stdin"
    }

    @Test("Each token source works, and the token stays out of the output at trace level", arguments: Source.allCases)
    func source(_ source: Source) async throws {
        try await withSimulator(events: 200, tokens: [recognizableToken]) { simulator in
            try await withTemporaryDirectory { directory in
                var arguments = ["logs", "--limit", "5", "--verbose", "--log-level", "trace"] + simulator.apiArguments
                var environment: [String: String] = [:]
                var standardInput: String?
                switch source {
                case .auditToken, .orgAdminToken:
                    environment[source.rawValue] = recognizableToken
                case .file:
                    let path = directory + "/token"
                    try Data("\(recognizableToken)\nsecond line\n".utf8).write(to: URL(fileURLWithPath: path))
                    arguments += ["--token-file", path]
                case .standardInput:
                    standardInput = recognizableToken + "\n"
                    arguments += ["--token-stdin"]
                }
                let result = try await CLI.run(arguments, environment: environment, standardInput: standardInput)
                #expect(result.status == 0, "\(result)")
                #expect(result.outputLines.count >= 5)
                #expect(result.errorText.contains("Sending request"), "trace-level logs: \(result.errorText)")
                expectNoToken(result)
                #expect(simulator.logsRequests.count == 1)
            }
        }
    }

    @Test("--token-file wins over SLACK_AUDIT_TOKEN, which wins over SLACK_ORG_ADMIN_USER_TOKEN")
    func precedence() async throws {
        try await withSimulator(events: 50, tokens: [recognizableToken]) { simulator in
            try await withTemporaryDirectory { directory in
                let path = directory + "/token"
                try Data(recognizableToken.utf8).write(to: URL(fileURLWithPath: path))
                let fromFile = try await CLI.run(
                    ["logs", "--limit", "1", "--token-file", path] + simulator.apiArguments,
                    environment: ["SLACK_AUDIT_TOKEN": "xoxp-not-this-one"]
                )
                #expect(fromFile.status == 0, "\(fromFile)")
                let fromEnvironment = try await CLI.run(
                    ["logs", "--limit", "1"] + simulator.apiArguments,
                    environment: [
                        "SLACK_AUDIT_TOKEN": recognizableToken, "SLACK_ORG_ADMIN_USER_TOKEN": "xoxp-not-this-one",
                    ]
                )
                #expect(fromEnvironment.status == 0, "\(fromEnvironment)")
            }
        }
    }

    @Test("No token: exit 78, and the message says which token is needed and that the demo needs none")
    func missing() async throws {
        #expect(CLI.environment()["SLACK_AUDIT_TOKEN"] == nil, "the child's environment is built, not inherited")
        try await withSimulator(events: 10) { simulator in
            for environment in [[:], ["SLACK_AUDIT_TOKEN": "  ", "SLACK_ORG_ADMIN_USER_TOKEN": ""]] {
                let result = try await CLI.run(["logs"] + simulator.apiArguments, environment: environment)
                expectCleanFailure(result, status: 78)
                #expect(result.errorText.contains("SLACK_AUDIT_TOKEN"))
                #expect(result.errorText.contains("auditlogs:read"))
                #expect(result.errorText.contains("demo"))
            }
            #expect(simulator.requests.isEmpty, "nothing is sent without a token")
        }
    }

    @Test("A token file that cannot be read: exit 64 and a message naming it")
    func unreadableFile() async throws {
        try await withTemporaryDirectory { directory in
            var paths = [directory + "/missing-token", directory]
            if getuid() != 0 {
                let path = directory + "/private-token"
                try Data(recognizableToken.utf8).write(to: URL(fileURLWithPath: path))
                try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: path)
                paths.append(path)
            }
            for path in paths {
                let result = try await CLI.run(
                    ["logs", "--token-file", path, "--base-url", "http://127.0.0.1:1/audit/v1/", "--retries", "0"]
                )
                expectCleanFailure(result, status: 64)
                #expect(result.errorText.contains("Cannot read the token file \(path)"), "\(result)")
            }
        }
    }

    @Test("A token given to --token-file by mistake is not echoed: exit 64")
    func tokenAsFileName() async throws {
        let result = try await CLI.run(["logs", "--token-file", recognizableToken] + unreachableArguments)
        expectCleanFailure(result, status: 64)
        #expect(result.errorText.contains("looks like a token"), "\(result)")
        expectNoToken(result)
    }

    @Test("An empty token file or empty standard input: exit 78")
    func emptySources() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory + "/token"
            try Data("\n\n".utf8).write(to: URL(fileURLWithPath: path))
            let unreachable = ["--base-url", "http://127.0.0.1:1/audit/v1/", "--retries", "0"]
            let file = try await CLI.run(["logs", "--token-file", path] + unreachable)
            expectCleanFailure(file, status: 78)
            #expect(file.errorText.contains("holds no token"), "\(file)")
            let standardInput = try await CLI.run(["logs", "--token-stdin"] + unreachable, standardInput: "")
            expectCleanFailure(standardInput, status: 78)
            #expect(standardInput.errorText.contains("standard input is empty"), "\(standardInput)")
        }
    }

    @Test("--token-file and --token-stdin together: exit 64")
    func twoSources() async throws {
        let result = try await CLI.run(
            ["logs", "--token-file", "/dev/null", "--token-stdin", "--base-url", "http://127.0.0.1:1/audit/v1/"],
            standardInput: recognizableToken
        )
        expectCleanFailure(result, status: 64)
        #expect(result.errorText.contains("one means only"))
    }

    @Test("A token the API refuses: exit 77, and the token is not printed even at trace level")
    func refused() async throws {
        let wrong = recognizableToken.replacingOccurrences(of: "4242", with: "0000")
        try await withSimulator(events: 50) { simulator in
            try await withTemporaryDirectory { directory in
                let flags = ["--verbose", "--log-level", "trace"] + simulator.apiArguments
                let logs = try await CLI.run(["logs"] + flags, environment: ["SLACK_AUDIT_TOKEN": wrong])
                expectCleanFailure(logs, status: 77, logged: true)
                let errors = logs.errorLines.filter { $0.hasPrefix("error: ") }.map { $0.dropFirst(7) }
                let details = logs.errorLines.filter { $0.hasPrefix("detail: ") }.map { $0.dropFirst(8) }
                #expect(errors.count == 1 && details.allSatisfy { !errors.contains($0) }, "no detail repeats: \(logs)")
                #expect(logs.errorText.contains("auditlogs:read"), "\(logs)")
                expectNoToken(logs, token: wrong)
                let collect = try await CLI.run(
                    [
                        "collect", "--since", String(referenceNow - 90_000), "--until", String(referenceNow),
                        "--output", directory + "/audit.ndjson",
                    ] + flags,
                    environment: ["SLACK_AUDIT_TOKEN": wrong]
                )
                expectCleanFailure(collect, status: 77, logged: true)
                expectNoToken(collect, token: wrong)
            }
        }
    }

    @Test("A token that cannot be a header value: exit 64, without echoing it")
    func malformed() async throws {
        let malformed = "xoxp-1111 clitestsecret-4242"
        try await withSimulator(events: 10) { simulator in
            let result = try await CLI.run(
                ["logs", "--verbose", "--log-level", "trace"] + simulator.apiArguments,
                environment: ["SLACK_AUDIT_TOKEN": malformed]
            )
            expectCleanFailure(result, status: 64, logged: true)
            expectNoToken(result, token: malformed)
            #expect(simulator.requests.isEmpty)
        }
    }

    @Test("Network and collection errors do not print the token either")
    func otherErrors() async throws {
        try await withSimulator(events: 300, tokens: [recognizableToken]) { simulator in
            try await withTemporaryDirectory { directory in
                let environment = ["SLACK_AUDIT_TOKEN": recognizableToken]
                let unreachable = try await CLI.run(
                    [
                        "logs", "--base-url", "http://127.0.0.1:1/audit/v1/", "--retries", "0", "--verbose",
                        "--log-level", "trace",
                    ],
                    environment: environment
                )
                expectCleanFailure(unreachable, status: 69, logged: true)
                expectNoToken(unreachable)
                let collected = try await CLI.run(
                    [
                        "collect", "--since", String(referenceNow - 90_000), "--until", String(referenceNow),
                        "--settle-lag", "0", "--output", directory + "/audit.ndjson", "--verbose",
                        "--log-level", "trace",
                    ] + simulator.apiArguments,
                    environment: environment
                )
                #expect(collected.status == 0, "\(collected)")
                expectNoToken(collected)
            }
        }
    }
}
