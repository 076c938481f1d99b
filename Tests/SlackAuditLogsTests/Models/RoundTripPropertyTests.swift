import Testing

@testable import SlackAuditLogs

@Suite("Round trips over generated data: random JSON trees, random entries, a full 9,999-entry page")
struct RoundTripPropertyTests {
    /// A random JSON tree of bounded depth.
    static func randomJSON(depth: Int, using rng: inout SeededGenerator) -> JSONValue {
        let pick = Int.random(in: 0..<(depth > 3 ? 6 : 8), using: &rng)
        switch pick {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .integer(Int64.random(in: .min ... .max, using: &rng))
        case 3:
            let value = Double.random(in: -1e12...1e12, using: &rng)
            return .double(value.rounded() == value ? value + 0.5 : value)
        case 4, 5: return .string(randomString(using: &rng))
        case 6:
            return .array(
                (0..<Int.random(in: 0...4, using: &rng)).map { _ in randomJSON(depth: depth + 1, using: &rng) }
            )
        default:
            var object: JSONObject = [:]
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                object[randomString(using: &rng)] = randomJSON(depth: depth + 1, using: &rng)
            }
            return .object(object)
        }
    }

    static func randomString(using rng: inout SeededGenerator) -> String {
        let alphabet: [Character] = [
            "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{01}", "é", "日", "😀", "+", "=",
        ]
        return String((0..<Int.random(in: 0...8, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "a" })
    }

    @Test("random JSON trees survive write → parse, with and without sorted keys", arguments: 0..<20)
    func randomTrees(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<50 {
            let value = Self.randomJSON(depth: 0, using: &rng)
            #expect(try JSONValue(parsing: value.jsonBytes()) == value, "seed \(seed)")
            #expect(try JSONValue(parsing: value.jsonString(sortedKeys: true)) == value, "seed \(seed)")
        }
    }

    /// A sample entry changed at random: members dropped, unknown members added, values replaced by random JSON.
    static func randomEntry(from samples: [FieldFixture.Sample], using rng: inout SeededGenerator) -> JSONValue {
        func mutate(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(var members):
                for key in members.keys.sorted() {
                    switch Int.random(in: 0..<10, using: &rng) {
                    case 0: members[key] = nil
                    case 1: members[key] = randomJSON(depth: 2, using: &rng)
                    default: members[key] = mutate(members[key] ?? .null)
                    }
                }
                if Bool.random(using: &rng) { members[randomString(using: &rng)] = randomJSON(depth: 3, using: &rng) }
                return .object(members)
            case .array(let elements):
                return .array(elements.map(mutate))
            default:
                return value
            }
        }
        return mutate(samples.randomElement(using: &rng)?.entry ?? [:])
    }

    @Test("random entries round-trip through the typed models", arguments: 0..<10)
    func randomEntries(seed: UInt64) throws {
        let samples = try FieldFixture.entrySamples()
        var rng = SeededGenerator(seed: 1000 + seed)
        for _ in 0..<200 {
            let json = Self.randomEntry(from: samples, using: &rng)
            let entry = AuditLogEntry(jsonObject: json.objectValue ?? [:])
            #expect(entry.jsonValue == json, "seed \(seed)")
        }
    }

    /// A full page: 9,999 entries made from the samples, each with its own ID and time.
    static func bigPage() throws -> JSONValue {
        let samples = try FieldFixture.entrySamples()
        var entries: [JSONValue] = []
        entries.reserveCapacity(9999)
        for number in 0..<9999 {
            guard var entry = samples[number % samples.count].entry.objectValue else { continue }
            entry["id"] = .string("entry-\(number)")
            entry["date_create"] = .integer(1_700_000_000 - Int64(number / 3))
            entries.append(.object(entry))
        }
        return ["entries": .array(entries), "response_metadata": ["next_cursor": "dXNlcjpVMEc5V0ZYTlo="]]
    }

    @Test("a 9,999-entry page decodes and round-trips")
    func fullPage() throws {
        let json = try Self.bigPage()
        let bytes = json.jsonBytes()
        #expect(bytes.count > 1_000_000)
        let page = try #require(LogsResponse(jsonValue: try JSONValue(parsing: bytes)))
        #expect(page.entries.count == 9999)
        #expect(Set(page.entries.compactMap(\.id)).count == 9999)
        #expect(page.nextCursor == "dXNlcjpVMEc5V0ZYTlo=")
        #expect(page.jsonValue == json)
    }
}
