/// Which shape of `details` an action gets when rendered: actions that carry the same information share a family.
enum DetailsFamily: UInt8, Sendable, Hashable, CaseIterable {
    case none
    case login
    case loginFailed
    case sessionReset
    case anomaly
    case preference
    case accountTypeChange
    case roleAssignment
    case roleDefinition
    case permissions
    case export
    case channelJoin
    case channelLeave
    case rename
    case emailChange
    case profile
    case retentionPolicy
    case channelPosting
    case sharedChannel
    case connectInvite
    case huddle
    case message
    case file
    case sharing
    case listEdit
    case template
    case cloned
    case appInstall
    case ruleMatch
    case ruleChange
    case datastore
    case appDeploy
    case collaborator
    case variables
    case mcp
    case adminAppConfig
    case flowAction
    case agent
    case distribution
    case suspiciousTrigger
    case oauthToken
    case workflow
    case usergroup
    case barrier
    case legalHold
    case identityProvider
    case salesforce
    case skill
    case unsupportedVersions
    case emoji
    case invitation
    case guestExpiration
    case userMapping
    case channelTab
    case authPolicy
    case ipRange
    case passwordReset
    case domain
    case assistant
    case migration

    /// The family of the action `action` of `category`.
    init(category: String, action: String) {
        self = Self.exact[action] ?? Self.byCategory(category, action) ?? Self.byName(action) ?? .none
    }

    private static let exact: [String: DetailsFamily] = [
        "user_login": .login, "cli_login": .login, "user_login_failed": .loginFailed,
        "ip_allowlist_access_denied": .loginFailed, "anomaly": .anomaly,
        "audit_logs_records_searched_anomaly": .anomaly, "prefs_setting_changed": .preference,
        "owner_transferred": .accountTypeChange, "role_assigned": .roleAssignment, "role_removed": .roleAssignment,
        "role_created": .roleDefinition, "role_updated": .roleDefinition, "role_deleted": .roleDefinition,
        "permissions_assigned": .permissions, "permissions_removed": .permissions, "user_channel_join": .channelJoin,
        "guest_channel_join": .channelJoin, "dm_user_added": .channelJoin, "user_channel_leave": .channelLeave,
        "guest_channel_leave": .channelLeave, "channel_renamed": .rename, "organization_renamed": .rename,
        "user_username_updated": .rename, "list_title_updated": .rename, "list_description_updated": .rename,
        "user_email_updated": .emailChange, "user_profile_updated": .profile, "user_profile_deleted": .profile,
        "channel_retention_changed": .retentionPolicy, "channel_workspaces_updated": .sharedChannel,
        "channel_moved": .sharedChannel, "external_user_disconnected": .connectInvite,
        "slack_ai_huddle_notes_generated": .huddle, "canvas_quip_document_cloned": .cloned,
        "app_allowlist_rule_matched": .ruleMatch, "native_dlp_rule_action_applied": .ruleMatch,
        "admin_app_config_updated": .adminAppConfig, "app_flows_execute_slack_action": .flowAction,
        "app_agentforce_execute_slack_action": .flowAction, "workflow_trigger_suspicious_keyword": .suspiciousTrigger,
        "workflow_ai_answer_suspicious_prompt": .suspiciousTrigger, "workflow_v2_published": .workflow,
        "workflow_responses_csv_download": .none, "user_created": .invitation, "guest_created": .invitation,
        "user_joined_workspace": .invitation, "guest_joined_workspace": .invitation, "org_owner_created": .invitation,
        "user_merged": .userMapping, "guest_transferred_to_external_user": .userMapping,
        "channel_tab_added": .channelTab, "channel_tab_removed": .channelTab, "ip_allowlist_enabled": .ipRange,
        "ip_allowlist_disabled": .ipRange, "emoji_renamed": .rename,
    ]

