import SlackAuditLogs
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Testing

@Suite("Event rendering")
struct DataRendererTests {
    /// 20,000 events rendered and parsed back, shared by the tests below.
    struct Rendered {
        let organization: SimulatedOrganization
        let catalog: ActionCatalog
        let renderer: SimulatedEventRenderer
        let events: [SimulatedEvent]
        let entries: [AuditLogEntry]

        init(count: Int = 20_000) throws {
            let (organization, catalog, events) = try DataTestSupport.events(count: count, seed: 21)
            let renderer = SimulatedEventRenderer(organization: organization, catalog: catalog)
            self.organization = organization
            self.catalog = catalog
            self.renderer = renderer
            self.events = events
            entries = try events.map { try AuditLogEntry(parsing: renderer.json(of: $0)) }
        }
    }

    @Test("The Mirror walk finds unknownFields at any depth (so the tests below can fail)")
    func walkerFindsUnknownFields() throws {
        let clean = try AuditLogEntry(parsing: Array(#"{"id":"x","details":{"type":"saml"}}"#.utf8))
        #expect(DataTestSupport.unknownFields(in: clean).isEmpty)
        let samples = [
            #"{"id":"x","bogus":1}"#, #"{"details":{"bogus":1}}"#, #"{"details":{"type":5}}"#,
            #"{"entity":{"type":"user","user":{"id":"W1","zzz":true}}}"#,
            #"{"details":{"permissions":[{"resource":{"grant":{"wildcard":{"odd":1}}}}]}}"#,
            #"{"context":{"session_id":true}}"#, #"{"details":{"succeeded_users":[1,2]}}"#,
        ]
        for sample in samples {
            let entry = try AuditLogEntry(parsing: Array(sample.utf8))
            #expect(!DataTestSupport.unknownFields(in: entry).isEmpty, "\(sample)")
        }
    }

    @Test("Every rendered entry parses completely and matches its event")
    func entriesParseCompletely() throws {
        let rendered = try Rendered()
        let organization = rendered.organization
        var problems: [String] = []
        for (event, entry) in zip(rendered.events, rendered.entries) {
            let unknown = DataTestSupport.unknownFields(in: entry)
            if !unknown.isEmpty {
                problems.append("\(rendered.catalog.actions[Int(event.action)]): \(unknown)")
            }
            #expect(entry.id == event.id.description)
            #expect(entry.dateCreate == event.dateCreate)
            #expect(entry.action?.rawValue == rendered.catalog.name(of: event.action))
            #expect(entry.actor?.type == "user")
            #expect(entry.actor?.user?.id == organization.userID(at: event.actor))
            let kind = try #require(rendered.catalog.entityKind(of: event.action))
            #expect(event.entity.kind == kind)
            #expect(entry.entity?.type == kind.rawValue)
            #expect(DataTestSupport.entityID(of: entry.entity, kind: kind) == organization.entityID(for: event.entity))
            #expect(entry.context?.location?.id != nil)
            #expect(entry.context?.ua?.isEmpty == false)
            #expect(entry.context?.ipAddress?.isEmpty == false)
            #expect(entry.context?.sessionIDValue != nil)
        }
        #expect(problems.isEmpty, "\(problems.prefix(10))")
    }

    @Test("Polymorphic fields appear in every shape Slack sends")
    func polymorphicShapes() throws {
        let rendered = try Rendered()
        var shapes: Set<String> = []
        for entry in rendered.entries {
            switch entry.context?.sessionIDValue {
            case .integer?: shapes.insert("session_id:integer")
            case .string?: shapes.insert("session_id:string")
            case nil: break
            }
            if let ip = entry.context?.ipAddress {
                shapes.insert(ip.contains(":") ? "ip:v6" : "ip:v4")
            }
            if entry.context?.app != nil { shapes.insert("context.app") }
            if entry.context?.actingAgent != nil { shapes.insert("context.acting_agent") }
            if entry.actor?.user?.accountType == nil { shapes.insert("actor:no_account_type") }
            guard let details = entry.details else { continue }
            for (name, value) in [
                ("new_value", details.newValue), ("previous_value", details.previousValue), ("reason", details.reason),
            ] {
                switch value {
                case .string?: shapes.insert("\(name):string")
                case .strings?: shapes.insert("\(name):list")
                case .object?: shapes.insert("\(name):object")
                case .other?: shapes.insert("\(name):other")
                case nil: break
                }
            }
            for (name, value) in [("succeeded_users", details.succeededUsers), ("failed_users", details.failedUsers)] {
                switch value {
                case .array?: shapes.insert("\(name):array")
                case .encoded(let text)?:
                    shapes.insert("\(name):string")
                    #expect(value?.userIDs != nil, "\(text) holds a JSON array")
                case nil: break
                }
            }
            switch details.actionTimestampValue {
            case .integer?: shapes.insert("action_timestamp:integer")
            case .string?: shapes.insert("action_timestamp:string")
            case nil: break
            }
            if details.inviter?.user != nil { shapes.insert("inviter:nested") }
            if details.inviter?.id != nil { shapes.insert("inviter:flat") }
            if details.kicker != nil { shapes.insert("kicker") }
            if details.newProfile != nil { shapes.insert("new_profile") }
            if details.newRetentionPolicy != nil { shapes.insert("retention_policy") }
            if details.exportType != nil { shapes.insert("export") }
            if details.scopes != nil { shapes.insert("scopes") }
            if details.matchedRule != nil { shapes.insert("matched_rule") }
            if details.permissions != nil { shapes.insert("permissions") }
        }
        let expected: Set<String> = [
            "session_id:integer", "session_id:string", "ip:v4", "ip:v6", "context.app", "context.acting_agent",
            "actor:no_account_type", "new_value:string", "new_value:list", "new_value:object", "previous_value:string",
            "previous_value:list", "previous_value:object", "reason:string", "reason:list", "reason:object",
            "succeeded_users:array", "succeeded_users:string", "failed_users:array", "failed_users:string",
            "action_timestamp:integer", "action_timestamp:string", "inviter:nested", "inviter:flat", "kicker",
            "new_profile", "retention_policy", "export", "scopes", "matched_rule", "permissions",
        ]
        #expect(expected.subtracting(shapes).isEmpty, "missing: \(expected.subtracting(shapes).sorted())")
        #expect(!shapes.contains { $0.hasSuffix(":other") })
    }

    @Test("Rendering is deterministic and escapes names exactly")
    func determinismAndEscaping() throws {
        let rendered = try Rendered(count: 3_000)
        let again = SimulatedEventRenderer(organization: rendered.organization, catalog: rendered.catalog)
        for event in rendered.events.prefix(500) {
            #expect(rendered.renderer.json(of: event) == again.json(of: event))
        }
        var buffer: [UInt8] = Array("prefix".utf8)
        rendered.renderer.appendJSON(of: rendered.events[0], to: &buffer)
        #expect(buffer == Array("prefix".utf8) + rendered.renderer.json(of: rendered.events[0]))
        // Names with quotes and non-ASCII letters round-trip through the JSON.
        let users = rendered.organization.users
        let tricky = users.indices.filter { users[$0].name.contains("\"") || users[$0].name.contains("ü") }
        #expect(!tricky.isEmpty)
        for index in tricky.prefix(20) {
            var event = rendered.events[0]
            event.actor = UInt32(index)
            let entry = try AuditLogEntry(parsing: rendered.renderer.json(of: event))
            #expect(entry.actor?.user?.name == users[index].name)
            #expect(entry.actor?.user?.email == users[index].email)
        }
    }

    @Test("Events with out-of-range indices still render valid entries")
    func outOfRange() throws {
        let rendered = try Rendered(count: 10)
        var event = rendered.events[0]
        event.action = .max
        event.actor = .max
        event.entity = EntityReference(kind: .huddle, index: .max)
        let entry = try AuditLogEntry(parsing: rendered.renderer.json(of: event))
        #expect(entry.id == event.id.description)
        #expect(DataTestSupport.unknownFields(in: entry).isEmpty)
    }
}
