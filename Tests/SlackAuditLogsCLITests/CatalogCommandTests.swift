import Foundation
import SlackAuditLogs
import SlackAuditLogsSimulator
import Testing

/// `actions` and `schemas` need no token: every test here runs with none in the environment.
@Suite("actions and schemas, without a token")
struct CatalogCommandTests {
    @Test("actions --format table lists every action under its category")
    func actionsTable() async throws {
        try await withSimulator(events: 10) { simulator in
            let result = try await CLI.run(["actions", "--format", "table"] + simulator.apiArguments)
            #expect(result.status == 0, "\(result)")
            let lines = result.outputLines
            #expect(lines.first?.split(separator: " ").map(String.init) == ["CATEGORY", "ACTION"])
            let rows = Set(lines.dropFirst().map { $0.split(separator: " ").map(String.init) })
            #expect(rows.contains(["user", "user_login"]))
            #expect(rows.contains(["file", "file_downloaded"]))
            #expect(rows.count > 100)
            let request = try #require(simulator.requests.first)
            #expect(request.path.hasSuffix("/actions"))
            #expect(request.header("Authorization") == nil, "no token is sent")
        }
    }

    @Test("actions --format json prints the API's answer")
    func actionsJSON() async throws {
        try await withSimulator(events: 10) { simulator in
            let result = try await CLI.run(["actions", "--format", "json"] + simulator.apiArguments)
            #expect(result.status == 0, "\(result)")
            let value = try JSONValue(parsing: result.output)
            let user = try #require(value["actions"]?["user"]?.arrayValue, "\(result)")
            #expect(user.contains(.string("user_login")))
        }
    }

    @Test("actions --check marks known and unknown names, suggests close ones, and exits 1")
    func actionsCheck() async throws {
        try await withSimulator(events: 10) { simulator in
            let result = try await CLI.run(
                ["actions", "--check", "user_login", "nonexistent_action", "user_logn"] + simulator.apiArguments
            )
            #expect(result.status == 1, "\(result)")
            let lines = result.outputLines.map { $0.split(separator: "\t").map(String.init) }
            #expect(lines.count == 3)
            #expect(lines.first == ["user_login", "known", "user"])
            #expect(lines.dropFirst().first?.prefix(2) == ["nonexistent_action", "unknown"])
            #expect(lines.last?.prefix(2) == ["user_logn", "unknown"])
            #expect(lines.last?.last?.hasPrefix("did you mean: user_login") == true, "\(result)")
            #expect(result.errorText.contains("`slack-audit-logs actions` lists every known action"), "\(result)")
        }
    }

    @Test("actions --check with known names only exits 0")
    func actionsCheckKnown() async throws {
        try await withSimulator(events: 10) { simulator in
            let result = try await CLI.run(
                ["actions", "--check", "user_login,file_downloaded"] + simulator.apiArguments
            )
            #expect(result.status == 0, "\(result)")
            #expect(result.outputLines == ["user_login\tknown\tuser", "file_downloaded\tknown\tfile"])
            #expect(result.errorText.isEmpty, "\(result)")
        }
    }

    @Test("schemas --format table lists each entity type and its fields")
    func schemasTable() async throws {
        try await withSimulator(events: 10) { simulator in
            let result = try await CLI.run(["schemas", "--format", "table"] + simulator.apiArguments)
            #expect(result.status == 0, "\(result)")
            let lines = result.outputLines
            #expect(lines.first?.split(separator: " ").map(String.init) == ["TYPE", "FIELDS", "NAMES"])
            let workspace = try #require(lines.first { $0.hasPrefix("workspace ") }, "\(result)")
            #expect(workspace.split(separator: " ").map(String.init) == ["workspace", "3", "domain", "id", "name"])
            #expect(lines.count > 10)
        }
    }

    @Test("schemas --format json prints the API's answer")
    func schemasJSON() async throws {
        try await withSimulator(events: 10) { simulator in
            let result = try await CLI.run(["schemas", "--format", "json"] + simulator.apiArguments)
            #expect(result.status == 0, "\(result)")
            let schemas = try #require(try JSONValue(parsing: result.output)["schemas"]?.arrayValue, "\(result)")
            #expect(schemas.count > 10)
            #expect(schemas.allSatisfy { $0["type"]?.stringValue != nil })
            #expect(schemas.contains { $0["type"]?.stringValue == "workspace" })
        }
    }
}
