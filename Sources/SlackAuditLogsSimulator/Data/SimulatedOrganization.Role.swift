extension SimulatedOrganization {
    /// An admin role.
    public struct Role: Sendable, Hashable {
        /// The ID, `Rl0…`.
        public let id: String
        /// The name, such as `Channels Admin`.
        public let name: String
        /// `system` for roles Slack defines, `custom` for others.
        public let type: String
    }
}
