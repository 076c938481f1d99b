import SlackAuditLogs

/// A column of `logs --format table|csv`: a named shortcut or a dotted JSON path into the entry.
struct EntryField: Sendable, Hashable {
    let name: String

    static let defaults = ["time", "action", "actor", "entity", "ip"].map(EntryField.init(name:))

    /// The shortcuts, for `--help`.
    static let shortcuts =
        "time (date_create in UTC ISO 8601), actor (email, name or ID), entity (type: name or ID), ip, ua, "
        + "or any dotted path such as id, date_create, context.session_id, actor.user.id, details.new_value"

    /// Parses `--fields time,action,actor.user.id`.
    static func parse(_ text: String) throws -> [EntryField] {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty && !$0.contains(" ") }) else {
            throw CLIError(
                message: "--fields \"\(text)\" is not a comma-separated list of field names.",
                hint: "For example --fields time,action,actor,context.ip_address. Fields: \(shortcuts).",
                exitCode: ExitStatus.usage
            )
        }
        return names.map(EntryField.init(name:))
    }

    /// The column's text for one entry (empty when absent).
    func value(in entry: JSONValue) -> String {
        switch name {
        case "time":
            return entry["date_create"]?.intValue.map(iso8601) ?? ""
        case "actor":
            let user = entry["actor"]?["user"]
            return user?["email"]?.stringValue ?? user?["name"]?.stringValue ?? user?["id"]?.stringValue
                ?? entry["actor"]?["type"]?.stringValue ?? ""
        case "entity":
            guard let type = entry["entity"]?["type"]?.stringValue else { return "" }
            let object = entry["entity"]?[type]
            let label = object?["name"]?.stringValue ?? object?["email"]?.stringValue ?? object?["id"]?.stringValue
            return label.map { "\(type): \($0)" } ?? type
        case "ip":
            return entry["context"]?["ip_address"]?.stringValue ?? ""
        case "ua":
            return entry["context"]?["ua"]?.stringValue ?? ""
        default:
            var current: JSONValue? = entry
            for key in name.split(separator: ".") {
                if let index = Int(key), case .array = current {
                    current = current?[index]
                } else {
                    current = current?[String(key)]
                }
            }
            return current.map(Self.text(of:)) ?? ""
        }
    }

    private static func text(of value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .null: return ""
        default: return value.jsonString(sortedKeys: true)
        }
    }
}
