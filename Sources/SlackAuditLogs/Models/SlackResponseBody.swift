/// A response body that may carry Slack's error fields, so one parse serves both success and failure.
protocol SlackResponseBody: JSONObjectModel, JSONReadable {
    var ok: Bool? { get }
    var error: String? { get }
    var needed: String? { get }
    var provided: String? { get }
    var warning: String? { get }
}

extension SlackResponseBody {
    var envelope: SlackErrorEnvelope {
        SlackErrorEnvelope(ok: ok, error: error, needed: needed, provided: provided, warning: warning)
    }
}

/// Reads Slack's envelope members (`ok`, `error`, `needed`, `provided`, `warning`) out of an object, leaving
/// members of an unexpected type in `unknown`. Returns whether `key` was one of them.
struct SlackEnvelopeFields: Sendable, Hashable {
    var ok: Bool?
    var error: String?
    var needed: String?
    var provided: String?
    var warning: String?

    mutating func assign(_ key: JSONKey, _ value: JSONValue, unknown: inout JSONObject) -> Bool {
        switch key {
        case "ok": SlackAuditLogs.assign(value, to: &ok, key: key, unknown: &unknown)
        case "error": SlackAuditLogs.assign(value, to: &error, key: key, unknown: &unknown)
        case "needed": SlackAuditLogs.assign(value, to: &needed, key: key, unknown: &unknown)
        case "provided": SlackAuditLogs.assign(value, to: &provided, key: key, unknown: &unknown)
        case "warning": SlackAuditLogs.assign(value, to: &warning, key: key, unknown: &unknown)
        default: return false
        }
        return true
    }

    func write(into object: inout JSONObject) {
        if let ok { object["ok"] = .bool(ok) }
        if let error { object["error"] = .string(error) }
        if let needed { object["needed"] = .string(needed) }
        if let provided { object["provided"] = .string(provided) }
        if let warning { object["warning"] = .string(warning) }
    }
}
