import SlackAuditLogs
import SlackAuditLogsSimulator
import Testing

@Suite("Action catalog")
struct DataCatalogTests {
    @Test("The bundled capture has 25 categories and 770 actions")
    func bundledCatalog() throws {
        let catalog = try ActionCatalog.bundled()
        #expect(catalog.categories.count == 25)
        #expect(catalog.count == 770)
        #expect(catalog.categories == catalog.categories.sorted())
        let userLogin = try #require(catalog.index(of: "user_login"))
        #expect(catalog.name(of: userLogin) == "user_login")
        #expect(catalog.category(of: userLogin) == "user")
        #expect(catalog.entityKind(of: userLogin) == .user)
        #expect(catalog.index(of: "no_such_action") == nil)
        #expect(catalog.name(of: UInt16(catalog.count)) == nil)
        #expect(catalog.category(of: UInt16.max) == nil)
        #expect(catalog.entityKind(of: UInt16.max) == nil)
    }

    @Test("An action listed under two categories gets an index in each, the first in sorted category order")
    func repeatedActions() throws {
        let catalog = try ActionCatalog.bundled()
        let indices = catalog.indices(of: "permissions_assigned")
        #expect(indices.count == 2)
        #expect(indices.compactMap { catalog.category(of: $0) } == ["account_type_role", "message"])
        #expect(indices.compactMap { catalog.entityKind(of: $0) } == [.accountTypeRole, .message])
        #expect(catalog.index(of: "permissions_assigned") == indices.first)
        // The library maps a repeated action to the first category in sorted order too.
        let response = ActionsResponse(
            actions: Dictionary(
                uniqueKeysWithValues: catalog.categories.map { category in
                    (
                        category,
                        catalog.actions.indices.filter { catalog.category(of: UInt16($0)) == category }
                            .map { AuditLogAction(catalog.actions[$0]) }
                    )
                }
            )
        )
        #expect(response.category(of: "permissions_assigned") == "account_type_role")
    }

    @Test(
        "Entity kinds follow the category and the name",
        arguments: [
            ("user", "user_login", EntityKind.user), ("anomaly", "anomaly", .user),
            ("channel", "channel_renamed", .channel),
            ("file", "file_downloaded", .file), ("canvas", "canvas_created", .file), ("app", "app_installed", .app),
            ("slack_cli", "cli_login", .app), ("app_approval_automation_rule", "app_allowlist_rule_created", .app),
            ("workspace_or_org", "pref.allow_calls", .workspace),
            ("workspace_or_org", "organization_renamed", .enterprise),
            ("workspace_or_org", "enterprise_managed_auth_enabled", .enterprise),
            ("workspace_or_org", "org_verified", .enterprise),
            ("workspace_or_org", "quip_migration_org_mapping_added", .enterprise),
            ("subteam", "usergroup_updated", .usergroup), ("message", "message_tombstoned", .message),
            ("workflow_builder", "workflow_published", .workflow),
            ("workflow_v2", "workflow_v2_published", .workflowV2),
            ("barrier", "barrier_created", .barrier), ("role", "role_assigned", .role),
            ("account_type_role", "permissions_assigned", .accountTypeRole), ("huddle", "huddle_started", .huddle),
            ("list", "list_created", .list), ("function", "function_distribution_permission_set", .function),
            ("legal_hold", "legal_hold_policy_created", .enterprise), ("template", "template_created", .workspace),
            ("brand_new", "brand_new_channel_thing", .channel), ("brand_new", "brand_new_thing", .workspace),
        ]
    )
    func entityKinds(category: String, action: String, kind: EntityKind) {
        #expect(ActionCatalog.entityKind(category: category, action: action) == kind)
    }

    @Test("Categories are ordered by name whatever order the dictionary has")
    func deterministicOrder() throws {
        let first = try ActionCatalog(actionsByCategory: ["b": ["x", "y"], "a": ["z"], "c": ["x"]])
        #expect(first.categories == ["a", "b", "c"])
        #expect(first.actions == ["z", "x", "y", "x"])
        #expect(first.indices(of: "x") == [1, 3])
        #expect(first.category(of: 3) == "c")
    }

    @Test("Bad catalogs throw typed errors")
    func invalidCatalogs() {
        let cases: [[String: [String]]] = [[:], ["user": []], ["": ["a"]], ["user": [""]], ["user": ["a", "a"]]]
        for actions in cases {
            #expect(throws: SimulationError.self) { try ActionCatalog(actionsByCategory: actions) }
            do {
                _ = try ActionCatalog(actionsByCategory: actions)
            } catch {
                #expect(error.code == .invalidCatalog)
            }
        }
        let tooMany = ["big": (0...ActionCatalog.maximumCount).map { "a\($0)" }]
        #expect(throws: SimulationError.self) { try ActionCatalog(actionsByCategory: tooMany) }
        for body in ["", "[1,2]", "{\"actions\":5}", "{\"actions\":{\"user\":[\"a\"]", "not json"] {
            #expect(throws: SimulationError.self) { try ActionCatalog(actionsJSON: Array(body.utf8)) }
        }
        let parsed = try? ActionCatalog(actionsJSON: Array(#"{"actions":{"user":["user_login"]}}"#.utf8))
        #expect(parsed?.actions == ["user_login"])
    }
}
