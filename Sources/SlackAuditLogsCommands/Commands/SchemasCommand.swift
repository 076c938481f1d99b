import ArgumentParser
import SlackAuditLogs

struct SchemasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schemas",
        abstract: "List the entity schemas GET schemas describes.",
        discussion: """
            No token is needed. The table gives each entity type and its fields; --format json prints Slack's answer \
            unchanged.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "table, json, ndjson or csv (default: table on a terminal, ndjson when piped).")
    var format: OutputFormat?

    func run() async throws {
        try await reportingFailures(verbose: global.verbose) {
            let client = try global.makeClient(token: "")
            let response: AuditLogsResponse<SchemasResponse>
            do {
                response = try await client.schemas()
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
            let schemas = response.typedBody.schemasByType.sorted { $0.key < $1.key }
            let rows = schemas.map { type, schema in
                [type, String(schema.fields.count), schema.fields.keys.sorted().joined(separator: " ")]
            }
            switch OutputFormat.resolve(format) {
            case .table: Terminal.write(TableWriter.table(header: ["type", "fields", "names"], rows: rows))
            case .json: Terminal.write(response.rawBody + (response.rawBody.hasSuffix("\n") ? "" : "\n"))
            case .csv: Terminal.write(([["type", "fields", "names"]] + rows).map(TableWriter.csvLine).joined())
            case .ndjson:
                Terminal.write(schemas.map { $0.value.jsonValue.jsonString(sortedKeys: true) + "\n" }.joined())
            }
        }
    }
}
