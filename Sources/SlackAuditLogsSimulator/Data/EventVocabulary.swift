/// Literal values events are rendered with. The `StaticString` ones are written unescaped, so none may hold a
/// quote, a backslash or a control character; the `String` ones are escaped once, when a renderer is made.
enum EventVocabulary {
    /// Web browsers.
    static let browserAgents = [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/125.0.0.0 Safari/537.36 Edg/125.0.0.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            + "Version/17.4.1 Safari/605.1.15",
        "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
    ]
    /// The desktop app.
    static let desktopAgents = [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Slack/4.38.125 "
            + "Chrome/124.0.6367.243 Electron/30.1.0 Safari/537.36 Sonic",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Slack/4.37.101 "
            + "Chrome/122.0.6261.156 Electron/29.4.0 Safari/537.36 Sonic",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Slack/4.36.140 "
            + "Chrome/120.0.6099.291 Electron/28.2.10 Safari/537.36 Sonic",
    ]
    /// The mobile apps.
    static let mobileAgents = [
        "com.tinyspeck.chatlyio/24.05.10 (iPhone; iOS 17.5.1; Scale/3.00)",
        "com.tinyspeck.chatlyio/24.04.20 (iPad; iOS 17.4; Scale/2.00)",
        "Slack/24.05.10.0 (Linux; Android 14; Pixel 8 Build/AP1A.240505.005)",
        "Slack/24.04.30.0 (Linux; Android 13; SM-S918B Build/TP1A.220624.014)",
    ]
    /// Scripts and integrations calling the API.
    static let apiAgents = [
        "python-requests/2.31.0", "Go-http-client/2.0", "curl/8.6.0", "Apache-HttpClient/4.5.14 (Java/17.0.10)",
        "Slack-Ruby-Client/2.3.0", "slack-cli/2.25.0 (darwin; arm64)",
    ]
    /// First bytes of public IPv6 addresses.
    static let ipv6Prefixes: [StaticString] = [
        "2601:644", "2a02:c7c", "2600:1700", "2407:7000", "2a01:4f8", "2001:4860",
    ]
    /// First octets of public IPv4 addresses.
    static let ipv4FirstOctets: [Int64] = [73, 98, 24, 68, 104, 136, 185, 203, 81, 91, 49, 212, 34, 52]
    /// Agents acting for users.
    static let actingAgents: [StaticString] = ["slackbot", "agentforce", "slack_ai"]

    /// How users sign in.
    static let loginTypes: [StaticString] = ["sso", "password", "magic_link", "oauth", "passkey"]
    /// Authentication methods.
    static let authenticationMethods: [StaticString] = ["saml", "password", "google_oauth", "magic_link", "passkey"]
    /// Second factors.
    static let secondFactors: [StaticString] = ["totp", "sms", "backup_code", "security_key"]
    /// Why a sign-in failed.
    static let loginFailures: [StaticString] = [
        "invalid_password", "sso_required", "two_factor_failed", "ip_not_allowed", "account_locked", "user_deactivated",
    ]
    /// Why an anomaly was flagged.
    static let anomalyReasons: [StaticString] = [
        "asn", "ip_address", "session_fingerprint", "tor", "unexpected_client", "unexpected_admin_action",
        "excessive_downloads", "user_agent", "api_query_volume", "unexpected_scraping", "impossible_travel",
    ]
    /// Actions anomalies are raised for.
    static let anomalyActions: [StaticString] = [
        "user_login", "file_downloaded", "search_query", "user_session_reset_by_admin", "app_installed",
        "api_call", "export",
    ]
    /// Where an anomaly happened.
    static let places: [StaticString] = [
        "San Francisco, California, US", "Dublin, Leinster, IE", "Tokyo, Tokyo, JP", "Berlin, Berlin, DE",
        "Lagos, Lagos, NG", "Sao Paulo, Sao Paulo, BR", "Sydney, New South Wales, AU", "Toronto, Ontario, CA",
    ]
    /// Why a user's sessions were ended.
    static let sessionReasons: [StaticString] = [
        "compromised_credentials", "non_compliant_mobile_app_version", "admin_action", "password_changed",
        "circuit_breaker",
    ]

    /// String values of preferences.
    static let preferenceStrings: [StaticString] = [
        "true", "false", "admin", "everyone", "owner", "regular", "30", "90", "365", "custom", "disabled", "enabled",
    ]
    /// List values of preferences.
    static let preferenceLists: [StaticString] = [
        "admin", "owner", "org_admin", "org_owner", "regular", "ra", "ura", "everyone", "workspace_admin",
    ]
    /// Retention types.
    static let retentionTypes: [StaticString] = ["keep_all", "delete_after_duration", "keep_all_and_revisions"]
    /// Account types, for role changes.
    static let accountTypes: [StaticString] = [
        "user", "admin", "owner", "restricted", "ultra_restricted", "primary_owner",
    ]
    /// Permissions of roles.
    static let permissions: [StaticString] = [
        "channels:manage", "channels:read", "users:manage", "users:read", "workflows:manage", "audit_logs:read",
        "roles:manage", "conversations:manage", "dlp:manage", "analytics:read", "legal_holds:manage",
        "integrations:manage",
    ]
    /// Kinds of permission.
    static let permissionTypes: [StaticString] = ["everyone", "named_entities", "app_collaborators", "workspaces"]
    /// Resource types permissions apply to.
    static let resourceTypes: [StaticString] = ["channel", "workspace", "usergroup", "canvas"]
    /// Wildcards of permission grants.
    static let wildcards: [StaticString] = ["all_channels", "all_workspaces", "all_users"]

    /// Kinds of export.
    static let exportTypes: [StaticString] = ["standard", "corporate", "channel", "user", "json", "csv"]
    /// States of a long-running job.
    static let jobStatuses: [StaticString] = ["started", "in_progress", "completed", "failed"]

