/// A coding key for any string, used to read and write the keys a model does not know.
struct AnyCodingKey: CodingKey, Hashable, Sendable {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ string: String) { self.stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}

extension KeyedDecodingContainer where K == AnyCodingKey {
    /// Every member whose key is not in `known`, kept as JSON.
    func unknownFields(excluding known: Set<String>) throws -> [String: JSONValue] {
        var fields: [String: JSONValue] = [:]
        for key in allKeys where !known.contains(key.stringValue) {
            fields[key.stringValue] = try decode(JSONValue.self, forKey: key)
        }
        return fields
    }
}

extension KeyedEncodingContainer where K == AnyCodingKey {
    /// Writes back the members a model did not know.
    mutating func encodeUnknownFields(_ fields: [String: JSONValue]) throws {
        for (key, value) in fields {
            try encode(value, forKey: AnyCodingKey(key))
        }
    }
}
