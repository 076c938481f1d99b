import ArgumentParser
import SlackAuditLogs

struct ActionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actions",
        abstract: "List the action names GET actions knows, or check names with --check.",
        discussion: """
            No token is needed. `--check` prints each name as known (with its category) or unknown (with close \
            names) and exits 1 when any is unknown.

            Examples:
              slack-audit-logs actions
              slack-audit-logs actions --format json
              slack-audit-logs actions --check user_login file_downloaded
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(parsing: .upToNextOption, help: "Action names to check.")
    var check: [String] = []

    @Option(help: "table, json, ndjson or csv (default: table on a terminal, ndjson when piped).")
    var format: OutputFormat?

    func run() async throws {
        try await reportingFailures(verbose: global.verbose) {
            let client = try global.makeClient(token: "")
            let response: AuditLogsResponse<ActionsResponse>
            do {
                response = try await client.actions()
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
            let categories = response.typedBody.categoryByAction
            if !check.isEmpty {
                var unknown = 0
                for name in check.flatMap({ $0.split(separator: ",").map(String.init) }) {
                    if let category = categories[AuditLogAction(name)] {
                        Terminal.write("\(name)\tknown\t\(category)\n")
                    } else {
                        unknown += 1
                        let close = Self.closeNames(to: name, in: categories.keys.map(\.rawValue))
                        let suggestion = close.isEmpty ? "" : "\tdid you mean: \(close.joined(separator: ", "))"
                        Terminal.write("\(name)\tunknown\(suggestion)\n")
                    }
                }
                if unknown > 0 {
                    Terminal.diagnostic("hint: `slack-audit-logs actions` lists every known action.")
                    throw ExitCode(ExitStatus.unknownNames)
                }
                return
            }
            let rows = categories.map { [$0.value, $0.key.rawValue] }.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
            switch OutputFormat.resolve(format) {
            case .table: Terminal.write(TableWriter.table(header: ["category", "action"], rows: rows))
            case .json: Terminal.write(response.rawBody + (response.rawBody.hasSuffix("\n") ? "" : "\n"))
            case .csv: Terminal.write(([["category", "action"]] + rows).map(TableWriter.csvLine).joined())
            case .ndjson:
                let lines = rows.map { row in
                    JSONValue.object(["category": .string(row[0]), "action": .string(row[1])]).jsonString(
                        sortedKeys: true
                    ) + "\n"
                }
                Terminal.write(lines.joined())
            }
        }
    }

    /// Names that share a word with `name`, or are a small edit away: what the user probably meant.
    static func closeNames(to name: String, in names: [String]) -> [String] {
        let words = Set(name.split(separator: "_"))
        let scored = names.map { candidate -> (String, Int) in
            let shared = Set(candidate.split(separator: "_")).intersection(words).count
            return (candidate, editDistance(name, candidate) - 2 * shared)
        }
        return scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(3).filter { $0.1 <= max(3, name.count / 2) }
            .map(\.0)
    }

    private static func editDistance(_ first: String, _ second: String) -> Int {
        let a = Array(first)
        let b = Array(second)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
