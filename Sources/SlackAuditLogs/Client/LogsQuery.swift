/// The filters of a `GET logs` call. Every filter is optional; the ones that are set combine with AND.
///
/// ```swift
/// let query = LogsQuery(oldest: 1_700_000_000, actions: ["user_login", "user_logout"], limit: 1000)
/// ```
public struct LogsQuery: Sendable, Hashable {
    /// The most recent event to include, in seconds since 1970, inclusive.
    public var latest: Int64?
    /// The least recent event to include, in seconds since 1970, inclusive.
    public var oldest: Int64?
    /// How many entries to ask for per page, 1 to 9,999. Slack may return more when several events share a second.
    public var limit: Int?
    /// Action names, at most 30; sent comma-separated.
    public var actions: [String]
    /// The user ID that performed the actions.
    public var actor: String?
    /// The ID of the entity acted on (a channel, a workspace, a file, …).
    public var entity: String?
    /// Extra query parameters; they override the named ones.
    public var additionalQueryParameters: [String: String]

    /// The largest `limit` Slack accepts.
    public static let maximumLimit = 9999
    /// The most action names one call accepts.
    public static let maximumActionCount = 30

    /// Creates a query.
    public init(
        latest: Int64? = nil,
        oldest: Int64? = nil,
        actions: [String] = [],
        actor: String? = nil,
        entity: String? = nil,
        limit: Int? = nil,
        additionalQueryParameters: [String: String] = [:]
    ) {
        self.latest = latest
        self.oldest = oldest
        self.limit = limit
        self.actions = actions
        self.actor = actor
        self.entity = entity
        self.additionalQueryParameters = additionalQueryParameters
    }

    /// Checks the filters the way Slack would, so that a mistake fails at once with a clear message.
    public func validate() throws(AuditLogsError) {
        func invalid(_ message: String) -> AuditLogsError {
            AuditLogsError(code: .invalidArgument, message: message)
        }
        if let limit, !(1...Self.maximumLimit).contains(limit) {
            throw invalid("limit is \(limit), but it must be between 1 and \(Self.maximumLimit).")
        }
        if let oldest, oldest < 0 {
            throw invalid("oldest is \(oldest), but timestamps are seconds since 1970 and cannot be negative.")
        }
        if let latest, latest < 0 {
            throw invalid("latest is \(latest), but timestamps are seconds since 1970 and cannot be negative.")
        }
        if let oldest, let latest, oldest > latest {
            throw invalid("oldest (\(oldest)) is after latest (\(latest)); swap them. Both bounds are inclusive.")
        }
        if actions.count > Self.maximumActionCount {
            throw invalid(
                "\(actions.count) actions were given, but one call accepts at most \(Self.maximumActionCount); "
                    + "split them over several calls."
            )
        }
        if let bad = actions.first(where: { !Self.isActionName($0) }) {
            let shown = bad.count > 60 ? String(bad.prefix(60)) + "… (\(bad.count) characters)" : bad
            throw invalid(
                "\"\(shown)\" is not an action name: names are 1 to \(Self.maximumActionNameLength) letters, digits, "
                    + "underscores and dots, such as user_login or pref.sso_setting_changed; give one name per item."
            )
        }
        // IDs are checked only as far as keeps messages and URLs bounded: Slack answers the rest.
        for (name, value) in [("actor", actor), ("entity", entity)] {
            guard let value else { continue }
            guard !value.isEmpty, value.utf8.count <= 256, !value.unicodeScalars.contains(where: { $0.value < 0x20 })
            else {
                let shown = value.count > 60 ? String(value.prefix(60)) + "…" : value
                throw invalid(
                    "\(name) \"\(shown.debugDescription.dropFirst().dropLast())\" is not a Slack ID: give 1 to 256 "
                        + "characters without line breaks, such as W0123ABCD."
                )
            }
        }
    }

    /// The longest action name accepted; Slack's are under 80 characters.
    static let maximumActionNameLength = 100

    /// Whether `name` can be an action name: what Slack's `/actions` lists is ASCII letters, digits, `_` and `.`.
    static func isActionName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= maximumActionNameLength
            && name.unicodeScalars.allSatisfy { isIDCharacter($0) && $0 != "-" || $0 == "." }
    }

    /// ASCII letters, digits, `_` and `-`.
    private static func isIDCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar == "_" || scalar == "-"
    }

    /// The query parameters, without the cursor.
    public var queryParameters: [String: String] {
        var parameters: [String: String] = [:]
        if let latest { parameters["latest"] = String(latest) }
        if let oldest { parameters["oldest"] = String(oldest) }
        if let limit { parameters["limit"] = String(limit) }
        if !actions.isEmpty { parameters["action"] = actions.joined(separator: ",") }
        if let actor { parameters["actor"] = actor }
        if let entity { parameters["entity"] = entity }
        parameters.merge(additionalQueryParameters) { _, additional in additional }
        return parameters
    }
}
