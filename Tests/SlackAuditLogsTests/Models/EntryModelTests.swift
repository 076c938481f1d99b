import Foundation
import Testing

@testable import SlackAuditLogs

@Suite("Entry models: every field seen in the wild is modelled, and nothing is lost")
struct EntryModelTests {
    static let samples: [FieldFixture.Sample] = (try? FieldFixture.entrySamples()) ?? []
    /// The paths whose value is sometimes an object and sometimes not (one `DetailValue` property).
    static let unionPaths: [String] = ((try? FieldFixture.fields()) ?? [])
        .filter { $0.types.count > 1 && $0.types.contains("object") }.map(\.path)

    @Test("the fixture covers every path of logs-fields.tsv with every listed type")
    func fixtureCoversTheSpec() throws {
        let fields = try FieldFixture.fields()
        #expect(fields.count > 400)
        let entryFields = fields.filter { $0.path.hasPrefix("entries[].") }
        #expect(Self.samples.count == entryFields.reduce(0) { $0 + $1.types.count })
        let page = try FieldFixture.page()
        for field in fields where !field.path.hasPrefix("entries[]") {
            let key = String(field.path.split(separator: ".").first ?? "")
            #expect(page[key] != nil, "\(field)")
        }
    }

    @Test("each path lands in a modelled property and round-trips", arguments: samples)
    func everyPathIsModelled(_ sample: FieldFixture.Sample) throws {
        let object = try #require(sample.entry.objectValue)
        let entry = AuditLogEntry(jsonObject: object)
        #expect(UnknownFieldsWalker.nonEmptyUnknownFields(in: entry).isEmpty, "\(sample)")
        #expect(entry.jsonValue == sample.entry, "\(sample)")
    }

    @Test("the page-level members are modelled too, and the whole page round-trips")
    func pageLevel() throws {
        let json = try FieldFixture.page()
        let page = try #require(LogsResponse(jsonValue: json))
        #expect(UnknownFieldsWalker.nonEmptyUnknownFields(in: page).isEmpty)
        #expect(page.entries.count == Self.samples.count)
        #expect(page.ok == true)
        #expect(page.responseMetadata?.warnings != nil)
        #expect(page.jsonValue == json)
        let reparsed = try JSONValue(parsing: page.jsonValue.jsonBytes())
        #expect(reparsed == json)
    }

