/// A JSON text that could not be parsed: where, and why.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The byte offset where parsing stopped.
    public var offset: Int
    /// What was wrong there.
    public var reason: String

    public var description: String { "Invalid JSON at byte \(offset): \(reason)" }
}

/// A strict RFC 8259 parser into ``JSONValue``.
///
/// It differs from Foundation's `JSONDecoder` where this library needs it to: a duplicate key keeps its **last**
/// value (as Slack's reference SDK does), a number written without fraction or exponent that fits in 64 bits stays
/// an integer while `1.0` stays a double (so re-encoding gives the same types back), and nesting deeper than
/// ``maximumDepth`` is refused instead of exhausting the stack.
struct JSONParser {
    /// The deepest nesting of arrays and objects accepted.
    static let maximumDepth = 512

    private let bytes: UnsafeRawBufferPointer
    private(set) var index = 0
    /// How deep the reader is inside objects and arrays (for the typed reading API).
    private var depth = 0
    /// Members of the objects being parsed, innermost last: each object is built once, at its final size, instead
    /// of growing a dictionary member by member.
    private var members: [(String, JSONValue)] = []

    init(bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    /// Parses a whole document: one value, optionally surrounded by white space.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.error("unexpected data after the JSON value") }
        return value
    }

    private func error(_ reason: String) -> JSONParseError {
        JSONParseError(offset: index, reason: reason)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["):
            return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        default:
            throw error("unexpected character")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("unexpected end of input") }
        let expected = UnsafeRawBufferPointer(start: literal.utf8Start, count: count)
        for offset in 0..<count where bytes[index + offset] != expected[offset] {
            throw error("invalid literal")
        }
        index += count
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object([:])
        }
        let start = members.count
        defer { members.removeSubrange(start...) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            members.append((key, try parseValue(depth: depth)))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an object") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                var object = JSONObject(minimumCapacity: members.count - start)
                // A later duplicate replaces the earlier value.
                for (key, value) in members[start...] { object[key] = value }
                return .object(object)
            default:
                throw error("expected ',' or '}'")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        index += 1
        var array: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            array.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input in an array") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                return .array(array)
            default:
                throw error("expected ',' or ']'")
            }
        }
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes, the bytes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in a string") }
            index += 1
        }
        var buffer = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<min(index, bytes.count)]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                try parseEscape(into: &buffer)
            case 0..<0x20:
                throw error("control character in a string")
            default:
                buffer.append(byte)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONParseError) {
        guard index < bytes.count else { throw error("unterminated escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): buffer.append(0x22)
        case UInt8(ascii: "\\"): buffer.append(0x5C)
        case UInt8(ascii: "/"): buffer.append(0x2F)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4()
            if (0xD800..<0xDC00).contains(scalar) {
                // A high surrogate must be followed by \u and a low surrogate.
                if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    let escape = index
                    index += 2
                    let low = try parseHex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        // A lone high surrogate is valid JSON (any \u escape is) but not Unicode: it reads as U+FFFD,
                        // as a lone one at the end of a string does, and the next escape is read on its own.
                        scalar = 0xFFFD
                        index = escape
                    }
                } else {
                    scalar = 0xFFFD
                }
            } else if (0xDC00..<0xE000).contains(scalar) {
                scalar = 0xFFFD
            }
            let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
            buffer.append(contentsOf: Array(String(character).utf8))
        default:
            index -= 1
            throw error("invalid escape")
        }
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        var negative = false
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        guard index < bytes.count, Self.isDigit(bytes[index]) else { throw error("expected a digit") }
        if bytes[index] == UInt8(ascii: "0"), index + 1 < bytes.count, Self.isDigit(bytes[index + 1]) {
            throw error("leading zero in a number")
        }
        // Accumulate negatively so that Int64.min fits.
        var magnitude: Int64 = 0
        var overflow = false
        while index < bytes.count, Self.isDigit(bytes[index]) {
            let digit = Int64(bytes[index] - UInt8(ascii: "0"))
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.subtractingReportingOverflow(digit)
            overflow = overflow || o1 || o2
            magnitude = next
            index += 1
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw error("expected a digit after '.'") }
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw error("expected a digit in exponent") }
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }
        if isInteger && !overflow {
            if negative { return .integer(magnitude) }
            let (positive, o) = Int64(0).subtractingReportingOverflow(magnitude)
            if !o { return .integer(positive) }
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let double = Double(text), double.isFinite else { throw error("number out of range") }
        return .double(double)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}

