import Foundation
import SlackAuditLogs
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Testing

@Suite("logs: formats, paging and filters")
struct LogsCommandTests {
    @Test("--format ndjson writes each entry exactly as the API sent it, newest first")
    func ndjson() async throws {
        try await withSimulator { simulator in
            let result = try await CLI.run(
                ["logs", "--format", "ndjson", "--limit", "50"] + simulator.apiArguments,
                environment: simulator.tokenEnvironment
            )
            #expect(result.status == 0, "\(result)")
            #expect(result.errorText.isEmpty, "nothing on stderr: \(result.errorText)")
            let expected = try simulator.expectedLines(for: LogsQuery())
            let lines = result.outputLines
            #expect(lines.count >= 50)
            #expect(lines == Array(expected.prefix(lines.count)), "the exact bytes of the first page")
            #expect(result.output.last == UInt8(ascii: "\n"))
        }
    }

    @Test("--oldest and --latest select exactly the simulator's events of that range")
    func ndjsonRange() async throws {
        try await withSimulator { simulator in
            let oldest = referenceNow - 6 * 3600
            let latest = referenceNow - 3 * 3600
            let result = try await CLI.run(
                [
                    "logs", "--format", "ndjson", "--oldest", String(oldest), "--latest", String(latest), "--limit",
                    "9999",
                ]
                    + simulator.apiArguments,
                environment: simulator.tokenEnvironment
            )
            #expect(result.status == 0, "\(result)")
            let expected = try simulator.expectedIDs(for: LogsQuery(latest: latest, oldest: oldest))
            #expect(expected.count > 100, "the range holds events")
            let ids = try entryIDs(ofNDJSON: result.outputText)
            #expect(ids == expected, "the range's events, in the API's order")
            expectExactlyOnce(ids, expected)
        }
    }

    @Test("--format json is one valid JSON array of the entries")
    func json() async throws {
        try await withSimulator { simulator in
            let result = try await CLI.run(
                ["logs", "--format", "json", "--limit", "30"] + simulator.apiArguments,
                environment: simulator.tokenEnvironment
            )
            #expect(result.status == 0, "\(result)")
            let array = try #require(try JSONValue(parsing: result.output).arrayValue, "an array: \(result)")
            #expect(array.count >= 30)
            let expected = try simulator.expectedEvents(for: LogsQuery()).prefix(array.count)
            let parsedExpected = try expected.map { try JSONValue(parsing: simulator.renderJSON(of: $0)) }
            #expect(array == parsedExpected)
        }
    }

    @Test("--format json of an empty range is an empty array")
    func jsonEmpty() async throws {
        try await withSimulator { simulator in
            let result = try await CLI.run(
                ["logs", "--format", "json", "--oldest", String(referenceNow), "--latest", String(referenceNow + 60)]
                    + simulator.apiArguments,
                environment: simulator.tokenEnvironment
            )
            #expect(result.status == 0, "\(result)")
            #expect(try JSONValue(parsing: result.output) == .array([]), "\(result)")
        }
    }

    @Test("A failed call leaves standard output empty in every format", arguments: OutputFormatName.allCases)
    func failureWritesNothing(_ format: OutputFormatName) async throws {
        try await withSimulator(events: 10) { simulator in
            // Slack refuses ranges that start before March 2018.
            let result = try await CLI.run(
                ["logs", "--format", format.rawValue, "--oldest", "1000", "--latest", "2000"] + simulator.apiArguments,
                environment: simulator.tokenEnvironment
            )
            expectCleanFailure(result, status: 64)
            #expect(result.errorText.contains("invalid_range"), "\(result)")
        }
    }

    enum OutputFormatName: String, Sendable, CaseIterable {
        case table, json, ndjson, csv
    }

    @Test("--format csv: a header, then one RFC 4180 row per entry with the chosen fields")
    func csv() async throws {
        try await withSimulator { simulator in
            let result = try await CLI.run(
                ["logs", "--format", "csv", "--fields", "time,action,actor,context.ip_address", "--limit", "40"]
                    + simulator.apiArguments,
                environment: simulator.tokenEnvironment
            )
            #expect(result.status == 0, "\(result)")
            #expect(result.outputText.hasPrefix("time,action,actor,context.ip_address\r\n"))
            #expect(result.outputText.hasSuffix("\r\n"))
            let rows = parseCSV(result.outputText)
            #expect(rows.count >= 41)
            let entries = try simulator.expectedEvents(for: LogsQuery()).prefix(rows.count - 1).map {
                try JSONValue(parsing: simulator.renderJSON(of: $0))
            }
            for (row, entry) in zip(rows.dropFirst(), entries) {
                let user = entry["actor"]?["user"]
                let expected = [
                    entry["date_create"]?.intValue.map(iso8601) ?? "?",
                    entry["action"]?.stringValue ?? "?",
                    user?["email"]?.stringValue ?? user?["name"]?.stringValue ?? user?["id"]?.stringValue ?? "?",
                    entry["context"]?["ip_address"]?.stringValue ?? "",
                ]
                #expect(row == expected)
            }
        }
    }

