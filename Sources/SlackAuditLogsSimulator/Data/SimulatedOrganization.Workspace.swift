extension SimulatedOrganization {
    /// A workspace of the organization.
    public struct Workspace: Sendable, Hashable {
        /// The ID, `T0…`.
        public let id: String
        /// The workspace's name.
        public let name: String
        /// The workspace's Slack domain.
        public let domain: String
    }
}
