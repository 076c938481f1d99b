extension EventGenerator {
    /// How often each common action happens relative to a rare one (weight 1). Every action of the catalog keeps a
    /// weight of at least 1, so a large enough batch holds every action.
    static let commonActionWeights: [String: Double] = [
        "user_login": 300, "user_logout": 120, "user_login_failed": 15, "file_downloaded": 300, "file_uploaded": 120,
        "file_shared": 50, "file_public_link_created": 4, "file_deleted": 8, "user_channel_join": 120,
        "user_channel_leave": 40, "guest_channel_join": 10, "public_channel_created": 15, "private_channel_created": 10,
        "public_channel_archive": 4, "channel_renamed": 5, "app_installed": 12, "app_uninstalled": 4, "app_approved": 6,
        "app_restricted": 2, "app_scopes_expanded": 4, "org_app_installed": 3, "bot_token_upgraded": 2,
        "user_created": 10, "guest_created": 5, "user_deactivated": 6, "role_change_to_admin": 3,
        "role_change_to_owner": 2, "role_change_to_user": 3, "role_change_to_guest": 3, "role_assigned": 6,
        "role_removed": 4, "anomaly": 15, "user_session_reset_by_admin": 4, "bulk_session_reset_by_admin": 2,
        "manual_export_started": 2, "manual_export_completed": 2, "manual_export_downloaded": 2,
        "scheduled_export_completed": 3, "user_profile_updated": 8, "user_email_updated": 3, "huddle_started": 15,
        "huddle_ended": 15, "huddle_participant_joined": 20, "canvas_edited": 15, "canvas_created": 8,
        "canvas_opened": 20, "list_opened": 8, "message_tombstoned": 3, "workflow_published": 3,
        "workflow_v2_published": 3, "user_added_to_usergroup": 6, "user_removed_from_usergroup": 3,
        "channel_retention_changed": 2, "external_shared_channel_connected": 2,
    ]

    /// The relative frequency of an action.
    static func weight(of action: String) -> Double {
        if let weight = commonActionWeights[action] { return weight }
        return action.hasPrefix("pref.") ? 1.5 : 1
    }

    /// Whether admins and owners, rather than any user, mostly do the action.
    static func isAdministrative(category: String, action: String) -> Bool {
        let categories: Set<String> = [
            "workspace_or_org", "role", "account_type_role", "barrier", "app_approval_automation_rule", "legal_hold",
            "native_dlp", "subteam", "salesforce_mcp_server", "sales_elevate",
        ]
        let everyday = ["mcp_slack", "slack_ai", "emoji", "custom_tos", "search_query"]
        if everyday.contains(where: { action.contains($0) }) { return false }
        return categories.contains(category) || action.hasPrefix("role_change") || action.hasSuffix("_by_admin")
    }

    /// Whether a user action is done by the user to themselves (signing in, editing their profile), so that the
    /// entity is the actor.
    static func targetsActor(action: String) -> Bool {
        let prefixes = [
            "user_login", "user_logout", "user_session", "user_profile", "user_email", "user_username", "user_passkey",
            "user_password", "custom_tos", "anomaly", "user_joined_workspace", "guest_joined_workspace", "slack_ai_",
            "user_added_reminder", "app_agentforce", "slackbot_ai", "user_force_upgrade",
        ]
        return prefixes.contains(where: { action.hasPrefix($0) }) && !action.contains("by_admin")
    }
}