    /// Access levels of shared documents.
    static let accessLevels: [StaticString] = ["read", "write", "edit", "comment", "owner"]
    /// Who a document was shared to.
    static let shareTargets: [StaticString] = ["channel", "user", "workspace", "org"]
    /// Free-text reasons given with an app request.
    static let appReasons: [StaticString] = [
        "Needed for sprint planning", "Customer support escalations", "Replaces our old integration",
        "Security review passed", "Requested by the team lead",
    ]
    /// Codes of why an app was approved or restricted.
    static let appReasonCodes: [StaticString] = [
        "install_approved", "user_requested", "admin_installed", "policy_matched", "scopes_expanded",
        "no_longer_needed",
    ]
    /// Ways an app gets approved.
    static let approvalTypes: [StaticString] = ["request", "admin_install", "pre_approved", "automation_rule"]
    /// Resolutions of an app request or a DLP violation.
    static let resolutions: [StaticString] = ["approved", "restricted", "blocked", "warned", "allowed"]
    /// Decisions of automation rules.
    static let decisions: [StaticString] = ["allow", "deny", "pending_review"]
    /// Condition operators of rules.
    static let operators: [StaticString] = ["and", "or", "contains", "equals", "not_equals"]
    /// Fields rules look at.
    static let ruleFields: [StaticString] = ["scopes", "app_id", "message_text", "file_name", "channel_type"]
    /// Titles of rules.
    static let ruleTitles: [StaticString] = [
        "Block broad scopes", "Allow approved vendors", "Credit card numbers", "Confidential keywords",
        "API keys in messages", "External sharing",
    ]
    /// Datastore attribute types.
    static let attributeTypes: [StaticString] = ["string", "integer", "boolean", "timestamp", "user_id", "channel_id"]
    /// Names of an app's parts.
    static let functionNames: [StaticString] = ["create_ticket", "lookup_customer", "send_summary", "approve_request"]
    /// Names of an app's workflows.
    static let workflowCallbacks: [StaticString] = ["pto_request", "incident_intake", "daily_standup", "onboarding"]
    /// Names of datastores.
    static let datastoreNames: [StaticString] = ["tickets", "approvals", "standups", "customers"]
    /// Environment variables of apps.
    static let variableNames: [StaticString] = ["API_KEY", "WEBHOOK_URL", "CLIENT_SECRET", "BASE_URL", "ENV"]
    /// Slack MCP tools.
    static let mcpTools: [StaticString] = [
        "slack_search_public", "slack_read_channel", "slack_send_message", "slack_read_thread", "slack_search_users",
        "slack_read_canvas", "slack_create_canvas",
    ]
    /// MCP server names.
    static let mcpServers: [StaticString] = ["Slack MCP", "Salesforce MCP", "GitHub MCP", "Atlassian MCP"]
    /// MCP server addresses.
    static let mcpURLs: [StaticString] = [
        "https://mcp.slack.com/mcp", "https://api.salesforce.com/mcp", "https://api.githubcopilot.com/mcp",
        "https://mcp.atlassian.com/v1/sse",
    ]
    /// How an MCP client behaved.
    static let mcpBehaviors: [StaticString] = ["read", "write", "search", "unknown"]
    /// Domains allowed for MCP servers.
    static let mcpDomains: [StaticString] = ["mcp.slack.com", "api.salesforce.com", "mcp.atlassian.com", "example.com"]
    /// Kinds of app configuration.
    static let configTypes: [StaticString] = ["app_settings", "event_subscriptions", "interactivity", "oauth"]
    /// API methods agents call.
    static let apiMethods: [StaticString] = [
        "chat.postMessage", "conversations.history", "users.info", "files.upload", "reactions.add",
    ]
    /// Workflow triggers.
    static let triggers: [StaticString] = ["shortcut", "event", "webhook", "scheduled", "link"]
    /// Keywords that flag a workflow.
    static let suspiciousKeywords: [StaticString] = ["password", "gift card", "wire transfer", "ignore previous"]
    /// OAuth providers.
    static let providers: [StaticString] = ["google", "github", "salesforce", "microsoft", "atlassian"]
    /// Entity types of legal holds and auth policies.
    static let policyEntityTypes: [StaticString] = ["user", "channel", "usergroup", "workspace"]
    /// Names of policies.
    static let policyNames: [StaticString] = [
        "Litigation 2024-17", "Regulatory hold", "Executive retention", "Contractor SSO", "Admins require SSO",
    ]
    /// Salesforce editions.
    static let salesforceEditions: [StaticString] = ["Enterprise", "Unlimited", "Professional", "Developer"]
    /// Emoji names.
    static let emojiNames: [StaticString] = ["party-parrot", "shipit", "this-is-fine", "thumbsup-all", "facepalm"]
    /// Address ranges of IP allowlists.
    static let ipRanges: [StaticString] = ["10.0.0.0/8", "192.168.0.0/16", "203.0.113.0/24", "198.51.100.0/24"]
    /// Email domains verified by the organization.
    static let domains: [StaticString] = ["acme.com", "acme-corp.io", "example.org", "subsidiary.example.com"]
    /// What an AI feature worked on.
    static let aiSources: [StaticString] = ["channel", "thread", "file", "huddle", "search", "canvas"]
    /// Names of migrations and copies.
    static let migrationStatuses: [StaticString] = ["scheduled", "started", "completed", "failed"]
    /// Labels of things flagged.
    static let flagLabels: [StaticString] = ["spam", "harassment", "sensitive_data", "off_topic"]
    /// Members of an invitation.
    static let guestDomains: [StaticString] = ["gmail.com", "partner-agency.com", "contractor.io"]
}
