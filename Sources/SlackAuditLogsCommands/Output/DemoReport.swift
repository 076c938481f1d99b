import Foundation
import SlackAuditLogs
import SlackAuditLogsCollector

/// What the demo prints: counts by category, action and actor, the time span, one entry, and what to run next.
struct DemoReport {
    var total = 0
    var byCategory: [String: Int] = [:]
    var byAction: [String: Int] = [:]
    var byActor: [String: Int] = [:]
    var first = Int64.max
    var last = Int64.min
    var sample: String?
    /// The output checked against the simulator's own list of events.
    var verification = ""

    /// Reads the collected NDJSON back and checks it against the IDs the simulator holds.
    init(path: String, expected: Set<String>) throws {
        var seen = Set<String>()
        var duplicates = 0
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            let entry = try JSONValue(parsing: Array(line))
            total += 1
            if let id = entry["id"]?.stringValue, !seen.insert(id).inserted { duplicates += 1 }
            let action = entry["action"]?.stringValue ?? "?"
            byAction[action, default: 0] += 1
            byCategory[AuditLogAction(action).knownCategory ?? "other", default: 0] += 1
            let user = entry["actor"]?["user"]
            let actor = user?["email"]?.stringValue ?? user?["name"]?.stringValue ?? "?"
            byActor[actor, default: 0] += 1
            if let date = entry["date_create"]?.intValue {
                first = min(first, date)
                last = max(last, date)
            }
            if sample == nil, entry["details"] != nil, entry["context"]?["ip_address"] != nil {
                sample = String(decoding: line, as: UTF8.self)
            }
        }
        let missing = expected.subtracting(seen).count
        let extra = seen.subtracting(expected).count
        verification =
            missing == 0 && extra == 0 && duplicates == 0
            ? "checked against the simulator: all \(expected.count) events, each exactly once"
            : "CHECK FAILED: \(missing) missing, \(duplicates) duplicated, \(extra) unexpected"
    }

    func render(summary: CollectionSummary, path: String, checkpoint: String, elapsed: Duration) -> String {
        func top(_ counts: [String: Int], _ count: Int) -> String {
            counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(count).map { name, value in
                "  " + String(value).leftPadded(to: 7) + "  " + name
            }.joined(separator: "\n")
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return """

            Collected \(summary.delivered) events in \(summary.pages) pages in \(String(format: "%.1f", seconds)) s \
            to \(path)
            (\(verification)).
            From \(first == .max ? "-" : iso8601(first)) to \(last == .min ? "-" : iso8601(last)) (UTC).

            Events by category:
            \(top(byCategory, 12))

            Top actions:
            \(top(byAction, 10))

            Top actors:
            \(top(byActor, 5))

            A sample entry, exactly as the API sent it:
              \(sample ?? "-")

            Against your organization (an org owner's user token with the auditlogs:read scope):
              export SLACK_AUDIT_TOKEN=xoxp-…
              slack-audit-logs logs --oldest 24h --action user_login
              slack-audit-logs collect --since 30d --output audit.ndjson --checkpoint audit.ckpt --follow
            The checkpoint of this run is \(checkpoint); run `slack-audit-logs --help` for everything else.

            """
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
