extension AuditLogsSimulator {
    /// How large an organization to simulate. Every count must be between 1 and 5,000,000.
    public struct OrganizationSize: Sendable, Hashable {
        /// The number of workspaces (at most 1,000).
        public var workspaces: Int
        /// The number of users.
        public var users: Int
        /// The number of conversations (channels, group DMs and DMs).
        public var channels: Int
        /// The number of files.
        public var files: Int
        /// The number of apps.
        public var apps: Int
        /// The number of Workflow Builder (legacy) workflows.
        public var workflows: Int
        /// The number of new-platform workflows.
        public var workflowsV2: Int
        /// The number of user groups.
        public var usergroups: Int
        /// The number of information barriers.
        public var barriers: Int
        /// The number of admin roles.
        public var roles: Int
        /// The number of account-type roles.
        public var accountTypeRoles: Int
        /// The number of huddles.
        public var huddles: Int
        /// The number of lists.
        public var lists: Int
        /// The number of custom functions.
        public var functions: Int
        /// The number of messages events can refer to.
        public var messages: Int
        /// The time the organization's own timestamps (messages, huddles, workflow updates) lead up to, in seconds
        /// since 1970; they fall in the 90 days before it.
        public var referenceTime: Int64

        /// The largest count of any kind.
        package static let maximumCount = 5_000_000
        /// The largest number of workspaces.
        package static let maximumWorkspaces = 1_000
        /// The range ``referenceTime`` must fall in (1973 to 2096).
        package static let referenceTimes: ClosedRange<Int64> = 100_000_000...4_000_000_000

        /// Creates a configuration; the defaults make a mid-sized organization.
        public init(
            workspaces: Int = 3,
            users: Int = 500,
            channels: Int = 300,
            files: Int = 2_000,
            apps: Int = 40,
            workflows: Int = 30,
            workflowsV2: Int = 50,
            usergroups: Int = 25,
            barriers: Int = 4,
            roles: Int = 15,
            accountTypeRoles: Int = 8,
            huddles: Int = 200,
            lists: Int = 100,
            functions: Int = 40,
            messages: Int = 3_000,
            referenceTime: Int64 = 1_735_689_600
        ) {
            self.workspaces = workspaces
            self.users = users
            self.channels = channels
            self.files = files
            self.apps = apps
            self.workflows = workflows
            self.workflowsV2 = workflowsV2
            self.usergroups = usergroups
            self.barriers = barriers
            self.roles = roles
            self.accountTypeRoles = accountTypeRoles
            self.huddles = huddles
            self.lists = lists
            self.functions = functions
            self.messages = messages
            self.referenceTime = referenceTime
        }

        /// Checks every value.
        /// - Throws: ``SimulationError`` with code ``SimulationError/Code/invalidConfiguration`` naming the first
        ///   value out of range.
        package func validate() throws(SimulationError) {
            let counts: [(String, Int)] = [
                ("users", users), ("channels", channels), ("files", files), ("apps", apps), ("workflows", workflows),
                ("workflowsV2", workflowsV2), ("usergroups", usergroups), ("barriers", barriers), ("roles", roles),
                ("accountTypeRoles", accountTypeRoles), ("huddles", huddles), ("lists", lists),
                ("functions", functions), ("messages", messages),
            ]
            guard (1...Self.maximumWorkspaces).contains(workspaces) else {
                throw .invalidConfiguration("workspaces is \(workspaces); it must be 1...\(Self.maximumWorkspaces).")
            }
            for (name, value) in counts where !(1...Self.maximumCount).contains(value) {
                throw .invalidConfiguration("\(name) is \(value); it must be 1...\(Self.maximumCount).")
            }
            guard Self.referenceTimes.contains(referenceTime) else {
                throw .invalidConfiguration("referenceTime is \(referenceTime); it must be \(Self.referenceTimes).")
            }
        }
    }
}
