import ArgumentParser
import SlackAuditLogs

struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Query GET logs once, or every page with --all.",
        discussion: """
            Times accept \(TimeArgument.forms). Output is a table on a terminal and NDJSON (the exact entries Slack \
            sent, one per line) when piped; timestamps are UTC ISO 8601 in tables, raw in JSON and NDJSON.

            Examples:
              slack-audit-logs logs --oldest 24h --action user_login,user_logout
              slack-audit-logs logs --oldest 2024-05-01 --latest 2024-05-31T23:59:59Z --all > may.ndjson
              slack-audit-logs logs --actor W0123ABC --format csv --fields time,action,entity,ip
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "Least recent event to include, inclusive: \(TimeArgument.forms).")
    var oldest: TimeArgument?

    @Option(help: "Most recent event to include, inclusive: \(TimeArgument.forms).")
    var latest: TimeArgument?

    @OptionGroup var filters: FilterOptions

    @Option(help: "Entries per page, 1 to 9999.")
    var limit: Int?

    @Flag(help: "Follow the cursor to the last page.")
    var all = false

    @Option(help: "With --all, stop after this many pages.")
    var maxPages: Int?

    @Option(help: "table, json, ndjson or csv (default: table on a terminal, ndjson when piped).")
    var format: OutputFormat?

    @Option(help: "Columns for table and csv: \(EntryField.shortcuts).")
    var fields: String?

    @OptionGroup var rateOption: RateOption

    func validate() throws {
        try rateOption.validate(loopback: global.isLoopback)
        if let limit, !(1...LogsQuery.maximumLimit).contains(limit) {
            throw ValidationError("--limit must be between 1 and \(LogsQuery.maximumLimit), got \(limit).")
        }
        if let maxPages, maxPages < 1 { throw ValidationError("--max-pages must be at least 1.") }
        let oldest = try oldest?.seconds(for: "--oldest")
        let latest = try latest?.seconds(for: "--latest")
        if let oldest, let latest, oldest > latest {
            throw ValidationError("--oldest (\(iso8601(oldest))) is after --latest (\(iso8601(latest))).")
        }
    }

    func run() async throws {
        try await reportingFailures(verbose: global.verbose) {
            let columns = try fields.map(EntryField.parse) ?? EntryField.defaults
            let query = LogsQuery(
                latest: try latest?.seconds(for: "--latest"),
                oldest: try oldest?.seconds(for: "--oldest"),
                actions: filters.actions,
                actor: filters.actor,
                entity: filters.entity,
                limit: limit
            )
            try query.validate()
            let client = try global.makeClient(
                token: try global.token(),
                rateLimiter: try RateLimiter(.perMinute(rateOption.rate))
            )
            do {
                try await print(query, client: client, format: OutputFormat.resolve(format), columns: columns)
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }

    private static let chunkSize = 1 << 20

    private func print(
        _ query: LogsQuery,
        client: AuditLogsClient,
        format: OutputFormat,
        columns: [EntryField]
    )
        async throws
    {
        let pageLimit = all ? (maxPages ?? Int.max) : 1
        var pages = 0
        var entries = 0
        var rows: [[String]] = []
        var firstEntry = true
        // The opening bracket and the CSV header wait for the first page: a failed call leaves standard output empty,
        // not holding the start of a document.
        let opening = format == .json ? "[" : format == .csv ? TableWriter.csvLine(columns.map(\.name)) : ""
        // Written in chunks of about a megabyte, so that a page is never copied whole.
        var output: [UInt8] = []
        output.reserveCapacity(Self.chunkSize + 64 * 1024)
        for try await page in client.rawLogPages(query) {
            pages += 1
            entries += page.entries.count
            if pages == 1 { output.append(contentsOf: opening.utf8) }
            for entry in page.entries {
                if output.count >= Self.chunkSize {
                    Terminal.write(bytes: output)
                    output.removeAll(keepingCapacity: true)
                }
                switch format {
                case .ndjson:
                    output.append(contentsOf: entry.bytes)
                    output.append(UInt8(ascii: "\n"))
                case .json:
                    output.append(contentsOf: Array((firstEntry ? "\n  " : ",\n  ").utf8))
                    output.append(contentsOf: entry.bytes)
                    firstEntry = false
                case .csv, .table:
                    let value = try JSONValue(parsing: entry.bytes)
                    let cells = columns.map { $0.value(in: value) }
                    if format == .csv {
                        output.append(contentsOf: Array(TableWriter.csvLine(cells).utf8))
                    } else {
                        rows.append(cells)
                    }
                }
            }
            Terminal.write(bytes: output)
            output.removeAll(keepingCapacity: true)
            if all { Terminal.status("\(pages) pages, \(entries) entries…") }
            if pages >= pageLimit { break }
        }
        Terminal.endStatus()
        if pages == 0 { Terminal.write(opening) }
        switch format {
        case .json: Terminal.write(firstEntry ? "]\n" : "\n]\n")
        case .table: Terminal.write(TableWriter.table(header: columns.map(\.name), rows: rows))
        default: break
        }
    }
}
