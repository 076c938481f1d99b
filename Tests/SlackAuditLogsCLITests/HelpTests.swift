import Testing

@Suite("--version and --help")
struct HelpTests {
    @Test("--version prints the version")
    func version() async throws {
        let result = try await CLI.run(["--version"])
        #expect(result.status == 0, "\(result)")
        #expect(result.outputText == "0.1.0\n")
    }

    @Test("--help lists the commands, the token sources and the exit codes")
    func help() async throws {
        let result = try await CLI.run(["--help"])
        #expect(result.status == 0, "\(result)")
        let text = result.outputText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for item in [
            "Exit codes:", "64 usage error", "69 network failure", "77 token, scope or plan refused", "78 no token",
            "130 interrupted", "SLACK_AUDIT_TOKEN", "--token-file", "--token-stdin", "logs", "actions", "schemas",
            "collect", "simulate", "demo",
        ] {
            #expect(text.contains(item), "--help mentions \(item)")
        }
    }

    @Test(
        "Each command's --help has examples",
        arguments: [
            ("logs", "slack-audit-logs logs --oldest 24h"), ("actions", "slack-audit-logs actions --check"),
            ("collect", "slack-audit-logs collect --output"), ("simulate", "slack-audit-logs simulate --port"),
        ]
    )
    func commandHelp(_ command: String, _ example: String) async throws {
        let result = try await CLI.run([command, "--help"])
        #expect(result.status == 0, "\(result)")
        #expect(result.outputText.contains("Example"), "\(result)")
        #expect(result.outputText.contains(example), "\(result)")
    }

    @Test("logs --help explains the time forms and the output formats")
    func logsHelp() async throws {
        let result = try await CLI.run(["logs", "--help"])
        #expect(result.status == 0, "\(result)")
        for text in ["Examples:", "2024-05-01", "24h", "ndjson", "--all", "--max-pages"] {
            #expect(result.outputText.contains(text), "logs --help mentions \(text)")
        }
    }

    @Test("collect --help shows durations the way they are typed, and the time forms")
    func collectHelp() async throws {
        let result = try await CLI.run(["collect", "--help"])
        #expect(result.status == 0, "\(result)")
        let text = result.outputText.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(!text.contains("DurationArgument("), "\(text)")
        for item in ["(default: 1m)", "(default: 5m)", "ISO 8601", "24h", "--plan", "exits 73"] {
            #expect(text.contains(item), "collect --help mentions \(item)")
        }
    }
}