    private static func byCategory(_ category: String, _ action: String) -> DetailsFamily? {
        switch category {
        case "anomaly": return .anomaly
        case "role": return .roleDefinition
        case "barrier": return .barrier
        case "legal_hold": return .legalHold
        case "subteam": return .usergroup
        case "huddle": return .huddle
        case "workflow_builder": return .workflow
        case "file": return action.hasPrefix("slack_ai") ? .assistant : .file
        case "message": return .message
        case "app_approval_automation_rule": return .ruleChange
        case "native_dlp": return .ruleChange
        case "function": return .distribution
        case "salesforce_mcp_server": return .mcp
        case "sales_elevate", "slack_first_crm": return .salesforce
        case "template": return .template
        default: return nil
        }
    }

    private static func byName(_ action: String) -> DetailsFamily? {
        let prefixes: [(String, DetailsFamily)] = [
            ("user_login", .login), ("user_logout_", .sessionReset), ("pref.", .preference),
            ("slack_connect_pref", .preference), ("role_change_to_", .accountTypeChange),
            ("external_shared_channel", .sharedChannel), ("connect_dm_invite", .connectInvite),
            ("channel_posting", .channelPosting), ("channel_can_huddle", .channelPosting),
            ("channel_enable_at", .channelPosting), ("canvas_access", .sharing), ("list_access", .sharing),
            ("canvas_linksharing", .sharing), ("list_linksharing", .sharing), ("canvas_restricted_sharing", .sharing),
            ("list_restricted_sharing", .sharing), ("list_cell", .listEdit), ("list_column", .listEdit),
            ("list_row", .listEdit), ("list_view", .listEdit), ("list_default_view", .listEdit),
            ("app_datastore", .datastore), ("app_manifest", .appDeploy), ("child_app_manifest", .appDeploy),
            ("app_collaborator", .collaborator), ("app_variable", .variables), ("app_allowlist", .ruleChange),
            ("child_app_auto_install_rule", .ruleChange), ("agentforce_agent", .agent),
            ("app_agentforce", .agent), ("slackbot_ai", .agent), ("workflow_trigger_permission", .distribution),
            ("external_auth_oauth2_token", .oauthToken), ("idp_", .identityProvider),
            ("seamless_auth", .identityProvider), ("enterprise_managed_auth", .identityProvider),
            ("salesforce", .salesforce), ("slack_ai_skill", .skill), ("team.unsupportedVersions", .unsupportedVersions),
            ("team_unsupported_versions", .unsupportedVersions), ("emoji_", .emoji), ("guest_expir", .guestExpiration),
            ("migration_user", .userMapping), ("quip_migration_user", .userMapping), ("auth_policy", .authPolicy),
            ("team_authorized_ip_range", .ipRange), ("user_password_reset", .passwordReset), ("domain_", .domain),
            ("migration", .migration), ("workspace_copy", .migration), ("quip_migration", .migration),
        ]
        if let match = prefixes.first(where: { action.hasPrefix($0.0) }) {
            return match.1
        }
        let fragments: [(String, DetailsFamily)] = [
            ("mcp", .mcp), ("export", .export), ("session", .sessionReset), ("template", .template),
            ("_shared", .sharing), ("_unshared", .sharing), ("slack_ai", .assistant),
        ]
        if let match = fragments.first(where: { action.contains($0.0) }) {
            return match.1
        }
        let appInstallation = [
            "app_installed", "app_uninstalled", "app_approved", "app_restricted", "app_removed_from_whitelist",
            "app_scopes_expanded", "app_resources_granted", "app_token_preserved", "workflow_app_token_preserved",
            "bot_token_upgraded", "bot_token_downgraded", "org_app_", "cli_app_install", "child_app_auto_install",
        ]
        if appInstallation.contains(where: { action.hasPrefix($0) }) {
            return .appInstall
        }
        if ["app_deployed", "cli_app_deploy", "cli_app_delete", "app_deleted"].contains(action) {
            return .appDeploy
        }
        return nil
    }
}
