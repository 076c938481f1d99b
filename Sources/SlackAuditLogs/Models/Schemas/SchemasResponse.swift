/// The body of `GET schemas`: the object types the API returns, with their fields.
public struct SchemasResponse: Sendable, Hashable, Codable, SlackResponseBody {
    /// The schemas in the order received. The same type may appear more than once; see ``schemasByType``.
    public var schemas: [Schema] = []
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
    private var hasSchemasMember = false

    /// A body with these schemas.
    public init(schemas: [Schema] = []) {
        self.schemas = schemas
        self.hasSchemasMember = true
    }

    /// One schema per type, the fields of repeated types merged (a later declaration of a field wins).
    public var schemasByType: [String: Schema] {
        var merged: [String: Schema] = [:]
        for schema in schemas {
            guard let type = schema.type else { continue }
            merged[type, default: Schema(type: type)].fields.merge(schema.fields) { _, later in later }
        }
        return merged
    }

    public init(jsonObject: JSONObject) {
        var unknown: JSONObject = [:]
        for (key, value) in jsonObject {
            if envelopeFields.assign(key, value, unknown: &unknown) { continue }
            switch key {
            case "schemas":
                hasSchemasMember = true
                if let schemas = [Schema](jsonValue: value) {
                    self.schemas = schemas
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
        if hasSchemasMember, object["schemas"] == nil { object["schemas"] = schemas.jsonValue }
        envelopeFields.write(into: &object)
        return .object(object)
    }
}

extension SchemasResponse: JSONReadable {}
