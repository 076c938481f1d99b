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

/// What an outside test of the CLI found (issue 12): each case crashed, hung, clobbered a file, echoed the token or
/// printed a bare parser message before; each now ends as one clear message and a documented exit code.
@Suite("Hostile and mistaken input: never a crash, a hang, a clobbered file or an echoed token")
struct HostileInputTests {
    static let collectRange = ["--since", String(referenceNow - 3600), "--until", String(referenceNow)]

    @Test(
        "A token typed in the wrong place is never echoed",
        arguments: [
            ["logs", recognizableToken],
            ["logs", "--token-file", " " + recognizableToken],
            ["logs", "--token-file", "Bearer " + recognizableToken],
            ["logs", "--entity", recognizableToken],
            ["collect", "--since", recognizableToken],
            ["logs", "--format", recognizableToken],
        ]
    )
    func tokenInTheWrongPlace(arguments: [String]) async throws {
        let result = try await CLI.run(arguments + unreachableArguments)
        #expect(result.status == 64, "\(result)")
        expectNoToken(result)
    }

    @Test("A token file larger than any token is refused at once, a 1 GB file as quickly as a small one")
    func hugeTokenFiles() async throws {
        try await withTemporaryDirectory { directory in
            let sparse = directory + "/disk-image"
            #expect(FileManager.default.createFile(atPath: sparse, contents: nil))
            #expect(truncate(sparse, 1 << 30) == 0, "a 1 GB file without writing a gigabyte")
            let oneLine = directory + "/one-line"
            try Data(repeating: UInt8(ascii: "x"), count: 64 << 20).write(to: URL(fileURLWithPath: oneLine))
            for path in [sparse, oneLine] {
                let result = try await CLI.run(["logs", "--token-file", path] + unreachableArguments)
                expectCleanFailure(result, status: 64)
                #expect(result.errorText.contains("more than 4096 bytes"), "\(result)")
            }
            let spaced = directory + "/spaced"
            try Data("xoxp-1 2 3\n".utf8).write(to: URL(fileURLWithPath: spaced))
            let refused = try await CLI.run(["logs", "--token-file", spaced] + unreachableArguments)
            expectCleanFailure(refused, status: 64)
            #expect(refused.errorText.contains("does not hold a token"), "\(refused)")
        }
    }

    @Test("A FIFO, a folder or a device at --output or --checkpoint is refused at once, without blocking")
    func notRegularFiles() async throws {
        try await withTemporaryDirectory { directory in
            let fifo = directory + "/fifo"
            #expect(mkfifo(fifo, 0o600) == 0)
            let cases: [(output: String, checkpoint: String, says: String)] = [
                (fifo, directory + "/c.json", "is a FIFO"),
                (directory + "/out.ndjson", fifo, "is a FIFO"),
                (directory + "/out.ndjson", directory, "is a folder"),
                (directory, directory + "/c2.json", "is a folder"),
                ("/dev/zero", directory + "/c3.json", "is a device"),
            ]
            for item in cases {
                let result = try await CLI.run(
                    ["collect", "--output", item.output, "--checkpoint", item.checkpoint] + Self.collectRange
                        + unreachableArguments,
                    environment: ["SLACK_AUDIT_TOKEN": recognizableToken],
                    timeout: .seconds(60)
                )
                expectCleanFailure(result, status: 64)
                #expect(result.errorText.contains(item.says), "\(item): \(result)")
            }
        }
    }

    @Test("The output and the checkpoint as one file under another name (./x, a link, a hard link) are refused")
    func sameFileUnderAnotherName() async throws {
        try await withTemporaryDirectory { directory in
            let output = directory + "/al.ndjson"
            let events = #"{"id":"a","date_create":1700000000}"# + "\n"
            try Data(events.utf8).write(to: URL(fileURLWithPath: output))
            #expect(symlink(output, directory + "/link.json") == 0)
            #expect(link(output, directory + "/hard.json") == 0)
            let dotted = directory + "/./al.ndjson"
            for checkpoint in [dotted, directory + "/link.json", directory + "/hard.json"] {
                let result = try await CLI.run(
                    ["collect", "--output", output, "--checkpoint", checkpoint] + Self.collectRange
                        + unreachableArguments,
                    environment: ["SLACK_AUDIT_TOKEN": recognizableToken]
                )
                expectCleanFailure(result, status: 64)
                #expect(result.errorText.contains("are the same file"), "\(checkpoint): \(result)")
                #expect(try String(contentsOfFile: output, encoding: .utf8) == events, "the events are untouched")
            }
        }
    }

