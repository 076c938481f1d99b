extension EntityKind {
    /// The kind's position in ``allCases``, for tables indexed by kind.
    var ordinal: Int {
        switch self {
        case .user: 0
        case .channel: 1
        case .file: 2
        case .app: 3
        case .workspace: 4
        case .enterprise: 5
        case .usergroup: 6
        case .message: 7
        case .workflow: 8
        case .workflowV2: 9
        case .barrier: 10
        case .role: 11
        case .accountTypeRole: 12
        case .huddle: 13
        case .list: 14
        case .function: 15
        }
    }
}

extension EntityKind {
    /// The `entity` member that holds the object: the raw value, as a literal.
    var jsonKey: StaticString {
        switch self {
        case .user: "user"
        case .channel: "channel"
        case .file: "file"
        case .app: "app"
        case .workspace: "workspace"
        case .enterprise: "enterprise"
        case .usergroup: "usergroup"
        case .message: "message"
        case .workflow: "workflow"
        case .workflowV2: "workflow_v2"
        case .barrier: "barrier"
        case .role: "role"
        case .accountTypeRole: "account_type_role"
        case .huddle: "huddle"
        case .list: "list"
        case .function: "function"
        }
    }
}
