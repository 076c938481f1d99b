/// One object type the API returns: `{"type": "channel", "channel": {"id": "string", …}}`.
public struct Schema: Sendable, Hashable, Codable, JSONObjectModel {
    /// The object type, such as `channel`.
    public var type: String?
    /// The type's fields by name, from the member named after ``type``.
    public var fields: [String: SchemaField] = [:]
    /// Members not modelled, or of an unexpected type, exactly as received.
    public var unknownFields: JSONObject = [:]

    /// Whether the fields came from (or go to) a member named after the type.
    private var hasFieldsMember = false

    /// A schema of `type` with `fields`.
    public init(type: String? = nil, fields: [String: SchemaField] = [:]) {
        self.type = type
        self.fields = fields
        self.hasFieldsMember = type != nil
    }

    public init(jsonObject: JSONObject) {
        var unknown = jsonObject
        if case .string(let type)? = jsonObject["type"] {
            self.type = type
            unknown["type"] = nil
            // The fields live under the member named after the type; any other shape stays unknown.
            if case .object(let members)? = jsonObject[type] {
                var fields: [String: SchemaField] = [:]
                for (name, value) in members {
                    guard case .string(let declared) = value else {
                        fields = [:]
                        break
                    }
                    fields[name.string] = SchemaField(declaredType: declared)
                }
                if fields.count == members.count {
                    self.fields = fields
                    self.hasFieldsMember = true
                    unknown[type] = nil
                }
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
        if let type {
            object["type"] = .string(type)
            if hasFieldsMember || !fields.isEmpty, object[type] == nil {
                object[type] = .object(JSONObject(stringKeys: fields.mapValues { .string($0.declaredType) }))
            }
        }
        return .object(object)
    }
}

extension Schema: JSONReadable {}
