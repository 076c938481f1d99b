extension SimulatedOrganization {
    /// A conversation: a channel, a group DM or a DM.
    public struct Channel: Sendable, Hashable {
        /// The ID, `C0…`.
        public let id: String
        /// The name, such as `proj-apollo`.
        public let name: String
        /// `public`, `private`, `mpim` or `im`.
        public let privacy: String
        /// The index of the workspace the channel belongs to in ``SimulatedOrganization/workspaces``.
        public let workspace: Int
        /// Whether the channel is shared with another organization (Slack Connect).
        public let isShared: Bool
        /// Whether the channel is shared between several workspaces of the organization.
        public let isOrgShared: Bool
        /// Whether the channel is connected to a Salesforce record.
        public let isSalesforceChannel: Bool
        /// The IDs of the teams the channel is shared with; empty when not shared.
        public let teamsSharedWith: [String]
        /// For some shared channels, the channel it was first connected as.
        public let originalConnectedChannelID: String?
    }
}
