/// Writes compact JSON straight into a byte array: no `JSONEncoder`, no `String` formatting, so that rendering an
/// event costs a few microseconds.
///
/// Objects and arrays use a trick to avoid tracking commas: every member and element is written with a leading
/// comma, and closing the container turns the first of them into the opening bracket.
struct EventJSONWriter {
    var bytes: [UInt8]

    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let idAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)

    init(bytes: [UInt8] = []) {
        self.bytes = bytes
    }

    /// Appends `text` as is; it must be valid JSON where it lands.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends `text` in quotes, unescaped: only for literals without quotes, backslashes or control characters.
    mutating func quoted(_ text: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `text` as a JSON string, escaped.
    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw(#"\""#)
            case UInt8(ascii: "\\"): raw(#"\\"#)
            case UInt8(ascii: "\n"): raw(#"\n"#)
            case UInt8(ascii: "\r"): raw(#"\r"#)
            case UInt8(ascii: "\t"): raw(#"\t"#)
            case 0..<0x20:
                raw(#"\u00"#)
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends a JSON array of strings.
    mutating func strings(_ texts: [String]) {
        let start = beginContainer()
        for text in texts {
            element()
            string(text)
        }
        endArray(start)
    }

    /// Appends an integer in decimal.
    mutating func integer(_ value: Int64) {
        var magnitude = value.magnitude
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
        }
        var digits = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        var index = start + digits - 1
        repeat {
            bytes[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
            index -= 1
        } while magnitude > 0
    }

    /// Appends an integer in decimal.
    mutating func integer(_ value: Int) {
        integer(Int64(value))
    }

    /// Appends an integer in decimal, in quotes.
    mutating func quotedInteger(_ value: Int64) {
        bytes.append(UInt8(ascii: "\""))
        integer(value)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `true` or `false`.
    mutating func bool(_ value: Bool) {
        value ? raw("true") : raw("false")
    }

    /// Appends `digits` lowercase hexadecimal digits of `value` (the low ones), without quotes.
    mutating func hex(_ value: UInt64, digits: Int) {
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            bytes.append(Self.hexDigits[Int((value >> UInt64(shift)) & 0xF)])
        }
    }

    /// Appends a hexadecimal number without leading zeros (IPv6 groups).
    mutating func compactHex(_ value: UInt64) {
        var digits = 1
        while digits < 16, value >> UInt64(digits * 4) != 0 {
            digits += 1
        }
        hex(value, digits: digits)
    }

    /// Appends the event ID as a quoted lowercase UUID.
    mutating func uuid(_ id: EventID) {
        bytes.append(UInt8(ascii: "\""))
        hex(id.high >> 32, digits: 8)
        bytes.append(UInt8(ascii: "-"))
        hex(id.high >> 16, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        hex(id.high, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        hex(id.low >> 48, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        hex(id.low, digits: 12)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends a quoted Slack-style ID: `prefix` and eight random upper-case letters and digits.
    mutating func randomID(_ prefix: StaticString, using random: inout SimulationRandom) {
        bytes.append(UInt8(ascii: "\""))
        raw(prefix)
        for _ in 0..<8 {
            bytes.append(Self.idAlphabet[random.below(Self.idAlphabet.count)])
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `digits` random lowercase hexadecimal digits, quoted.
    mutating func randomHex(digits: Int, using random: inout SimulationRandom) {
        bytes.append(UInt8(ascii: "\""))
        var remaining = digits
        while remaining > 0 {
            let chunk = min(remaining, 16)
            hex(random.next(), digits: chunk)
            remaining -= chunk
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends one of `choices`, quoted (see ``quoted(_:)``).
    mutating func quotedChoice(_ choices: [StaticString], using random: inout SimulationRandom) {
        guard !choices.isEmpty else { return raw("\"\"") }
        quoted(choices[random.below(choices.count)])
    }

    /// Appends a JSON array of 1 to `maximum` distinct `choices`, quoted.
    mutating func quotedChoices(_ choices: [StaticString], maximum: Int, using random: inout SimulationRandom) {
        let start = beginContainer()
        let count = 1 + random.below(min(maximum, choices.count))
        let first = random.below(choices.count)
        for offset in 0..<count {
            element()
            quoted(choices[(first + offset) % choices.count])
        }
        endArray(start)
    }

    /// Appends fragment `index` of `table` (wrapped into range).
    mutating func fragment(_ table: FragmentTable, _ index: Int) {
        table.append(index, to: &bytes)
    }

    /// Starts an object or array whose members or elements will be written with a leading comma.
    mutating func beginContainer() -> Int {
        bytes.count
    }

    /// Starts a member: `,"key":`.
    mutating func member(_ key: StaticString) {
        raw(",\"")
        raw(key)
        raw("\":")
    }

    /// Starts an element of an array: `,`.
    mutating func element() {
        bytes.append(UInt8(ascii: ","))
    }

    /// Ends an object begun at `start`.
    mutating func endObject(_ start: Int) {
        end(start, open: UInt8(ascii: "{"), close: UInt8(ascii: "}"))
    }

    /// Ends an array begun at `start`.
    mutating func endArray(_ start: Int) {
        end(start, open: UInt8(ascii: "["), close: UInt8(ascii: "]"))
    }

    private mutating func end(_ start: Int, open: UInt8, close: UInt8) {
        if bytes.count == start {
            bytes.append(open)
        } else {
            bytes[start] = open
        }
        bytes.append(close)
    }
}