// MARK: Reading typed values straight from the bytes

/// A type that reads itself from a ``JSONParser`` without building a ``JSONValue`` first.
protocol JSONReadable {
    /// Reads a value, or returns `nil` when the next value has another shape. After `nil` the caller rewinds.
    static func read(from parser: inout JSONParser) throws(JSONParseError) -> Self?
}

extension JSONParser {
    /// A position to come back to when a value turns out to have another shape.
    struct Mark {
        fileprivate var index: Int
        fileprivate var depth: Int
    }

    var mark: Mark { Mark(index: index, depth: depth) }

    mutating func rewind(to mark: Mark) {
        index = mark.index
        depth = mark.depth
    }

    /// The first byte of the next value, after white space.
    mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    /// Reads any value.
    mutating func readValue() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        return try parseValue(depth: depth)
    }

    /// Consumes `{` and returns true, or returns false when the next value is not an object.
    mutating func beginObject() throws(JSONParseError) -> Bool {
        guard peek() == UInt8(ascii: "{") else { return false }
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        index += 1
        return true
    }

    /// The next member's key, with its `:` consumed, or `nil` at the end of the object (its `}` consumed).
    ///
    /// - Parameter isFirst: true before the first member; set to false once a key is read, so that every later
    ///   member must follow a `,`.
    mutating func nextKey(_ isFirst: inout Bool) throws(JSONParseError) -> String? {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input in an object") }
        if bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return nil
        }
        if !isFirst {
            guard bytes[index] == UInt8(ascii: ",") else { throw error("expected ',' or '}'") }
            index += 1
            skipWhitespace()
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key") }
        isFirst = false
        let key = try parseString()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
        index += 1
        return key
    }

    /// Consumes `[` and returns true, or returns false when the next value is not an array.
    mutating func beginArray() throws(JSONParseError) -> Bool {
        guard peek() == UInt8(ascii: "[") else { return false }
        depth += 1
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        index += 1
        return true
    }

    /// Whether another element follows (its `,` consumed), or false at the end of the array (its `]` consumed).
    mutating func hasNextElement(first: Bool) throws(JSONParseError) -> Bool {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input in an array") }
        switch bytes[index] {
        case UInt8(ascii: "]"):
            index += 1
            depth -= 1
            return false
        case UInt8(ascii: ",") where !first:
            index += 1
            return true
        default:
            guard first else { throw error("expected ',' or ']'") }
            return true
        }
    }

    /// Reads a member's value into `field` when it has the field's type; otherwise keeps it in `unknown`.
    /// With duplicate keys, the last value wins, wherever it lands.
    mutating func read<T: JSONReadable>(
        into field: inout T?,
        key: String,
        unknown: inout JSONObject
    ) throws(JSONParseError) {
        let start = mark
        if let value = try T.read(from: &self) {
            field = value
            if !unknown.isEmpty { unknown[key] = nil }
        } else {
            rewind(to: start)
            unknown[key] = try readValue()
            field = nil
        }
    }

    /// Reads a whole document whose top level is a `T`; `nil` when the top level has another shape.
    static func read<T: JSONReadable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> T? {
        var parser = JSONParser(bytes: bytes)
        let start = parser.mark
        guard let value = try T.read(from: &parser) else {
            // Not that shape: still make sure the document is valid JSON, so the caller can tell the two apart.
            parser.rewind(to: start)
            _ = try parser.readValue()
            parser.skipWhitespace()
            guard parser.index == bytes.count else { throw parser.error("unexpected data after the JSON value") }
            return nil
        }
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.error("unexpected data after the JSON value") }
        return value
    }

    mutating func readString() throws(JSONParseError) -> String? {
        guard peek() == UInt8(ascii: "\"") else { return nil }
        return try parseString()
    }

    mutating func readBool() throws(JSONParseError) -> Bool? {
        switch peek() {
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return true
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return false
        default:
            return nil
        }
    }

    mutating func readInteger() throws(JSONParseError) -> Int64? {
        guard let first = peek(), first == UInt8(ascii: "-") || Self.isDigit(first) else { return nil }
        guard case .integer(let value) = try parseNumber() else { return nil }
        return value
    }
}

// MARK: Skipping values without building them

