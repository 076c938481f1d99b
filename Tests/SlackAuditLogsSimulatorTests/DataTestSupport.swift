import SlackAuditLogs
import SlackAuditLogsSimulator

/// Shared fixtures and helpers of the data-layer tests.
enum DataTestSupport {
    /// The bundled catalog; the tests fail when it cannot be loaded.
    static func catalog() throws -> ActionCatalog {
        try ActionCatalog.bundled()
    }

    /// A small organization, quick to make.
    static func organization(seed: UInt64 = 1) throws -> SimulatedOrganization {
        try SimulatedOrganization(seed: seed)
    }

    /// `count` events of the default span.
    static func events(
        count: Int,
        seed: UInt64 = 1,
        profile: EventRateProfile = .uniform,
        lateArrivalFraction: Double = 0
    ) throws -> (SimulatedOrganization, ActionCatalog, [SimulatedEvent]) {
        let organization = try organization(seed: seed)
        let catalog = try catalog()
        var generator = try EventGenerator(
            organization: organization,
            catalog: catalog,
            configuration: .init(
                count: count,
                seed: seed,
                rateProfile: profile,
                lateArrivalFraction: lateArrivalFraction
            )
        )
        return (organization, catalog, generator.makeEvents())
    }

    /// Every non-empty `unknownFields` reachable from `value`, by path: walks structs, classes (the models' heap
    /// storage), optionals, collections and enums' payloads with `Mirror`.
    static func unknownFields(in value: Any, path: String = "entry") -> [String] {
        var found: [String] = []
        walk(value, path: path, depth: 0, into: &found)
        return found
    }

    private static func walk(_ value: Any, path: String, depth: Int, into found: inout [String]) {
        guard depth < 40 else { return }
        if value is String || value is Int64 || value is Int || value is Bool || value is Double {
            return
        }
        let mirror = Mirror(reflecting: value)
        for (offset, child) in mirror.children.enumerated() {
            let label = child.label ?? "[\(offset)]"
            if label == "unknownFields" {
                if let fields = child.value as? JSONObject, !fields.isEmpty {
                    found.append("\(path).unknownFields: \(fields.keys.sorted())")
                }
                continue
            }
            walk(child.value, path: "\(path).\(label)", depth: depth + 1, into: &found)
        }
    }

    /// The ID the entry's entity carries for `kind` (a message's timestamp).
    static func entityID(of entity: AuditLogEntry.Entity?, kind: EntityKind) -> String? {
        guard let entity else { return nil }
        switch kind {
        case .user: return entity.user?.id
        case .channel: return entity.channel?.id
        case .file: return entity.file?.id
        case .app: return entity.app?.id
        case .workspace: return entity.workspace?.id
        case .enterprise: return entity.enterprise?.id
        case .usergroup: return entity.usergroup?.id
        case .message: return entity.message?.timestamp
        case .workflow: return entity.workflow?.id
        case .workflowV2: return entity.workflowV2?.id
        case .barrier: return entity.barrier?.id
        case .role: return entity.role?.id
        case .accountTypeRole: return entity.accountTypeRole?.id
        case .huddle: return entity.huddle?.id
        case .list: return entity.list?.id
        case .function: return entity.function?.id
        }
    }
}
