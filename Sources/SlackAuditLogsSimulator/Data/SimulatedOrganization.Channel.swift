extension SimulatedOrganization {
    /// A conversation: a channel, a group DM or a DM.
    package struct Channel: Sendable, Hashable {
        /// The ID, `C0…`.
        package let id: String
        /// The name, such as `proj-apollo`.
        package let name: String
        /// `public`, `private`, `mpim` or `im`.
        package let privacy: String
        /// The index of the workspace the channel belongs to in ``SimulatedOrganization/workspaces``.
        package let workspace: Int
        /// Whether the channel is shared with another organization (Slack Connect).
        package let isShared: Bool
        /// Whether the channel is shared between several workspaces of the organization.
        package let isOrgShared: Bool
        /// Whether the channel is connected to a Salesforce record.
        package let isSalesforceChannel: Bool
        /// The IDs of the teams the channel is shared with; empty when not shared.
        package let teamsSharedWith: [String]
        /// For some shared channels, the channel it was first connected as.
        package let originalConnectedChannelID: String?
    }
}
