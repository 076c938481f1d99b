extension JSONValue {
    /// The value as compact JSON text.
    ///
    /// - Parameter sortedKeys: write object members in key order, so the same value always gives the same text.
    public func jsonString(sortedKeys: Bool = false) -> String {
        String(decoding: jsonBytes(sortedKeys: sortedKeys), as: UTF8.self)
    }

    /// The value as compact JSON, UTF-8 encoded.
    ///
    /// - Parameter sortedKeys: write object members in key order, so the same value always gives the same bytes.
    public func jsonBytes(sortedKeys: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        write(into: &output, sortedKeys: sortedKeys)
        return output
    }

    /// Appends the value as compact JSON to `output`.
    public func write(into output: inout [UInt8], sortedKeys: Bool = false) {
        switch self {
        case .null:
            output.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(let value):
            output.append(contentsOf: value ? [0x74, 0x72, 0x75, 0x65] : [0x66, 0x61, 0x6C, 0x73, 0x65])
        case .integer(let value):
            output.append(contentsOf: String(value).utf8)
        case .double(let value):
            if value.isFinite {
                output.append(contentsOf: value.description.utf8)
            } else {
                // JSON has no infinities or NaN; such a value can only come from code, never from parsing.
                output.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
            }
        case .string(let value):
            Self.writeString(value, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                element.write(into: &output, sortedKeys: sortedKeys)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            var first = true
            func member(_ key: JSONKey, _ value: JSONValue) {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                Self.writeString(key.string, into: &output)
                output.append(UInt8(ascii: ":"))
                value.write(into: &output, sortedKeys: sortedKeys)
            }
            if sortedKeys {
                for key in members.keys.sorted() {
                    if let value = members[key] { member(key, value) }
                }
            } else {
                for (key, value) in members { member(key, value) }
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Writes a string literal, escaping only what JSON requires: quotes, backslashes and control characters.
    static func writeString(_ string: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""):
                output.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"):
                output.append(contentsOf: [0x5C, 0x5C])
            case 0x0A:
                output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D:
                output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09:
                output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [
                    0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)],
                ])
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension JSONValue: CustomStringConvertible {
    /// The value as compact JSON with sorted keys.
    public var description: String { jsonString(sortedKeys: true) }
}

extension JSONValue {
    /// Where the first NaN or infinite number is (`$`, `$.key`, `$[2]`), or `nil` when every number is finite.
    func pathOfNonFiniteNumber(_ path: String = "$") -> String? {
        switch self {
        case .double(let value):
            return value.isFinite ? nil : path
        case .array(let elements):
            for (offset, element) in elements.enumerated() {
                if let found = element.pathOfNonFiniteNumber("\(path)[\(offset)]") { return found }
            }
            return nil
        case .object(let members):
            for (key, value) in members {
                if let found = value.pathOfNonFiniteNumber("\(path).\(key.string)") { return found }
            }
            return nil
        default:
            return nil
        }
    }
}