    @Test("A link planted at the checkpoint's old temporary name is removed, never written through")
    func plantedTemporaryLink() async throws {
        try await withSimulator(events: 300) { simulator in
            try await withTemporaryDirectory { directory in
                let victim = directory + "/victim"
                try Data("precious".utf8).write(to: URL(fileURLWithPath: victim))
                let checkpoint = directory + "/audit.ckpt"
                #expect(symlink(victim, checkpoint + ".tmp") == 0)
                #expect(symlink(victim, checkpoint + ".tmp-1-2") == 0)
                let result = try await CLI.run(
                    ["collect", "--output", directory + "/audit.ndjson", "--checkpoint", checkpoint]
                        + wholeRange + simulator.apiArguments,
                    environment: simulator.tokenEnvironment
                )
                #expect(result.status == 0, "\(result)")
                #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
                let left = try FileManager.default.contentsOfDirectory(atPath: directory)
                #expect(!left.contains { $0.hasPrefix("audit.ckpt.tmp") }, "\(left)")
            }
        }
    }

    /// A server that answers `/logs` with `body`.
    func withServer(body: String, _ run: ([String]) async throws -> Void) async throws {
        let server = try await LoopbackHTTPServer.start { _ in
            .respond(status: 200, headers: [("content-type", "application/json")], body: Array(body.utf8))
        }
        do {
            try await run(["--base-url", "http://127.0.0.1:\(server.port)/audit/v1/", "--retries", "0"])
        } catch {
            try await server.shutdown()
            throw error
        }
        try await server.shutdown()
    }

    @Test("A lone surrogate escape is read as U+FFFD in a table or CSV, as the raw path keeps its bytes")
    func loneSurrogate() async throws {
        let entry = #"{"id":"e1","date_create":1700000000,"action":"user_login","details":{"":"\uD800\u0041"}}"#
        try await withServer(body: #"{"entries":[\#(entry)]}"#) { api in
            for format in ["csv", "table"] {
                let result = try await CLI.run(
                    ["logs", "--format", format, "--fields", "time,action,details"] + api,
                    environment: ["SLACK_AUDIT_TOKEN": recognizableToken]
                )
                #expect(result.status == 0, "\(format): \(result)")
                #expect(result.outputText.contains("user_login"))
            }
            let raw = try await CLI.run(
                ["logs", "--format", "ndjson"] + api,
                environment: ["SLACK_AUDIT_TOKEN": recognizableToken]
            )
            #expect(raw.outputText == entry + "\n", "the exact bytes")
        }
    }

    @Test("Entries that are not objects refuse the page: never written as events, never a bare parser message")
    func nonObjectEntries() async throws {
        try await withServer(body: #"{"entries":[7,"str",null]}"#) { api in
            for format in ["ndjson", "csv"] {
                let result = try await CLI.run(
                    ["logs", "--format", format] + api,
                    environment: ["SLACK_AUDIT_TOKEN": recognizableToken]
                )
                expectCleanFailure(result, status: 70)
                #expect(result.errorText.contains("entries[0] is a number, not an object"), "\(result)")
                #expect(result.outputText.isEmpty)
            }
            try await withTemporaryDirectory { directory in
                let result = try await CLI.run(
                    ["collect", "--output", directory + "/a.ndjson", "--checkpoint", directory + "/c.json"]
                        + Self.collectRange + api,
                    environment: ["SLACK_AUDIT_TOKEN": recognizableToken]
                )
                expectCleanFailure(result, status: 70)
                let written = (try? String(contentsOfFile: directory + "/a.ndjson", encoding: .utf8)) ?? ""
                #expect(written.isEmpty, "nothing written: \(written)")
            }
        }
    }
}
