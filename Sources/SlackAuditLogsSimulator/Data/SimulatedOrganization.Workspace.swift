extension SimulatedOrganization {
    /// A workspace of the organization.
    package struct Workspace: Sendable, Hashable {
        /// The ID, `T0…`.
        package let id: String
        /// The workspace's name.
        package let name: String
        /// The workspace's Slack domain.
        package let domain: String
    }
}
