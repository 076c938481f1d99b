import SlackAuditLogs

/// Why the collector stopped: a stable ``code``, a message that says what to do, and the context.
///
/// Every message names the file involved and never contains the token.
public struct CollectorError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// A stable identifier of the kind of failure, to compare against the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The collector's configuration cannot be used (bad range, window length, worker count, query).
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// The checkpoint file exists but cannot be read or is not a checkpoint written by this collector.
        public static let checkpointCorrupt = Code("checkpointCorrupt")
        /// The checkpoint was written for another query (other actions, actor, entity or parameters).
        public static let checkpointMismatch = Code("checkpointMismatch")
        /// There is no checkpoint but the output file already holds entries: starting over would duplicate them.
        public static let checkpointMissing = Code("checkpointMissing")
        /// The output file is shorter than the checkpoint says was delivered: it was truncated, replaced or rotated.
        public static let outputShorterThanCheckpoint = Code("outputShorterThanCheckpoint")
        /// Another collector holds the checkpoint or the output: two at once would write events twice.
        public static let alreadyRunning = Code("alreadyRunning")
        /// Reading or writing the output or the checkpoint failed (permissions, disk full, …).
        public static let fileSystem = Code("fileSystem")
        /// Slack refused the token or the organization's plan (authentication, scope, authorization).
        public static let notPermitted = Code("notPermitted")
        /// Slack (or the network) kept failing after the client's retry handlers gave up.
        public static let apiFailure = Code("apiFailure")
    }

    /// The kind of failure.
    public internal(set) var code: Code
    /// What happened and what to do about it.
    public internal(set) var message: String
    /// The file involved, if any.
    public internal(set) var path: String?
    /// The API error behind ``Code/notPermitted`` and ``Code/apiFailure``.
    public internal(set) var apiError: AuditLogsError?
    /// The operating-system error number behind ``Code/fileSystem``.
    public internal(set) var errno: Int32?

    /// Creates an error. Only this package makes them, so a user cannot forge one.
    package init(
        code: Code,
        message: String,
        path: String? = nil,
        apiError: AuditLogsError? = nil,
        errno: Int32? = nil
    ) {
        self.code = code
        self.message = message
        self.path = path
        self.apiError = apiError
        self.errno = errno
    }

    public var description: String { message }

    public var debugDescription: String {
        var parts = ["CollectorError(code: \(code)", "message: \(message)"]
        if let path { parts.append("path: \(path)") }
        if let errno { parts.append("errno: \(errno)") }
        if let apiError { parts.append("apiError: \(apiError.debugDescription)") }
        return parts.joined(separator: ", ") + ")"
    }
}

extension CollectorError {
    /// The collector's reading of an API error: auth and plan problems are `notPermitted`, the rest `apiFailure`.
    init(_ error: AuditLogsError, during activity: String) {
        let permissionCodes: Set<AuditLogsError.Code> = [
            .missingAuthentication, .invalidAuthentication, .missingScope, .notAuthorized, .featureNotEnabled,
        ]
        let isPermission = permissionCodes.contains(error.code)
        self.init(
            code: isPermission ? .notPermitted : .apiFailure,
            message: "\(activity) failed: \(error.description)"
                + (isPermission
                    ? "" : " Everything delivered so far is checkpointed; run the collector again to resume."),
            apiError: error
        )
    }
}