    @Test("--format csv quotes cells with commas, quotes and JSON, and they read back unchanged")
    func csvQuoting() async throws {
        try await withSimulator { simulator in
            let result = try await CLI.run(
                ["logs", "--format", "csv", "--fields", "id,actor.user.name,context.ua,details", "--limit", "300"]
                    + simulator.apiArguments,
                environment: simulator.tokenEnvironment
            )
            #expect(result.status == 0, "\(result)")
            let rows = parseCSV(result.outputText)
            #expect(rows.first == ["id", "actor.user.name", "context.ua", "details"])
            let entries = try simulator.expectedEvents(for: LogsQuery()).prefix(rows.count - 1).map {
                try JSONValue(parsing: simulator.renderJSON(of: $0))
            }
            #expect(rows.count - 1 == entries.count)
            var quoted = 0
            for (row, entry) in zip(rows.dropFirst(), entries) {
                guard row.count == 4 else {
                    Issue.record("A row of \(row.count) cells: \(row)")
                    continue
                }
                #expect(row[0] == entry["id"]?.stringValue)
                #expect(row[1] == (entry["actor"]?["user"]?["name"]?.stringValue ?? ""))
                #expect(row[2] == (entry["context"]?["ua"]?.stringValue ?? ""))
                if let details = entry["details"] {
                    #expect(try JSONValue(parsing: row[3]) == details, "details as JSON")
                } else {
                    #expect(row[3] == "")
                }
                if row.contains(where: { $0.contains(",") || $0.contains("\"") }) { quoted += 1 }
            }
            #expect(quoted > 0, "some cells needed quoting")
        }
    }

    @Test("--format table: an upper-case header and UTC ISO 8601 times")
    func table() async throws {
        try await withSimulator { simulator in
            let result = try await CLI.run(
                ["logs", "--format", "table", "--limit", "25"] + simulator.apiArguments,
                environment: simulator.tokenEnvironment
            )
            #expect(result.status == 0, "\(result)")
            let lines = result.outputLines
            let header = lines.first?.split(separator: " ").map(String.init)
            #expect(header == ["TIME", "ACTION", "ACTOR", "ENTITY", "IP"])
            let entries = try simulator.expectedEvents(for: LogsQuery()).prefix(lines.count - 1)
            #expect(lines.count - 1 >= 25)
            for (line, event) in zip(lines.dropFirst(), entries) {
                #expect(line.wholeMatch(of: #/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ  \S.*/#) != nil, "\(line)")
                #expect(line.hasPrefix(iso8601(event.dateCreate) + "  "), "\(line)")
                let action = simulator.catalog.name(of: event.action) ?? "?"
                #expect(line.split(separator: " ").dropFirst().first.map(String.init) == action, "\(line)")
            }
        }
    }

    @Test("Without --format, output to a file or a pipe is NDJSON")
    func defaultWhenPiped() async throws {
        try await withSimulator { simulator in
            let result = try await CLI.run(
                ["logs", "--limit", "20"] + simulator.apiArguments,
                environment: simulator.tokenEnvironment
            )
            #expect(result.status == 0, "\(result)")
            let lines = result.outputLines
            #expect(lines.count >= 20)
            #expect(lines == Array(try simulator.expectedLines(for: LogsQuery()).prefix(lines.count)))
        }
    }

    @Test("--all follows every page: each event exactly once")
    func all() async throws {
        try await withSimulator(events: 1000) { simulator in
            let result = try await CLI.run(
                ["logs", "--all", "--limit", "200"] + simulator.apiArguments,
                environment: simulator.tokenEnvironment
            )
            #expect(result.status == 0, "\(result)")
            #expect(result.errorText.isEmpty, "no progress noise when stderr is not a terminal: \(result.errorText)")
            let expected = try simulator.expectedIDs(for: LogsQuery())
            let ids = try entryIDs(ofNDJSON: result.outputText)
            #expect(ids == expected)
            expectExactlyOnce(ids, expected)
            let requests = simulator.logsRequests
            #expect(requests.count >= 5)
            #expect(requests.first?.queryParameters["cursor"] == nil)
            #expect(requests.dropFirst().allSatisfy { $0.queryParameters["cursor"] != nil })
        }
    }

