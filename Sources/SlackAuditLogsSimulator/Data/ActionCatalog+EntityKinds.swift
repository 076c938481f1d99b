extension ActionCatalog {
    /// The kind of entity an action is done to, from its category and name.
    ///
    /// - `user`, `anomaly` → `user`
    /// - `channel` → `channel`
    /// - `file`, `canvas` → `file`
    /// - `app`, `slack_cli`, `app_approval_automation_rule` → `app`
    /// - `workspace_or_org` → `enterprise` when the name starts with `organization_`, `enterprise_` or `org_`, or
    ///   contains `_org_`; otherwise `workspace`
    /// - `subteam` → `usergroup`
    /// - `message` → `message`
    /// - `workflow_builder` → `workflow`
    /// - `workflow_v2` → `workflow_v2`
    /// - `barrier`, `role`, `account_type_role`, `huddle`, `list`, `function` → the same kind
    /// - `legal_hold`, `native_dlp`, `salesforce_mcp_server` (organization-wide policies and connections) →
    ///   `enterprise`
    /// - `template`, `sales_elevate`, `slack_first_crm` → `workspace` (or `enterprise` by the name rule above)
    /// - any other category → by the first of these words the name contains: `channel` → `channel`; `file`,
    ///   `canvas` → `file`; `list` → `list`; `huddle` → `huddle`; `usergroup` → `usergroup`; `workflow` →
    ///   `workflow_v2`; `app` → `app`; `user`, `guest` → `user`; otherwise `workspace` (or `enterprise` by the name
    ///   rule above)
    package static func entityKind(category: String, action: String) -> EntityKind {
        switch category {
        case "user", "anomaly": return .user
        case "channel": return .channel
        case "file", "canvas": return .file
        case "app", "slack_cli", "app_approval_automation_rule": return .app
        case "subteam": return .usergroup
        case "message": return .message
        case "workflow_builder": return .workflow
        case "workflow_v2": return .workflowV2
        case "barrier": return .barrier
        case "role": return .role
        case "account_type_role": return .accountTypeRole
        case "huddle": return .huddle
        case "list": return .list
        case "function": return .function
        case "legal_hold", "native_dlp", "salesforce_mcp_server": return .enterprise
        case "workspace_or_org", "template", "sales_elevate", "slack_first_crm": return workspaceOrEnterprise(action)
        default: return guessedKind(action)
        }
    }

    private static func workspaceOrEnterprise(_ action: String) -> EntityKind {
        let isOrganizationWide =
            action.hasPrefix("organization_") || action.hasPrefix("enterprise_") || action.hasPrefix("org_")
            || action.contains("_org_")
        return isOrganizationWide ? .enterprise : .workspace
    }

    private static func guessedKind(_ action: String) -> EntityKind {
        let words: [(String, EntityKind)] = [
            ("channel", .channel), ("file", .file), ("canvas", .file), ("list", .list), ("huddle", .huddle),
            ("usergroup", .usergroup), ("workflow", .workflowV2), ("app", .app), ("user", .user), ("guest", .user),
        ]
        for (word, kind) in words where action.contains(word) {
            return kind
        }
        return workspaceOrEnterprise(action)
    }
}