    @Test("polymorphic fields decode every shape and keep the one received")
    func polymorphicFields() throws {
        let json = try JSONValue(
            parsing: #"""
                [
                 {"context":{"session_id":9223372036854775807},"details":{"action_timestamp":1700000000123,
                  "new_value":"on","previous_value":["a","b"],"reason":{"code":7},
                  "succeeded_users":["U1","U2"],"failed_users":"[\"U3\"]"}},
                 {"context":{"session_id":"7001234567"},"details":{"action_timestamp":"1700000000.5",
                  "new_value":{"k":true},"previous_value":"off","reason":["x"],
                  "succeeded_users":"not json","failed_users":[]}}
                ]
                """#
        )
        let entries = try #require([AuditLogEntry](jsonValue: json))
        let first = entries[0]
        let second = entries[1]
        #expect(first.context?.sessionID == "9223372036854775807")
        #expect(first.context?.sessionIDValue == .integer(.max))
        #expect(second.context?.sessionID == "7001234567")
        #expect(second.context?.sessionIDValue == .string("7001234567"))
        #expect(first.details?.actionTimestampValue?.integerValue == 1_700_000_000_123)
        #expect(second.details?.actionTimestamp == "1700000000.5")
        #expect(first.details?.newValue == .string("on"))
        #expect(first.details?.previousValue == .strings(["a", "b"]))
        #expect(first.details?.reason == .object(["code": 7]))
        #expect(second.details?.newValue == .object(["k": true]))
        #expect(second.details?.reason?.stringsValue == ["x"])
        #expect(first.details?.succeededUsers?.userIDs == ["U1", "U2"])
        #expect(first.details?.failedUsers == .encoded(#"["U3"]"#))
        #expect(first.details?.failedUsers?.userIDs == ["U3"])
        #expect(second.details?.succeededUsers == .encoded("not json"))
        #expect(second.details?.succeededUsers?.userIDs == nil)
        #expect(second.details?.failedUsers?.userIDs == [])
        #expect(entries.jsonValue == json)
        #expect(entries.allSatisfy { UnknownFieldsWalker.nonEmptyUnknownFields(in: $0).isEmpty })
    }

    @Test("unknown members at every level survive decode and encode")
    func unknownMembersEverywhere() throws {
        var counter = 0
        func addUnknown(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(var members):
                members = members.mapValues(addUnknown)
                counter += 1
                members["x_future_\(counter)"] = ["added": .integer(Int64(counter))]
                return .object(members)
            case .array(let elements):
                return .array(elements.map(addUnknown))
            default:
                return value
            }
        }
        let page = addUnknown(try FieldFixture.page())
        let decoded = try #require(LogsResponse(jsonValue: page))
        #expect(decoded.jsonValue == page)
        #expect(!UnknownFieldsWalker.nonEmptyUnknownFields(in: decoded).isEmpty)
        #expect(decoded.unknownFields.keys.contains { $0.string.hasPrefix("x_future_") })
        #expect(decoded.entries.first?.unknownFields.keys.contains { $0.string.hasPrefix("x_future_") } == true)
    }

    @Test("a value of an unexpected type is kept, at every leaf", arguments: samples.filter { $0.type != "object" })
    func wrongTypes(_ sample: FieldFixture.Sample) throws {
        // Replace the sample's leaf with a value of another type: an object where a scalar or list is expected,
        // a number where anything else is expected.
        let isDetailValue = sample.field.types.contains("object") && sample.field.types.count > 1
        // A member of the object case of such a union (`new_value.type`) is kept inside the union's object.
        let unionParent = Self.unionPaths.first { sample.field.path.hasPrefix($0 + ".") }
        let wantsObject = !isDetailValue && (sample.type == "integer" || sample.type.hasPrefix("array"))
        let wrong: JSONValue = wantsObject ? ["odd": 1.5] : 3.25
        var entry = sample.entry
        FieldFixture.insert(wrong, at: sample.field.path.dropFirst("entries[].".count), into: &entry)
        let decoded = AuditLogEntry(jsonObject: try #require(entry.objectValue))
        #expect(decoded.jsonValue == entry, "\(sample)")
        // new_value, previous_value, reason and user_agent_change_details accept several shapes.
        let unions = [
            decoded.details?.newValue, decoded.details?.previousValue, decoded.details?.reason,
            decoded.details?.userAgentChangeDetails,
        ]
        if isDetailValue {
            // The odd shape is kept as DetailValue.other.
            #expect(unions.contains(.other(wrong)), "\(sample)")
        } else if sample.field.path.hasPrefix("entries[].details.arguments.") {
            // `arguments` is open-ended (a tool call's arguments): a JSONObject that keeps every member as received.
            let member = JSONKey(String(sample.field.path.dropFirst("entries[].details.arguments.".count)))
            #expect(decoded.details?.arguments?[member] == wrong, "\(sample)")
        } else if let unionParent {
            let member = JSONKey(String(sample.field.path.dropFirst(unionParent.count + 1)))
            #expect(unions.contains { $0?.objectValue?[member] == wrong }, "\(sample)")
        } else {
            #expect(!UnknownFieldsWalker.nonEmptyUnknownFields(in: decoded).isEmpty, "\(sample)")
        }
    }

    @Test("null members are kept as null")
    func nulls() throws {
        let json = try JSONValue(parsing: #"{"id":null,"actor":{"user":null},"details":{"reason":null}}"#)
        let entry = AuditLogEntry(jsonObject: try #require(json.objectValue))
        #expect(entry.id == nil)
        #expect(entry.unknownFields["id"] == .null)
        #expect(entry.jsonValue == json)
    }

    @Test("with duplicate keys the last value wins, as in Slack's reference SDK")
    func duplicateKeys() throws {
        let json = try JSONValue(
            parsing:
                #"{"id":"first","action":"user_login","id":"last","actor":{"type":"a","type":"user"},"action":"user_logout"}"#
        )
        let entry = AuditLogEntry(jsonObject: try #require(json.objectValue))
        #expect(entry.id == "last")
        #expect(entry.action == .userLogout)
        #expect(entry.actor?.type == "user")
    }

    @Test("the entity's object is typed by its type")
    func entityObject() throws {
        let channel = try JSONValue(
            parsing: #"{"type":"channel","channel":{"id":"C1","name":"general","privacy":"public"}}"#
        )
        let entity = try #require(AuditLogEntry.Entity(jsonValue: channel))
        guard case .channel(let value)? = entity.object else {
            Issue.record("Expected a channel, got \(String(describing: entity.object))")
            return
        }
        #expect(value.name == "general")
        let future = try JSONValue(parsing: #"{"type":"canvas","canvas":{"id":"F1"}}"#)
        let other = try #require(AuditLogEntry.Entity(jsonValue: future))
        #expect(other.object == .other(type: "canvas", value: ["id": "F1"]))
        let untyped = try #require(AuditLogEntry.Entity(jsonValue: try JSONValue(parsing: #"{"user":{"id":"W1"}}"#)))
        guard case .user(let user)? = untyped.object else {
            Issue.record("Expected a user")
            return
        }
        #expect(user.id == "W1")
    }

    @Test("action names: constants, unknown names, categories")
    func actionNames() throws {
        let entry = AuditLogEntry(jsonObject: ["action": "brand_new_action_2027"])
        #expect(entry.action == AuditLogAction("brand_new_action_2027"))
        #expect(entry.action?.isKnown == false)
        #expect(AuditLogAction.userLogin.rawValue == "user_login")
        #expect(AuditLogAction.userLogin.knownCategory == "user")
        #expect(AuditLogAction.knownCategories.count == 762)
        #expect(AuditLogAction("team.unsupportedVersions.job.end") == .teamUnsupportedVersionsJobEnd)
    }

    @Test("models also work through Codable, with JSONEncoder and JSONDecoder")
    func codable() throws {
        let sample = try #require(Self.samples.first { $0.field.path == "entries[].context.session_id" })
        let entry = AuditLogEntry(jsonObject: try #require(sample.entry.objectValue))
        let data = try JSONEncoder().encode(entry)
        let decoded = try JSONDecoder().decode(AuditLogEntry.self, from: data)
        #expect(decoded == entry)
    }
}
