/// A type that converts to and from ``JSONValue`` without losing anything.
///
/// Every model of this library conforms (inside the package; users call each model's own `init(jsonObject:)` and
/// `jsonValue`): `init(jsonValue:)` fails only when the value has another shape, and `jsonValue` gives back what was
/// received, unknown keys included.
package protocol JSONRepresentable: Sendable {
    /// The value for `jsonValue`, or `nil` when it has another shape (a number where a string is expected, …).
    init?(jsonValue: JSONValue)
    /// The value as JSON.
    var jsonValue: JSONValue { get }
}

/// A JSON object model: the members it knows become properties, the rest stay in ``unknownFields``.
package protocol JSONObjectModel: JSONRepresentable, Codable, Hashable {
    /// Builds the model from an object. Never fails: a member of an unexpected type stays in ``unknownFields``.
    init(jsonObject: JSONObject)
    /// Members this version does not model, or whose value had an unexpected type, exactly as received.
    var unknownFields: JSONObject { get set }
}

extension JSONObjectModel {
    package init?(jsonValue: JSONValue) {
        guard case .object(let object) = jsonValue else { return nil }
        self.init(jsonObject: object)
    }
}

extension JSONValue {
    /// Decodes a JSON object through any `Decoder`, for models' `Decodable` conformance.
    ///
    /// Prefer ``JSONValue/init(parsing:)-(String)`` with a model's `init(jsonObject:)`: it keeps the last of
    /// duplicate keys and the exact number types, which a `JSONDecoder` may not.
    package static func decodeObject(from decoder: any Decoder) throws -> JSONObject {
        let value = try JSONValue(from: decoder)
        guard case .object(let object) = value else {
            throw DecodingError.typeMismatch(
                JSONObject.self,
                .init(codingPath: decoder.codingPath, debugDescription: "Expected a JSON object")
            )
        }
        return object
    }
}

/// Stores `value` in `field` when it has the field's type; otherwise keeps it in `unknown` under `key`.
@inline(__always)
func assign<T: JSONRepresentable>(
    _ value: JSONValue,
    to field: inout T?,
    key: JSONKey,
    unknown: inout JSONObject
) {
    if let converted = T(jsonValue: value) {
        field = converted
    } else {
        unknown[key] = value
    }
}

/// ``assign(_:to:key:unknown:)`` for a member name read as a `String`.
@inline(__always)
func assign<T: JSONRepresentable>(
    _ value: JSONValue,
    to field: inout T?,
    key: String,
    unknown: inout JSONObject
) {
    assign(value, to: &field, key: JSONKey(key), unknown: &unknown)
}

extension JSONValue: JSONRepresentable {
    package init?(jsonValue: JSONValue) { self = jsonValue }
    package var jsonValue: JSONValue { self }
}

extension String: JSONRepresentable {
    package init?(jsonValue: JSONValue) {
        guard case .string(let value) = jsonValue else { return nil }
        self = value
    }

    package var jsonValue: JSONValue { .string(self) }
}

extension Bool: JSONRepresentable {
    package init?(jsonValue: JSONValue) {
        guard case .bool(let value) = jsonValue else { return nil }
        self = value
    }

    package var jsonValue: JSONValue { .bool(self) }
}

extension Int64: JSONRepresentable {
    /// Only a JSON integer converts: `1.0` stays a double, kept in `unknownFields`, so it re-encodes as `1.0`.
    package init?(jsonValue: JSONValue) {
        guard case .integer(let value) = jsonValue else { return nil }
        self = value
    }

    package var jsonValue: JSONValue { .integer(self) }
}

extension Array: JSONRepresentable where Element: JSONRepresentable {
    /// Converts when every element converts; otherwise the whole array is kept as received.
    package init?(jsonValue: JSONValue) {
        guard case .array(let values) = jsonValue else { return nil }
        var elements: [Element] = []
        elements.reserveCapacity(values.count)
        for value in values {
            guard let element = Element(jsonValue: value) else { return nil }
            elements.append(element)
        }
        self = elements
    }

    package var jsonValue: JSONValue { .array(map(\.jsonValue)) }
}

extension Dictionary: JSONRepresentable where Key == JSONKey, Value == JSONValue {
    package init?(jsonValue: JSONValue) {
        guard case .object(let object) = jsonValue else { return nil }
        self = object
    }

    package var jsonValue: JSONValue { .object(self) }
}

extension JSONReadable where Self: JSONObjectModel {
    /// Reads through a ``JSONValue``: right for small bodies; the generated models read their members directly.
    static func read(from parser: inout JSONParser) throws(JSONParseError) -> Self? {
        guard parser.peek() == UInt8(ascii: "{") else { return nil }
        return Self(jsonValue: try parser.readValue())
    }
}

extension JSONParser {
    /// Parses a whole document into a model, reading members straight from the bytes.
    ///
    /// - Throws: ``JSONParseError`` when the bytes are not JSON, or when the top level is not an object.
    static func model<Model: JSONReadable>(
        _ type: Model.Type,
        from bytes: some Sequence<UInt8>
    ) throws(JSONParseError) -> Model {
        let result: Result<Model?, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) in try JSONParser.read(Model.self, from: UnsafeRawBufferPointer(buffer))
            }
        }
        let value: Model?
        if let result {
            value = try result.get()
        } else {
            let copy = Array(bytes)
            value = try copy.withUnsafeBytes { buffer in
                Result { () throws(JSONParseError) in try JSONParser.read(Model.self, from: buffer) }
            }.get()
        }
        guard let value else { throw JSONParseError(offset: 0, reason: "the top level is not a JSON object") }
        return value
    }
}