    @Test("--all under Slack's Tier 3 budget: 20 pages go without a 429, the limiter idle at the start")
    func allWithinTheBudget() async throws {
        try await withSimulator(events: 1000, rateLimit: .tier3) { simulator in
            let result = try await CLI.run(
                ["logs", "--all", "--limit", "50"] + simulator.apiArguments,
                environment: simulator.tokenEnvironment
            )
            #expect(result.status == 0, "\(result)")
            expectExactlyOnce(try entryIDs(ofNDJSON: result.outputText), try simulator.expectedIDs(for: LogsQuery()))
            #expect(simulator.logsRequests.count == 20)
            #expect(simulator.counters.rateLimited == 0)
        }
    }

    @Test("--rate above Slack's 50 is refused against Slack, and accepted against a simulator on loopback")
    func rateOption() async throws {
        let refused = try await CLI.run(
            ["logs", "--rate", "60"],
            environment: ["SLACK_AUDIT_TOKEN": recognizableToken]
        )
        expectCleanFailure(refused, status: 64)
        #expect(refused.errorText.contains("--rate must be from 1 to 50 calls per minute, got 60"), "\(refused)")
        let zero = try await CLI.run(["logs", "--rate", "0"], environment: ["SLACK_AUDIT_TOKEN": recognizableToken])
        expectCleanFailure(zero, status: 64)
        try await withSimulator(events: 300) { simulator in
            let fast = try await CLI.run(
                ["logs", "--all", "--limit", "100", "--rate", "100000"] + simulator.apiArguments,
                environment: simulator.tokenEnvironment
            )
            #expect(fast.status == 0, "\(fast)")
            #expect(try entryIDs(ofNDJSON: fast.outputText).count == 300)
        }
    }

    @Test("--max-pages 2 stops after two pages")
    func maxPages() async throws {
        try await withSimulator(events: 1000) { simulator in
            let result = try await CLI.run(
                ["logs", "--all", "--max-pages", "2", "--limit", "100"] + simulator.apiArguments,
                environment: simulator.tokenEnvironment
            )
            #expect(result.status == 0, "\(result)")
            let requests = simulator.logsRequests
            #expect(requests.count == 2)
            var served = 0
            for request in requests {
                if case .page(let entries, _) = request.outcome { served += entries }
            }
            let lines = result.outputLines
            #expect(lines.count == served)
            #expect(lines.count >= 200 && lines.count < 1000)
            #expect(lines == Array(try simulator.expectedLines(for: LogsQuery()).prefix(lines.count)))
        }
    }

    @Test("--action, --actor, --oldest and --latest reach the API on every page, and select the right events")
    func filtersOnEveryPage() async throws {
        try await withSimulator { simulator in
            let entries = try simulator.expectedEvents(for: LogsQuery()).map {
                try JSONValue(parsing: simulator.renderJSON(of: $0))
            }
            let actor = try #require(mostFrequent(entries.compactMap { $0["actor"]?["user"]?["id"]?.stringValue }))
            let actions = mostFrequent(
                entries.filter { $0["actor"]?["user"]?["id"]?.stringValue == actor }.compactMap {
                    $0["action"]?.stringValue
                },
                count: 2
            )
            let oldest = referenceNow - 30 * 3600
            let latest = referenceNow - 2 * 3600
            let query = LogsQuery(latest: latest, oldest: oldest, actions: actions, actor: actor)
            let expected = try simulator.expectedIDs(for: query)
            try #require(expected.count >= 3, "enough events for three pages (\(expected.count))")
            let limit = (expected.count + 2) / 3
            let result = try await CLI.run(
                [
                    "logs", "--all", "--action", actions.joined(separator: ","), "--actor", actor,
                    "--oldest", String(oldest), "--latest", String(latest), "--limit", String(limit),
                ] + simulator.apiArguments,
                environment: simulator.tokenEnvironment
            )
            #expect(result.status == 0, "\(result)")
            let ids = try entryIDs(ofNDJSON: result.outputText)
            #expect(ids == expected)
            expectExactlyOnce(ids, expected)
            let requests = simulator.logsRequests
            #expect(requests.count >= 3)
            let filters = [
                "action": actions.joined(separator: ","), "actor": actor, "oldest": String(oldest),
                "latest": String(latest), "limit": String(limit),
            ]
            for (index, request) in requests.enumerated() {
                var parameters = request.queryParameters
                let cursor = parameters.removeValue(forKey: "cursor")
                #expect(parameters == filters, "page \(index + 1) re-sends the filters")
                #expect((cursor == nil) == (index == 0), "only the pages after the first carry a cursor")
            }
        }
    }

    @Test("--action repeated and comma-separated, and --entity, reach the API")
    func repeatedActionAndEntity() async throws {
        try await withSimulator { simulator in
            let result = try await CLI.run(
                [
                    "logs", "--action", "user_login", "--action", "file_downloaded,user_logout", "--entity", "T0XYZ",
                    "--limit", "5",
                ] + simulator.apiArguments,
                environment: simulator.tokenEnvironment
            )
            #expect(result.status == 0, "\(result)")
            let parameters = simulator.logsRequests.first?.queryParameters
            #expect(parameters?["action"] == "user_login,file_downloaded,user_logout")
            #expect(parameters?["entity"] == "T0XYZ")
        }
    }

