extension SimulatedOrganization {
    /// An admin role.
    package struct Role: Sendable, Hashable {
        /// The ID, `Rl0…`.
        package let id: String
        /// The name, such as `Channels Admin`.
        package let name: String
        /// `system` for roles Slack defines, `custom` for others.
        package let type: String
    }
}
