import Testing

@testable import SlackAuditLogs

@Suite("Schemas and actions: the real captures decode, merge and round-trip")
struct CaptureModelTests {
    @Test("the /actions capture: 25 categories, 770 listed names, reverse lookup")
    func actions() throws {
        let json = try TestResources.json("captures", "actions.json")
        let response = try #require(ActionsResponse(jsonValue: json))
        #expect(response.unknownFields.isEmpty)
        #expect(response.categories.count == 25)
        #expect(response.actions.values.reduce(0) { $0 + $1.count } == 770)
        #expect(response.allNames.count == 762)
        #expect(response.category(of: .userLogin) == "user")
        #expect(response.categoryByAction[.fileDownloaded] == "file")
        #expect(response.category(of: "not_an_action") == nil)
        #expect(Set(response.allNames) == Set(AuditLogAction.knownCategories.keys))
        #expect(response.jsonValue == json)
    }

    @Test("the /schemas capture: every schema, merged by type, field types parsed")
    func schemas() throws {
        let json = try TestResources.json("captures", "schemas.json")
        let response = try #require(SchemasResponse(jsonValue: json))
        #expect(UnknownFieldsWalker.nonEmptyUnknownFields(in: response).isEmpty)
        #expect(response.schemas.count == 21)
        let merged = response.schemasByType
        #expect(merged.count == 16)
        let appDeclarations = response.schemas.filter { $0.type == "app" }
        #expect(appDeclarations.count == 3)
        let appFields = Set(appDeclarations.flatMap(\.fields.keys))
        #expect(Set(merged["app"]?.fields.keys.map { $0 } ?? []) == appFields)
        #expect(merged["channel"]?.fields["id"]?.type == .string)
        #expect(response.jsonValue == json)
        let allTypes = response.schemas.flatMap(\.fields.values)
        #expect(!allTypes.contains { if case .other = $0.type { return true } else { return false } })
    }

    @Test(
        "declared field types parse, keeping the original text",
        arguments: [
            ("string", SchemaFieldType.string),
            ("bool", .bool),
            ("int", .int),
            ("array", .array),
            ("vec<string>", .vec(.string)),
            ("Optional: vec<string>", .optional(.vec(.string))),
            ("dict<string, mixed>", .dict(key: .string, value: .mixed)),
            ("vec<dict<string, mixed>>", .vec(.dict(key: .string, value: .mixed))),
            ("tuple<int>", .other("tuple<int>")),
        ]
    )
    func fieldTypes(_ text: String, expected: SchemaFieldType) {
        let field = SchemaField(declaredType: text)
        #expect(field.type == expected)
        #expect(field.declaredType == text)
    }

    @Test("a schema whose field list has an unexpected shape is kept as received")
    func oddSchema() throws {
        let json = try JSONValue(parsing: #"{"schemas":[{"type":"x","x":{"id":{"nested":"string"}}},{"type":"y"}]}"#)
        let response = try #require(SchemasResponse(jsonValue: json))
        #expect(response.schemas[0].unknownFields["x"] != nil)
        #expect(response.jsonValue == json)
    }
}
