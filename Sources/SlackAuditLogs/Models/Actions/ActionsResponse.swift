/// The body of `GET actions`: action names grouped by category.
public struct ActionsResponse: Sendable, Hashable, Codable, SlackResponseBody {
    /// Category → action names, as received.
    public var actions: [String: [AuditLogAction]] = [:]
    /// Slack's `ok` flag.
    public var ok: Bool? {
        get { envelopeFields.ok }
        set { envelopeFields.ok = newValue }
    }
    /// Slack's error code, on failure.
    public var error: String? {
        get { envelopeFields.error }
        set { envelopeFields.error = newValue }
    }
    /// The scope the call needs, on a scope error.
    public var needed: String? {
        get { envelopeFields.needed }
        set { envelopeFields.needed = newValue }
    }
    /// The scopes the token has, on a scope error.
    public var provided: String? {
        get { envelopeFields.provided }
        set { envelopeFields.provided = newValue }
    }
    /// A warning from Slack.
    public var warning: String? {
        get { envelopeFields.warning }
        set { envelopeFields.warning = newValue }
    }
    /// Members not modelled, or of an unexpected type, exactly as received.
    public var unknownFields: JSONObject = [:]

    private var envelopeFields = SlackEnvelope()
    private var hasActionsMember = false

    /// A body with these categories.
    public init(actions: [String: [AuditLogAction]] = [:]) {
        self.actions = actions
        self.hasActionsMember = true
    }

    /// The categories, sorted.
    public var categories: [String] { actions.keys.sorted() }

    /// Every action name once, sorted.
    public var allNames: [AuditLogAction] { Set(actions.values.joined()).sorted() }

    /// Action → category. An action listed under several categories maps to the first in sorted order.
    public var categoryByAction: [AuditLogAction: String] {
        var result: [AuditLogAction: String] = [:]
        for category in categories {
            for action in actions[category] ?? [] where result[action] == nil {
                result[action] = category
            }
        }
        return result
    }

    /// The category of `action`, or `nil` when it is not listed.
    public func category(of action: AuditLogAction) -> String? {
        categories.first { actions[$0]?.contains(action) == true }
    }

    public init(jsonObject: JSONObject) {
        var unknown: JSONObject = [:]
        for (key, value) in jsonObject {
            if envelopeFields.assign(key, value, unknown: &unknown) { continue }
            switch key {
            case "actions":
                hasActionsMember = true
                guard case .object(let categories) = value else {
                    unknown[key] = value
                    continue
                }
                var parsed: [String: [AuditLogAction]] = [:]
                for (category, names) in categories {
                    guard let list = [AuditLogAction](jsonValue: names) else { break }
                    parsed[category.string] = list
                }
                if parsed.count == categories.count {
                    actions = parsed
                } else {
                    unknown[key] = value
                }
            default:
                unknown[key] = value
            }
        }
        unknownFields = unknown
    }

    public init(from decoder: any Decoder) throws {
        self.init(jsonObject: try JSONValue.decodeObject(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }

    public var jsonValue: JSONValue {
        var object = unknownFields
        if hasActionsMember, object["actions"] == nil {
            object["actions"] = .object(JSONObject(stringKeys: actions.mapValues { $0.jsonValue }))
        }
        envelopeFields.write(into: &object)
        return .object(object)
    }
}

extension ActionsResponse: JSONReadable {}