    enum Expected: Sendable {
        /// These unix seconds.
        case at(Int64)
        /// This many seconds before the run.
        case ago(Int64)
    }

    struct TimeForm: Sendable, CustomTestStringConvertible {
        var oldest: String
        var expectedOldest: Expected
        var latest: String?
        var expectedLatest: Expected?
        var testDescription: String { "--oldest \(oldest)" + (latest.map { " --latest \($0)" } ?? "") }
    }

    @Test(
        "--oldest and --latest in every form reach the API as unix seconds",
        arguments: [
            TimeForm(
                oldest: "1749900000",
                expectedOldest: .at(1_749_900_000),
                latest: "1749950000",
                expectedLatest: .at(1_749_950_000)
            ),
            TimeForm(
                oldest: "2025-06-15T00:00:00Z",
                expectedOldest: .at(1_749_945_600),
                latest: "2025-06-15T01:00:00Z",
                expectedLatest: .at(1_749_949_200)
            ),
            TimeForm(
                oldest: "2025-06-14",
                expectedOldest: .at(1_749_859_200),
                latest: "2025-06-15",
                expectedLatest: .at(1_749_945_600)
            ),
            TimeForm(
                oldest: "2025-06-15T02:00:00+02:00",
                expectedOldest: .at(1_749_945_600),
                latest: "2025-06-15T00:30:00.250Z",
                expectedLatest: .at(1_749_947_400)
            ),
            TimeForm(oldest: "24h", expectedOldest: .ago(86_400), latest: "now", expectedLatest: .ago(0)),
            TimeForm(oldest: "7d", expectedOldest: .ago(7 * 86_400), latest: "90m", expectedLatest: .ago(5400)),
            TimeForm(oldest: "2w", expectedOldest: .ago(14 * 86_400), latest: nil, expectedLatest: nil),
        ]
    )
    func timeForms(_ form: TimeForm) async throws {
        try await withSimulator(events: 500) { simulator in
            var arguments = ["logs", "--oldest", form.oldest]
            if let latest = form.latest { arguments += ["--latest", latest] }
            let before = unixNow()
            let result = try await CLI.run(
                arguments + simulator.apiArguments,
                environment: simulator.tokenEnvironment
            )
            let after = unixNow()
            #expect(result.status == 0, "\(result)")
            let parameters = try #require(simulator.logsRequests.first?.queryParameters)
            func check(_ value: String?, _ expected: Expected?) {
                switch expected {
                case nil:
                    #expect(value == nil)
                case .at(let seconds):
                    #expect(value == String(seconds))
                case .ago(let seconds):
                    let sent = value.flatMap { Int64($0) } ?? -1
                    #expect((before - seconds - 1...after - seconds).contains(sent), "\(value ?? "nil")")
                }
            }
            check(parameters["oldest"], form.expectedOldest)
            check(parameters["latest"], form.expectedLatest)
        }
    }
}

/// The `count` most frequent values, most frequent first (ties by name).
func mostFrequent(_ values: [String], count: Int) -> [String] {
    var counts: [String: Int] = [:]
    for value in values { counts[value, default: 0] += 1 }
    return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(count).map(\.key)
}

func mostFrequent(_ values: [String]) -> String? { mostFrequent(values, count: 1).first }

/// Parses RFC 4180 CSV (CRLF line ends, quoted cells with doubled quotes).
func parseCSV(_ text: String) -> [[String]] {
    let scalars = Array(text.unicodeScalars)
    var rows: [[String]] = []
    var row: [String] = []
    var cell = String.UnicodeScalarView()
    var quoted = false
    var index = 0
    while index < scalars.count {
        let scalar = scalars[index]
        let next = index + 1 < scalars.count ? scalars[index + 1] : nil
        if quoted {
            if scalar == "\"" && next == "\"" {
                cell.append(scalar)
                index += 1
            } else if scalar == "\"" {
                quoted = false
            } else {
                cell.append(scalar)
            }
        } else if scalar == "\"" {
            quoted = true
        } else if scalar == "," {
            row.append(String(cell))
            cell = String.UnicodeScalarView()
        } else if scalar == "\r" && next == "\n" {
            row.append(String(cell))
            rows.append(row)
            row = []
            cell = String.UnicodeScalarView()
            index += 1
        } else {
            cell.append(scalar)
        }
        index += 1
    }
    if !cell.isEmpty || !row.isEmpty {
        row.append(String(cell))
        rows.append(row)
    }
    return rows
}