extension JSONParser {
    /// Skips one value without building it, checking its structure: brackets, commas, colons, literals, numbers,
    /// and string escapes. The raw page scanner uses it to pass entries through as the exact bytes received.
    mutating func skipValue() throws(JSONParseError) {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "{"):
            depth += 1
            guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
            index += 1
            var isFirst = true
            while true {
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input in an object") }
                if bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    depth -= 1
                    return
                }
                if !isFirst {
                    guard bytes[index] == UInt8(ascii: ",") else { throw error("expected ',' or '}'") }
                    index += 1
                    skipWhitespace()
                }
                isFirst = false
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key") }
                try skipString()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
                index += 1
                try skipValue()
            }
        case UInt8(ascii: "["):
            guard try beginArray() else { throw error("expected an array") }
            var first = true
            while try hasNextElement(first: first) {
                first = false
                try skipValue()
            }
        case UInt8(ascii: "t"):
            try expectLiteral("true")
        case UInt8(ascii: "f"):
            try expectLiteral("false")
        case UInt8(ascii: "n"):
            try expectLiteral("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = try parseNumber()
        default:
            throw error("unexpected character")
        }
    }

    /// Skips a string, checking escapes and refusing raw control characters.
    private mutating func skipString() throws(JSONParseError) {
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                index += 1
                guard index < bytes.count else { break }
                switch bytes[index] {
                case UInt8(ascii: "u"):
                    index += 1
                    _ = try parseHex4()
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 1
                default:
                    throw error("invalid escape")
                }
                continue
            }
            if byte < 0x20 { throw error("control character in a string") }
            index += 1
        }
        throw error("unterminated string")
    }

    /// What the next value is, for messages: "an object", "a list", "a string", "a number", "true or false", "null".
    mutating func kindOfNextValue() -> String {
        switch peek() {
        case UInt8(ascii: "{"): "an object"
        case UInt8(ascii: "["): "a list"
        case UInt8(ascii: "\""): "a string"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "true or false"
        case UInt8(ascii: "n"): "null"
        case nil: "missing"
        default: "a number"
        }
    }

    /// Whether the parser has reached the end of the document (white space aside).
    mutating func isAtEnd() -> Bool {
        skipWhitespace()
        return index == bytes.count
    }
}

extension JSONValue: JSONReadable {
    static func read(from parser: inout JSONParser) throws(JSONParseError) -> JSONValue? {
        try parser.readValue()
    }
}

extension String: JSONReadable {
    static func read(from parser: inout JSONParser) throws(JSONParseError) -> String? {
        try parser.readString()
    }
}

extension Bool: JSONReadable {
    static func read(from parser: inout JSONParser) throws(JSONParseError) -> Bool? {
        try parser.readBool()
    }
}

extension Int64: JSONReadable {
    static func read(from parser: inout JSONParser) throws(JSONParseError) -> Int64? {
        try parser.readInteger()
    }
}

extension Array: JSONReadable where Element: JSONReadable {
    static func read(from parser: inout JSONParser) throws(JSONParseError) -> [Element]? {
        guard try parser.beginArray() else { return nil }
        var elements: [Element] = []
        var first = true
        while try parser.hasNextElement(first: first) {
            first = false
            guard let element = try Element.read(from: &parser) else { return nil }
            elements.append(element)
        }
        return elements
    }
}

extension Dictionary: JSONReadable where Key == JSONKey, Value == JSONValue {
    static func read(from parser: inout JSONParser) throws(JSONParseError) -> JSONObject? {
        guard parser.peek() == UInt8(ascii: "{") else { return nil }
        return try parser.readValue().objectValue
    }
}

extension JSONValue {
    /// Parses JSON text.
    ///
    /// A duplicate key keeps its last value; integers stay integers and `1.0` stays a double.
    /// - Throws: ``JSONParseError`` with the offset and the reason.
    public init(parsing text: String) throws(JSONParseError) {
        var text = text
        let result = text.withUTF8 { bytes in
            Result { () throws(JSONParseError) in try JSONParser.parse(UnsafeRawBufferPointer(bytes)) }
        }
        self = try result.get()
    }

    /// Parses JSON bytes (UTF-8).
    public init(parsing bytes: some Sequence<UInt8>) throws(JSONParseError) {
        let result: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) in try JSONParser.parse(UnsafeRawBufferPointer(buffer)) }
        }
        if let result {
            self = try result.get()
        } else {
            let copy = Array(bytes)
            let result = copy.withUnsafeBytes { buffer in
                Result { () throws(JSONParseError) in try JSONParser.parse(buffer) }
            }
            self = try result.get()
        }
    }
}
