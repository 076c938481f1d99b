/// The name of a member of a JSON object, compared byte for byte.
///
/// Swift's `String` compares canonically equivalent text as equal: `"é"` written as one scalar (U+00E9) and as `e`
/// followed by a combining accent (U+0301) are the same `String` key, so a dictionary keyed by `String` would merge two
/// members that JSON keeps apart, and lose one. A `JSONKey` is equal to another only when their UTF-8 bytes are.
///
/// String literals are keys, and objects can be subscripted with a `String`:
///
/// ```swift
/// let object: JSONObject = ["id": "abc"]
/// object["id"]                       // "abc"
/// for (key, value) in object { print(key.string, value) }
/// ```
public struct JSONKey: Hashable, Comparable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The name as text.
    public let string: String

    /// The key named `string`.
    public init(_ string: String) {
        self.string = string
    }

    public init(stringLiteral value: String) {
        self.string = value
    }

    public static func == (lhs: JSONKey, rhs: JSONKey) -> Bool {
        lhs.string.utf8.elementsEqual(rhs.string.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        let utf8 = string.utf8
        let contiguous: Void? = utf8.withContiguousStorageIfAvailable {
            hasher.combine(bytes: UnsafeRawBufferPointer($0))
        }
        if contiguous == nil {
            for byte in utf8 { hasher.combine(byte) }
        }
        hasher.combine(0xFF as UInt8)  // a byte no UTF-8 text holds, ending the key
    }

    /// Byte order, which is also the order of Unicode scalars: how sorted keys are written.
    public static func < (lhs: JSONKey, rhs: JSONKey) -> Bool {
        lhs.string.utf8.lexicographicallyPrecedes(rhs.string.utf8)
    }

    public var description: String { string }
}

/// The members of a JSON object, keyed byte for byte (see ``JSONKey``).
public typealias JSONObject = [JSONKey: JSONValue]

extension Dictionary where Key == JSONKey {
    /// The member named `key`, by its exact bytes.
    public subscript(key: String) -> Value? {
        get { self[JSONKey(key)] }
        set { self[JSONKey(key)] = newValue }
    }

    /// An object from a dictionary keyed by `String`.
    init(stringKeys dictionary: [String: Value]) {
        self.init(uniqueKeysWithValues: dictionary.map { (JSONKey($0.key), $0.value) })
    }
}

extension JSONKey: Codable, CodingKeyRepresentable {
    public init(from decoder: any Decoder) throws {
        string = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(string)
    }

    public var codingKey: any CodingKey { AnyKey(stringValue: string) }

    public init?<T: CodingKey>(codingKey: T) {
        string = codingKey.stringValue
    }

    /// A coding key for any member name.
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
