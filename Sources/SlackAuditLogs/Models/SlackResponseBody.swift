/// A response body that may carry Slack's error fields, so one parse serves both success and failure.
protocol SlackResponseBody: JSONObjectModel, JSONReadable {
    var ok: Bool? { get }
    var error: String? { get }
    var needed: String? { get }
    var provided: String? { get }
    var warning: String? { get }
}

extension SlackResponseBody {
    var envelope: SlackEnvelope {
        SlackEnvelope(ok: ok, error: error, needed: needed, provided: provided, warning: warning)
    }
}

/// Slack's envelope, `{"ok": false, "error": "…", "needed": "…", "provided": "…", "warning": "…"}`: the package's one
/// reading and writing of it, for the typed responses, the error classification and the simulator's answers.
package struct SlackEnvelope: Sendable, Hashable {
    var ok: Bool?
    var error: String?
    var needed: String?
    var provided: String?
    var warning: String?

    init(ok: Bool? = nil, error: String? = nil, needed: String? = nil, provided: String? = nil, warning: String? = nil)
    {
        self.ok = ok
        self.error = error
        self.needed = needed
        self.provided = provided
        self.warning = warning
    }

    /// The envelope of any JSON object; `nil` when `json` is not one.
    init?(json: JSONValue?) {
        guard case .object(let object)? = json else { return nil }
        var unknown: JSONObject = [:]
        self.init()
        for (key, value) in object { _ = assign(key, value, unknown: &unknown) }
    }

    /// Reads `key` when it is an envelope member, leaving a value of an unexpected type in `unknown`. Returns whether
    /// `key` was one of them.
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

    /// ``assign(_:_:unknown:)`` straight from the bytes: reads the member's value when `key` is an envelope member.
    mutating func read(
        _ key: String,
        from parser: inout JSONParser,
        unknown: inout JSONObject
    ) throws(JSONParseError)
        -> Bool
    {
        switch key {
        case "ok": try parser.read(into: &ok, key: key, unknown: &unknown)
        case "error": try parser.read(into: &error, key: key, unknown: &unknown)
        case "needed": try parser.read(into: &needed, key: key, unknown: &unknown)
        case "provided": try parser.read(into: &provided, key: key, unknown: &unknown)
        case "warning": try parser.read(into: &warning, key: key, unknown: &unknown)
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

    /// The body of a Slack error answer, `{"ok":false,"error":"<code>"}`, plus `extra` members (for example
    /// `response_metadata`), written by the library's own JSON writer.
    package static func errorBody(_ code: String, extra: JSONObject = [:]) -> [UInt8] {
        var object = extra
        SlackEnvelope(ok: false, error: code).write(into: &object)
        return JSONValue.object(object).jsonBytes()
    }
}
