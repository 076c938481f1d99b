import SlackAuditLogs

/// A deterministic random number generator (SplitMix64): the same seed always gives the same page.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A page of realistic, varied audit events, about 1 KB each, like a full `limit=9999` page from Slack.
enum SamplePage {
    static let userAgents = [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
            + "Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Slack/4.36.140 "
            + "Chrome/120.0.6099.56 Electron/28.0.0 Safari/537.36 Sonic Slack_SSB/4.36.140",
        "com.tinyspeck.chatlyio/23.11.10 (iPhone; iOS 17.1.1; Scale/3.00)",
        "Slack/23.11.10.0 (Android 14; Pixel 8)",
    ]

    static func page(entries count: Int, seed: UInt64) -> JSONValue {
        var rng = SplitMix64(seed: seed)
        let actions = AuditLogAction.knownCategories.keys.sorted()
        var entries: [JSONValue] = []
        entries.reserveCapacity(count)
        var date: Int64 = 1_700_000_000
        for number in 0..<count {
            if Int.random(in: 0..<4, using: &rng) == 0 { date -= Int64.random(in: 1...30, using: &rng) }
            let action = actions[Int.random(in: 0..<actions.count, using: &rng)]
            let user = Int.random(in: 0..<5000, using: &rng)
            entries.append(entry(number: number, date: date, action: action, user: user, rng: &rng))
        }
        return ["entries": .array(entries), "response_metadata": ["next_cursor": "dXNlcjpVMEc5V0ZYTlo+Lz0="]]
    }

    static func entry(number: Int, date: Int64, action: AuditLogAction, user: Int, rng: inout SplitMix64) -> JSONValue {
        let userID = "W0\(String(user + 100_000, radix: 36).uppercased())"
        let actor: JSONValue = [
            "type": "user",
            "user": [
                "id": .string(userID), "name": .string("user\(user)"), "email": .string("user\(user)@example.com"),
                "team": "T0123ABCD", "account_type": "user",
            ],
        ]
        let sessionID: JSONValue =
            Bool.random(using: &rng)
            ? .integer(Int64.random(in: 1_000_000_000_000...9_000_000_000_000, using: &rng))
            : .string(String(Int64.random(in: 1_000_000_000...9_000_000_000, using: &rng)))
        let context: JSONValue = [
            "location": ["type": "workspace", "id": "T0123ABCD", "name": "Acme Corp", "domain": "acme-corp"],
            "ua": .string(userAgents[Int.random(in: 0..<userAgents.count, using: &rng)]),
            "ip_address": .string(
                "203.0.\(Int.random(in: 0...255, using: &rng)).\(Int.random(in: 1...254, using: &rng))"
            ),
            "session_id": sessionID,
        ]
        let entity: JSONValue
        let details: JSONValue
        switch number % 5 {
        case 0:
            entity = [
                "type": "channel",
                "channel": [
                    "id": "C0\(user)", "name": "project-\(user)", "privacy": "public",
                    "is_shared": false, "is_org_shared": true, "teams_shared_with": ["T0123ABCD", "T0456EFGH"],
                ],
            ]
            details = ["is_internal_integration": false, "new_value": "everyone", "previous_value": ["admins"]]
        case 1:
            entity = [
                "type": "file",
                "file": [
                    "id": "F0\(user)", "name": "report-\(number).pdf", "filetype": "pdf",
                    "title": "Quarterly report \(number)",
                ],
            ]
            details = ["exporting_team_id": 1_234_567, "is_external_share": .bool(Bool.random(using: &rng))]
        case 2:
            entity = [
                "type": "app",
                "app": [
                    "id": "A0\(user)", "name": "Deploy Bot", "is_distributed": false,
                    "is_directory_approved": true, "scopes": ["channels:read", "chat:write", "users:read"],
                ],
            ]
            details = ["reason": ["approved_by_admin"], "bot_scopes": ["chat:write"], "is_workflow": false]
        case 3:
            entity = [
                "type": "user",
                "user": [
                    "id": .string(userID), "name": .string("user\(user)"),
                    "email": .string("user\(user)@example.com"), "team": "T0123ABCD",
                ],
            ]
            details = ["type": "saml", "is_suspicious": false, "succeeded_users": #"["W01","W02"]"#]
        default:
            entity = [
                "type": "workspace", "workspace": ["id": "T0123ABCD", "name": "Acme Corp", "domain": "acme-corp"],
            ]
            details = [
                "new_value": ["setting": "on", "scope": "org"], "previous_value": "off",
                "action_timestamp": .integer(date * 1000),
            ]
        }
        return [
            "id": .string(
                "\(String(number + 0x1000_0000, radix: 16))-2d4c-4b3a-9f1e-\(String(user + 0x1_0000_0000, radix: 16))"
            ),
            "date_create": .integer(date),
            "action": .string(action.rawValue),
            "actor": actor,
            "entity": entity,
            "context": context,
            "details": details,
        ]
    }
}
